using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Matching;
using Clearline.Sequencing.Codecs;

namespace Clearline.Engine;

/// <summary>
/// The deterministic state machine: everything the engine knows, changed only by <see cref="Apply"/> with
/// sequenced commands in their binary form. The live pipeline and every replay go through this one
/// method, so they cannot disagree. Single-threaded: only the engine thread touches it.
/// </summary>
public sealed class EngineState
{
    /// <param name="markets">The listed instruments (configuration, not state: replays need the same list).</param>
    /// <param name="limits">Per-book capacity.</param>
    public EngineState(IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(markets);
        Markets = [.. markets.OrderBy(m => m.Id.Value)];
        Limits = limits ?? new EngineLimits();
        Matching = new MatchingEngine(Markets, Limits.MaxRestingOrdersPerBook, Limits.InitialCapacityPerBook);
    }

    /// <summary>The listed instruments, by id.</summary>
    public IReadOnlyList<InstrumentSpec> Markets { get; }

    public EngineLimits Limits { get; }

    public MatchingEngine Matching { get; }

    /// <summary>The sequence of the last applied command; 0 before the first (sequences start at 1).</summary>
    public long LastSequence { get; private set; }

    /// <summary>The sequencer timestamp of the last applied command (µs since the Unix epoch).</summary>
    public long LastTimestamp { get; private set; }

    /// <summary>
    /// Applies one sequenced command. Sequences must follow on from <see cref="LastSequence"/> by one and
    /// timestamps never go back; the bytes must be a <see cref="CommandCodec"/> command. Breaking either is
    /// a broken journal or pipeline, not bad user input, so it throws and changes nothing.
    /// </summary>
    public void Apply<TSink>(long sequence, long timestamp, ReadOnlySpan<byte> command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"sequence {sequence} does not follow {LastSequence}");
        }

        if (timestamp < LastTimestamp)
        {
            throw new InvalidOperationException($"timestamp {timestamp} at sequence {sequence} is before {LastTimestamp}");
        }

        var visitor = new Dispatch<TSink>(Matching, ref sink);
        if (!CommandCodec.TryDecode(command, ref visitor, out var error))
        {
            throw new InvalidOperationException($"sequence {sequence} is not a command: {error}");
        }

        LastSequence = sequence;
        LastTimestamp = timestamp;
    }

    /// <summary>Routes a decoded command to the books, with the caller's sink held by reference.</summary>
    private ref struct Dispatch<TSink>(MatchingEngine matching, ref TSink sink) : ICommandVisitor
        where TSink : struct, IMatchingEventSink
    {
        private ref TSink _sink = ref sink;

        public void NewOrder(in NewOrder command) => matching.Submit(command, ref _sink);

        public void AmendOrder(in AmendOrder command) => matching.Amend(command, ref _sink);

        public void CancelOrder(in CancelOrder command) => matching.Cancel(command, ref _sink);

        public void CancelAllOrders(in CancelAllOrders command) => matching.CancelAll(command, ref _sink);
    }
}

/// <summary>Capacity of the engine's books.</summary>
public sealed record EngineLimits(
    int MaxRestingOrdersPerBook = OrderBook.DefaultMaxRestingOrders,
    int InitialCapacityPerBook = OrderBook.DefaultInitialCapacity);
