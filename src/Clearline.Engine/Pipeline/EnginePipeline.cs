using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Sequencing;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;

namespace Clearline.Engine.Pipeline;

/// <summary>
/// The venue's write path, LMAX style: producers on any thread → sequencer (sequence number, timestamp,
/// journal, group commit) → engine (the single writer of <see cref="EngineState"/>) → publisher (events to
/// downstream consumers, then acknowledgements). Stages hand work on through one pre-allocated ring and
/// run in parallel on successive batches, so an fsync overlaps the processing of the batch before it.
/// </summary>
/// <remarks>
/// A command is applied only after it is durable, so the engine never holds state the journal lacks, and
/// acknowledged means durable and processed. A full ring refuses new commands
/// (<see cref="CommandOutcome.Overloaded"/>) instead of queueing without bound. A journal or engine failure
/// stops the pipeline: every command not yet acknowledged is completed as
/// <see cref="CommandOutcome.Unavailable"/>; those that reached the journal are applied at the next recovery.
/// </remarks>
public sealed partial class EnginePipeline : IDisposable
{
    private readonly EngineState _state;
    private readonly JournalWriter _journal;
    private readonly IClock _clock;
    private readonly IEngineEventConsumer? _consumer;
    private readonly int _maxBatch;
    private readonly SnapshotPolicy? _snapshots;
    private readonly CommandRing _ring;
    private readonly EventRing _events;
    private readonly Doorbell _sequencerBell = new();
    private readonly Doorbell _engineBell = new();
    private readonly Doorbell _publisherBell = new();
    private readonly PendingCommandPool _pending = new();
    private readonly Thread _sequencer;
    private readonly Thread _engine;
    private readonly Thread _publisher;

    /// <summary>The sequence of ring position 0.</summary>
    private readonly long _firstSequence;

    private long _durable;
    private long _processed;
    private volatile bool _sequencerDone;
    private volatile bool _engineDone;
    private Exception? _fault;
    private long _lastSnapshot;
    private Task _snapshotWrite = Task.CompletedTask;

    /// <param name="state">The recovered state; the pipeline's engine thread owns it from now on.</param>
    /// <param name="journal">Positioned one past the state's last sequence; the pipeline owns and disposes it.</param>
    /// <param name="clock">The sequencer's time source.</param>
    /// <param name="consumer">Receives every event, or null when nothing downstream listens.</param>
    /// <param name="options">Ring sizes and the largest group commit.</param>
    public EnginePipeline(EngineState state, JournalWriter journal, IClock clock, IEngineEventConsumer? consumer = null, PipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(clock);
        if (journal.NextSequence != state.LastSequence + 1)
        {
            throw new ArgumentException($"the journal continues at sequence {journal.NextSequence} but the state ends at {state.LastSequence}", nameof(journal));
        }

        options ??= new PipelineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _state = state;
        _journal = journal;
        _clock = clock;
        _consumer = consumer;
        _maxBatch = options.MaxBatch;
        _snapshots = options.Snapshots;
        _lastSnapshot = state.LastSequence;
        _ring = new CommandRing(options.RingCapacity);
        _events = new EventRing(options.EventRingCapacity, _publisherBell);
        _firstSequence = journal.NextSequence;
        _sequencer = StartThread("clearline-sequencer", RunSequencer);
        _engine = StartThread("clearline-engine", RunEngine);
        _publisher = StartThread("clearline-publisher", RunPublisher);
    }

    /// <summary>Why the pipeline stopped, when it failed; null while it runs or after a clean stop.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Why the last background snapshot failed (the journal still holds everything); null when it succeeded.</summary>
    public Exception? SnapshotError { get; private set; }

    /// <summary>The last sequence made durable.</summary>
    public long DurableSequence => _firstSequence + Volatile.Read(ref _durable) - 1;

