using System.Diagnostics;
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
        : this(SortById(markets), limits ?? new EngineLimits(), matching: null, lastSequence: 0, lastTimestamp: 0)
    {
    }

    private EngineState(InstrumentSpec[] markets, EngineLimits limits, MatchingEngine? matching, long lastSequence, long lastTimestamp)
    {
        Markets = markets;
        Limits = limits;
        Matching = matching ?? new MatchingEngine(markets, limits.MaxRestingOrdersPerBook, limits.InitialCapacityPerBook);
        LastSequence = lastSequence;
        LastTimestamp = lastTimestamp;
        var books = new OrderBook[markets.Length];
        var fingerprints = new Hash256[markets.Length];
        for (var i = 0; i < markets.Length; i++)
        {
            books[i] = Matching.TryGetBook(markets[i].Id, out var book) ? book : throw new UnreachableException("a listed market has no book");
            fingerprints[i] = SpecFingerprint.Compute(markets[i]);
        }

        Books = books;
        SpecFingerprints = fingerprints;
    }

    /// <summary>The listed instruments, by id.</summary>
    public IReadOnlyList<InstrumentSpec> Markets { get; }

    public EngineLimits Limits { get; }

    public MatchingEngine Matching { get; }

    /// <summary>The sequence of the last applied command; 0 before the first (sequences start at 1).</summary>
    public long LastSequence { get; private set; }

    /// <summary>The sequencer timestamp of the last applied command (µs since the Unix epoch).</summary>
    public long LastTimestamp { get; private set; }

    /// <summary>The books, aligned with <see cref="Markets"/>.</summary>
    internal IReadOnlyList<OrderBook> Books { get; }

    /// <summary>Each market's <see cref="SpecFingerprint"/>, aligned with <see cref="Markets"/>.</summary>
    internal IReadOnlyList<Hash256> SpecFingerprints { get; }

    /// <summary>
    /// Rebuilds an engine from captured data (what <see cref="EngineStateCodec.Decode"/> reads). Every listed
    /// market needs exactly one book state; a position or book no engine could have reached is refused with
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static EngineState Restore(
        IReadOnlyList<InstrumentSpec> markets,
        EngineLimits? limits,
        long lastSequence,
        long lastTimestamp,
        IReadOnlyList<BookState> books)
    {
        ArgumentNullException.ThrowIfNull(books);
        if (lastSequence < 0 || lastTimestamp < 0 || (lastSequence == 0 && lastTimestamp != 0))
        {
            throw new InvalidDataException($"sequence {lastSequence} at timestamp {lastTimestamp} is not a position any engine reaches");
        }

        var sorted = SortById(markets);
        limits ??= new EngineLimits();
        var matching = MatchingEngine.Restore(sorted, books, limits.MaxRestingOrdersPerBook, limits.InitialCapacityPerBook);
        return new EngineState(sorted, limits, matching, lastSequence, lastTimestamp);
    }

    /// <summary>Every market's book as plain data, by instrument id (the inverse of <see cref="Restore"/>).</summary>
    public IReadOnlyList<BookState> CaptureBooks()
    {
        var states = new BookState[Books.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = Books[i].CaptureState();
        }

        return states;
    }

    /// <summary>The state's Merkle digest (<see cref="StateHash"/>): one pass over every resting order.</summary>
    public StateHash ComputeStateHash() => StateHash.Compute(this);

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

    internal static InstrumentSpec[] SortById(IReadOnlyList<InstrumentSpec> markets)
    {
        ArgumentNullException.ThrowIfNull(markets);
        return [.. markets.OrderBy(m => m.Id.Value)];
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
