namespace Clearline.Engine.Pipeline;

/// <summary>
/// Events from the engine thread to the publisher thread: a pre-allocated ring with one writer and one
/// reader. The engine waits when it is full (a slow consumer slows the engine rather than growing memory);
/// the publisher may consume a command's events before the command is finished, so a command with more
/// events than the ring holds cannot deadlock.
/// </summary>
internal sealed class EventRing(int capacity, Doorbell publisherBell) : IDisposable
{
    private readonly EngineEvent[] _events = int.IsPow2(capacity) && capacity >= 2
        ? new EngineEvent[capacity]
        : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the event ring capacity must be a power of two, at least 2");

    private readonly Doorbell _spaceBell = new();
    private long _written;
    private long _published;
    private long _consumed;

    /// <summary>Events below this have been handed to the consumer.</summary>
    public long Consumed => _consumed;

    /// <summary>Events below this are readable by the publisher.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Engine thread only.</summary>
    public void Write(in EngineEvent e)
    {
        if (_written - Volatile.Read(ref _consumed) == _events.Length)
        {
            Publish();
            _spaceBell.WaitUntil(this, static ring => ring._written - Volatile.Read(ref ring._consumed) < ring._events.Length);
        }

        _events[_written & (_events.Length - 1)] = e;
        _written++;
    }

    /// <summary>Engine thread: makes everything written so far visible to the publisher and wakes it.</summary>
    public void Publish()
    {
        Volatile.Write(ref _published, _written);
        publisherBell.Ring();
    }

    /// <summary>Publisher thread: hands events [consumed, <paramref name="end"/>) to the consumer (null: drops them) and frees their space.</summary>
    public void Drain(long end, IEngineEventConsumer? consumer)
    {
        var start = _consumed;
        while (consumer is not null && start < end)
        {
            var offset = (int)(start & (_events.Length - 1));
            var count = (int)Math.Min(end - start, _events.Length - offset);
            consumer.OnEvents(_events.AsSpan(offset, count));
            start += count;
        }

        Volatile.Write(ref _consumed, end);
        _spaceBell.Ring();
    }

    public void Dispose() => _spaceBell.Dispose();
}
