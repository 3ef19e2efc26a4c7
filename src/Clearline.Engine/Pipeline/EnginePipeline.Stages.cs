using Clearline.Clearing;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;

namespace Clearline.Engine.Pipeline;

public sealed partial class EnginePipeline
{
    /// <summary>Sequencer thread: ring positions below this are journaled (its own cursor; <see cref="_durable"/> publishes it).</summary>
    private long _sequenced;

    /// <summary>Publisher thread: ring positions below this are acknowledged.</summary>
    private long _acknowledged;

    /// <summary>
    /// Stamps each published command with the sequencer's time (read once per batch and never moving back),
    /// journals the batch and commits it (one write, one fsync), then hands the durable range to the engine.
    /// </summary>
    private void RunSequencer()
    {
        var lastTimestamp = _state.LastTimestamp;
        Span<byte> record = stackalloc byte[CommandRecord.MaxSize];
        try
        {
            while (true)
            {
                _sequencerBell.WaitUntil(this, static p => p._ring.IsPublished(p._sequenced) || p.IsDrained(p._sequenced) || p.Fault is not null);
                if (Fault is not null || !_ring.IsPublished(_sequenced))
                {
                    return;
                }

                var timestamp = Math.Max(_clock.UtcNowMicroseconds(), lastTimestamp);
                lastTimestamp = timestamp;
                var end = _sequenced;
                while (end - _sequenced < _maxBatch && _ring.IsPublished(end))
                {
                    ref var slot = ref _ring[end];
                    slot.Timestamp = timestamp;
                    var length = CommandRecord.Write(record, timestamp, ((ReadOnlySpan<byte>)slot.Command)[..slot.Length]);
                    _journal.Append(_firstSequence + end, record[..length]);
                    end++;
                }

                _journal.Commit();
                _sequenced = end;
                Volatile.Write(ref _durable, end);
                _engineBell.Ring();
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            _sequencerDone = true;
            _engineBell.Ring();
        }
    }

    /// <summary>True once the ring is closed and every claimed position is below <paramref name="position"/>.</summary>
    private bool IsDrained(long position) => _ring.IsClosed && _ring.Claimed == position;

    /// <summary>The single writer: applies durable commands in sequence and records each one's outcome in its slot.</summary>
    private void RunEngine()
    {
        var sink = new EngineSink(_consumer is null ? null : _events);
        try
        {
            while (true)
            {
                _engineBell.WaitUntil(this, static p => Volatile.Read(ref p._durable) > p._processed || p._sequencerDone);
                var done = _sequencerDone;
                var durable = Volatile.Read(ref _durable);
                for (var position = _processed; position < durable; position++)
                {
                    ref var slot = ref _ring[position];
                    sink.Begin(_firstSequence + position, slot.Timestamp);
                    _state.Apply(sink.Sequence, sink.Timestamp, ((ReadOnlySpan<byte>)slot.Command)[..slot.Length], ref sink);
                    slot.Outcome = sink.Rejection is null ? CommandOutcome.Accepted : CommandOutcome.Rejected;
                    slot.Reason = sink.Rejection ?? default;
                }

                _events.Publish();
                Volatile.Write(ref _processed, durable);
                _publisherBell.Ring();
                SnapshotIfDue();
                if (done && durable == Volatile.Read(ref _durable))
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            _engineDone = true;
            _publisherBell.Ring();
        }
    }

    /// <summary>Engine thread, at a command boundary: copies the state and writes it in the background.</summary>
    private void SnapshotIfDue()
    {
        if (_snapshots is null || _state.LastSequence - _lastSnapshot < _snapshots.Every || !_snapshotWrite.IsCompleted)
        {
            return;
        }

        var captured = new CapturedState(_state);
        _lastSnapshot = captured.Sequence;
        var data = _snapshots.Data;
        _snapshotWrite = Task.Run(() =>
        {
            try
            {
                Storage.Snapshots.Write(data, captured.Rebuild());
                SnapshotError = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SnapshotError = e;
            }
        });
    }

    /// <summary>
    /// Delivers events to the consumer, then acknowledges processed commands in order and frees their slots.
    /// After a failure, answers every command that was taken but never processed.
    /// </summary>
    private void RunPublisher()
    {
        while (true)
        {
            _publisherBell.WaitUntil(this, static p => Volatile.Read(ref p._processed) > p._acknowledged || p._events.Published > p._events.Consumed || p._engineDone);
            var done = _engineDone;
            var processed = Volatile.Read(ref _processed);
            Deliver(_events.Published);
            for (var position = _acknowledged; position < processed; position++)
            {
                ref var slot = ref _ring[position];
                Acknowledge(ref slot, new CommandResult(_firstSequence + position, slot.Timestamp, slot.Outcome, slot.Reason));
            }

            _acknowledged = processed;
            _ring.Release(processed);
            if (done)
            {
                break;
            }
        }

        // Left only when a failure stopped the stages early: taken, but no result will ever come.
        var claimed = _ring.Claimed;
        for (var position = _acknowledged; position < claimed; position++)
        {
            var spinner = default(SpinWait);
            while (!_ring.IsPublished(position))
            {
                spinner.SpinOnce();
            }

            Acknowledge(ref _ring[position], CommandResult.Unavailable);
        }

        _ring.Release(claimed);
    }

    private void Deliver(long published)
    {
        try
        {
            _events.Drain(published, Fault is null ? _consumer : null);
        }
        catch (Exception e)
        {
            Fail(e);
            _events.Drain(published, null);
        }
    }

    private void Acknowledge(ref CommandSlot slot, in CommandResult result)
    {
        var completion = slot.Completion;
        slot.Completion = null;
        try
        {
            completion?.Complete(slot.Tag, result);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>The engine thread's view of one command's events: its outcome, and the events for downstream.</summary>
    private struct EngineSink(EventRing? events) : IVenueEventSink
    {
        public long Sequence;
        public long Timestamp;
        public RejectReason? Rejection;

        public void Begin(long sequence, long timestamp)
        {
            Sequence = sequence;
            Timestamp = timestamp;
            Rejection = null;
        }

        public void OnAccepted(in OrderAccepted e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnRejected(in CommandRejected e)
        {
            Rejection = e.Reason;
            events?.Write(new EngineEvent(Sequence, Timestamp, e));
        }

        public void OnTrade(in Trade e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnCancelled(in OrderCancelled e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnAmended(in OrderAmended e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnLevelChanged(in BookLevelChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnBalanceChanged(in BalanceChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnPositionChanged(in PositionChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnMarkPriceChanged(in MarkPriceChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnLiquidationChanged(in LiquidationChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnTradingPhaseChanged(in TradingPhaseChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));

        public void OnPortfolioMarginChanged(in PortfolioMarginChanged e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));
        public void OnOptionListed(in OptionListed e) => events?.Write(new EngineEvent(Sequence, Timestamp, e));
    }
}