    public SubmitStatus TrySubmit(in NewOrder command, ICommandCompletion? completion = null, long tag = 0)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return TrySubmit(bytes[..CommandCodec.Encode(command, bytes)], completion, tag);
    }

    public SubmitStatus TrySubmit(in AmendOrder command, ICommandCompletion? completion = null, long tag = 0)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return TrySubmit(bytes[..CommandCodec.Encode(command, bytes)], completion, tag);
    }

    public SubmitStatus TrySubmit(in CancelOrder command, ICommandCompletion? completion = null, long tag = 0)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return TrySubmit(bytes[..CommandCodec.Encode(command, bytes)], completion, tag);
    }

    public SubmitStatus TrySubmit(in CancelAllOrders command, ICommandCompletion? completion = null, long tag = 0)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return TrySubmit(bytes[..CommandCodec.Encode(command, bytes)], completion, tag);
    }

    /// <summary>Completes once the command is durable and processed, or at once when it cannot be taken.</summary>
    public ValueTask<CommandResult> SubmitAsync(in NewOrder command)
    {
        var pending = _pending.Rent();
        return Await(TrySubmit(command, pending), pending);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in AmendOrder command)
    {
        var pending = _pending.Rent();
        return Await(TrySubmit(command, pending), pending);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in CancelOrder command)
    {
        var pending = _pending.Rent();
        return Await(TrySubmit(command, pending), pending);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in CancelAllOrders command)
    {
        var pending = _pending.Rent();
        return Await(TrySubmit(command, pending), pending);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in Deposit command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in IndexQuote command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in PriceTick command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in SetIsolatedMargin command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in SetMarginModel command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in SetTradingHalt command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in SetVolatilitySurface command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in ListOption command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <inheritdoc cref="SubmitAsync(in NewOrder)"/>
    public ValueTask<CommandResult> SubmitAsync(in DelistOption command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        return SubmitAsync(bytes[..CommandCodec.Encode(command, bytes)]);
    }

    /// <summary>
    /// Stops taking commands, lets every command already taken finish (journal, engine, acknowledgement),
    /// then stops the threads and closes the journal. The state is then the caller's again.
    /// </summary>
    public void Dispose()
    {
        _ring.Close();
        _sequencerBell.Ring();
        _sequencer.Join();
        _engine.Join();
        _publisher.Join();
        _snapshotWrite.Wait();
        _journal.Dispose();
        _events.Dispose();
        _sequencerBell.Dispose();
        _engineBell.Dispose();
        _publisherBell.Dispose();
    }

    private SubmitStatus TrySubmit(ReadOnlySpan<byte> command, ICommandCompletion? completion, long tag)
    {
        if (!_ring.TryClaim(out var position, out var closed))
        {
            return closed ? SubmitStatus.Unavailable : SubmitStatus.Overloaded;
        }

        ref var slot = ref _ring[position];
        command.CopyTo(slot.Command);
        slot.Length = (byte)command.Length;
        slot.Completion = completion;
        slot.Tag = tag;
        _ring.Publish(position);
        _sequencerBell.Ring();
        return SubmitStatus.Queued;
    }

    private ValueTask<CommandResult> SubmitAsync(ReadOnlySpan<byte> command)
    {
        var pending = _pending.Rent();
        return Await(TrySubmit(command, pending, 0), pending);
    }

    private ValueTask<CommandResult> Await(SubmitStatus status, PendingCommand pending)
    {
        if (status == SubmitStatus.Queued)
        {
            return pending.Task;
        }

        _pending.Return(pending);
        return ValueTask.FromResult(status == SubmitStatus.Overloaded ? CommandResult.Overloaded : CommandResult.Unavailable);
    }

    private static Thread StartThread(string name, ThreadStart loop)
    {
        var thread = new Thread(loop) { Name = name, IsBackground = true };
        thread.Start();
        return thread;
    }

    /// <summary>Records the first failure and closes the ring; the stages then wind down.</summary>
    private void Fail(Exception exception)
    {
        Interlocked.CompareExchange(ref _fault, exception, null);
        _ring.Close();
        _sequencerBell.Ring();
        _engineBell.Ring();
        _publisherBell.Ring();
    }
}

public enum SubmitStatus : byte
{
    /// <summary>Taken: the completion will be told the result.</summary>
    Queued,

    /// <summary>Refused: the pipeline is full. Retry later.</summary>
    Overloaded,

    /// <summary>Refused: the pipeline is stopped or failed.</summary>
    Unavailable,
}
