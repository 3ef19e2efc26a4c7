using System.Diagnostics;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Clearing;
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
    private readonly List<InstrumentSpec> _markets = [];
    private readonly List<OrderBook> _books = [];
    private readonly List<Hash256> _fingerprints = [];

    /// <param name="markets">The listed instruments (configuration, not state: replays need the same list).</param>
    /// <param name="limits">Per-book capacity.</param>
    /// <param name="clearing">
    /// Accounts, collateral, prices and pre-trade margin checks; without it the engine is a bare matching engine
    /// (orders go straight to the books, account and price commands are refused), as the matching benchmarks use it.
    /// </param>
    public EngineState(IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits = null, ClearingConfig? clearing = null)
        : this(SortById(markets), markets: null, limits ?? new EngineLimits(), matching: null, lastSequence: 0, lastTimestamp: 0, clearing, clearingState: null)
    {
    }

    /// <summary>Over <paramref name="configured"/> markets and <paramref name="markets"/>, those and the options the clearing state lists (null: none), all by id.</summary>
    private EngineState(InstrumentSpec[] configured, InstrumentSpec[]? markets, EngineLimits limits, MatchingEngine? matching, long lastSequence, long lastTimestamp, ClearingConfig? clearing, ClearingState? clearingState)
    {
        ConfiguredMarkets = configured;
        markets ??= configured;
        Limits = limits;
        Matching = matching ?? new MatchingEngine(markets, limits.MaxRestingOrdersPerBook, limits.InitialCapacityPerBook);
        LastSequence = lastSequence;
        LastTimestamp = lastTimestamp;
        foreach (var spec in markets)
        {
            AddMarket(spec, Matching.TryGetBook(spec.Id, out var book) ? book : throw new UnreachableException("a listed market has no book"));
        }

        if (clearing is not null)
        {
            Clearing = clearingState is null ? new Clearinghouse(_books, clearing) : Clearinghouse.Restore(_books, clearing, clearingState);
            ClearingFingerprint = Engine.ClearingFingerprint.Compute(clearing);
        }
        else if (clearingState is not null)
        {
            throw new InvalidDataException("the state holds clearing data but the engine is configured without clearing");
        }
    }

    /// <summary>The listed instruments, by id: the configured ones, then any listed by command (delisted ones included).</summary>
    public IReadOnlyList<InstrumentSpec> Markets => _markets;

    /// <summary>The configured instruments (<c>markets.json</c>), by id: what a restore is given, the options listed by command being derived from the state.</summary>
    public IReadOnlyList<InstrumentSpec> ConfiguredMarkets { get; }

    public EngineLimits Limits { get; }

    public MatchingEngine Matching { get; }

    /// <summary>Accounts, positions and prices; null for a bare matching engine.</summary>
    public Clearinghouse? Clearing { get; }

    /// <summary>The sequence of the last applied command; 0 before the first (sequences start at 1).</summary>
    public long LastSequence { get; private set; }

    /// <summary>The sequencer timestamp of the last applied command (µs since the Unix epoch).</summary>
    public long LastTimestamp { get; private set; }

    /// <summary>The books, aligned with <see cref="Markets"/>.</summary>
    internal IReadOnlyList<OrderBook> Books => _books;

    /// <summary>Each market's <see cref="SpecFingerprint"/>, aligned with <see cref="Markets"/>.</summary>
    internal IReadOnlyList<Hash256> SpecFingerprints => _fingerprints;

    /// <summary>The clearing configuration's <see cref="Engine.ClearingFingerprint"/>; default without clearing.</summary>
    internal Hash256 ClearingFingerprint { get; }

    /// <summary>
    /// The configured markets and, in ascending id after them, the options <paramref name="clearingState"/> lists
    /// (<see cref="OptionListing"/>): every market an engine restored from that state holds.
    /// </summary>
    internal static InstrumentSpec[] WithListings(InstrumentSpec[] configured, ClearingConfig? clearing, ClearingState? clearingState)
    {
        if (clearing is null || clearingState is null || clearingState.Listings.Count == 0)
        {
            return configured;
        }

        var markets = new List<InstrumentSpec>(configured);
        foreach (var listed in clearingState.Listings)
        {
            var derived = OptionListing.Derive(configured, clearing, listed.Listing, listed.Instrument, out var reason)
                ?? throw new InvalidDataException($"listed option {listed.Instrument} does not follow from the configuration: {reason}");
            if (markets[^1].Id.Value >= listed.Instrument.Value)
            {
                throw new InvalidDataException($"listed option {listed.Instrument} is not above every other instrument id");
            }

            markets.Add(derived.Spec);
        }

        return [.. markets];
    }

    /// <summary>
    /// Rebuilds an engine from captured data (what <see cref="EngineStateCodec.Decode"/> reads) under the configured
    /// <paramref name="markets"/>; the options the clearing state lists are derived from it. Every market needs exactly
    /// one book state; a position or book no engine could have reached is refused with
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static EngineState Restore(
        IReadOnlyList<InstrumentSpec> markets,
        EngineLimits? limits,
        long lastSequence,
        long lastTimestamp,
        IReadOnlyList<BookState> books,
        ClearingConfig? clearing = null,
        ClearingState? clearingState = null)
    {
        ArgumentNullException.ThrowIfNull(books);
        if (lastSequence < 0 || lastTimestamp < 0 || (lastSequence == 0 && lastTimestamp != 0))
        {
            throw new InvalidDataException($"sequence {lastSequence} at timestamp {lastTimestamp} is not a position any engine reaches");
        }

        var configured = SortById(markets);
        var sorted = WithListings(configured, clearing, clearingState);
        limits ??= new EngineLimits();
        var matching = MatchingEngine.Restore(sorted, books, limits.MaxRestingOrdersPerBook, limits.InitialCapacityPerBook);
        if (clearing is not null && clearingState is null)
        {
            throw new ArgumentException("an engine with clearing is restored with its clearing state", nameof(clearingState));
        }

        return new EngineState(configured, sorted, limits, matching, lastSequence, lastTimestamp, clearing, clearingState);
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
        where TSink : struct, IVenueEventSink
    {
        if (sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"sequence {sequence} does not follow {LastSequence}");
        }

        if (timestamp < LastTimestamp)
        {
            throw new InvalidOperationException($"timestamp {timestamp} at sequence {sequence} is before {LastTimestamp}");
        }

        var visitor = new Dispatch<TSink>(this, sequence, timestamp, ref sink);
        if (!CommandCodec.TryDecode(command, ref visitor, out var error))
        {
            throw new InvalidOperationException($"sequence {sequence} is not a command: {error}");
        }

        LastSequence = sequence;
        LastTimestamp = timestamp;
    }

    /// <summary>
    /// The id the engine gives a <see cref="Domain.Orders.NewOrder"/> sent with id 0 (venues whose clients never choose
    /// ids, as on Deribit): the first of its command's block (<see cref="OrderIds"/>).
    /// </summary>
    public static OrderId AssignedOrderId(long sequence) => OrderIds.Assigned(sequence);

    private void AddMarket(InstrumentSpec spec, OrderBook book)
    {
        _markets.Add(spec);
        _books.Add(book);
        _fingerprints.Add(SpecFingerprint.Compute(spec));
    }

    internal static InstrumentSpec[] SortById(IReadOnlyList<InstrumentSpec> markets)
    {
        ArgumentNullException.ThrowIfNull(markets);
        return [.. markets.OrderBy(m => m.Id.Value)];
    }

    /// <summary>
    /// Routes a decoded command to the clearinghouse, or with no clearing straight to the books (account and price
    /// commands are then refused), with the caller's sink held by reference.
    /// </summary>
    private ref struct Dispatch<TSink>(EngineState state, long sequence, long timestamp, ref TSink sink) : ICommandVisitor
        where TSink : struct, IVenueEventSink
    {
        private ref TSink _sink = ref sink;

        /// <summary>
        /// An order with id 0 gets an id from the command's sequence (<see cref="AssignedOrderId"/>): unique, increasing,
        /// journaled and the same on every replay, and known to the submitter from its acknowledgement.
        /// </summary>
        public void NewOrder(in NewOrder command)
        {
            // Only an id-0 order is copied: the common case passes the decoded command on by reference.
            if (command.Id.Value == 0)
            {
                Submit(command with { Id = AssignedOrderId(sequence) });
            }
            else
            {
                Submit(command);
            }
        }

        private void Submit(in NewOrder order)
        {
            if (state.Clearing is { } clearing)
            {
                clearing.Submit(order, timestamp, ref _sink);
            }
            else
            {
                state.Matching.Submit(order, ref _sink);
            }
        }

        public void AmendOrder(in AmendOrder command)
        {
            if (state.Clearing is { } clearing)
            {
                clearing.Amend(command, timestamp, ref _sink);
            }
            else
            {
                state.Matching.Amend(command, ref _sink);
            }
        }

        public void CancelOrder(in CancelOrder command)
        {
            if (state.Clearing is { } clearing)
            {
                clearing.Cancel(command, ref _sink);
            }
            else
            {
                state.Matching.Cancel(command, ref _sink);
            }
        }

        public void CancelAllOrders(in CancelAllOrders command)
        {
            if (state.Clearing is { } clearing)
            {
                clearing.CancelAll(command, ref _sink);
            }
            else
            {
                state.Matching.CancelAll(command, ref _sink);
            }
        }

        public void Deposit(in Deposit command)
        {
            if (Clearing(CommandKind.Deposit, command.Account) is { } clearing)
            {
                clearing.Deposit(command, ref _sink);
            }
        }

        public void Withdraw(in Withdraw command)
        {
            if (Clearing(CommandKind.Withdraw, command.Account) is { } clearing)
            {
                clearing.Withdraw(command, ref _sink);
            }
        }

        public void Transfer(in Transfer command)
        {
            if (Clearing(CommandKind.Transfer, command.From) is { } clearing)
            {
                clearing.Transfer(command, ref _sink);
            }
        }

        public void CreateSubaccount(in CreateSubaccount command)
        {
            if (Clearing(CommandKind.CreateSubaccount, command.Subaccount) is { } clearing)
            {
                clearing.CreateSubaccount(command, ref _sink);
            }
        }

        public void IndexQuote(in IndexQuote command)
        {
            if (Clearing(CommandKind.IndexQuote, default) is { } clearing)
            {
                clearing.Quote(command, sequence, timestamp, ref _sink);
            }
        }

        public void PriceTick(in PriceTick command)
        {
            if (Clearing(CommandKind.PriceTick, default) is { } clearing)
            {
                clearing.Tick(sequence, timestamp, ref _sink);
            }
        }

        public void SetKillSwitch(in SetKillSwitch command)
        {
            if (Clearing(CommandKind.SetKillSwitch, command.Account) is { } clearing)
            {
                clearing.SetKillSwitch(command, ref _sink);
            }
        }

        public void SetTradingHalt(in SetTradingHalt command)
        {
            if (Clearing(CommandKind.SetTradingHalt, default) is { } clearing)
            {
                clearing.SetTradingHalt(command, ref _sink);
            }
        }

        public void SetMarginModel(in SetMarginModel command)
        {
            if (Clearing(CommandKind.SetMarginModel, command.Account) is { } clearing)
            {
                clearing.SetMarginModel(command, ref _sink);
            }
        }

        public void SetIsolatedMargin(in SetIsolatedMargin command)
        {
            if (Clearing(CommandKind.SetIsolatedMargin, command.Account) is { } clearing)
            {
                clearing.SetIsolatedMargin(command, ref _sink);
            }
        }

        public void SetVolatilitySurface(in SetVolatilitySurface command)
        {
            if (Clearing(CommandKind.SetVolatilitySurface, default) is { } clearing)
            {
                clearing.SetVolatilitySurface(command, sequence, timestamp, ref _sink);
            }
        }

        public void ListOption(in ListOption command)
        {
            if (Clearing(CommandKind.ListOption, default) is { } clearing && clearing.ListOption(command, timestamp, state.Matching, ref _sink) is { } book)
            {
                state.AddMarket(book.Spec, book);
            }
        }

        public void DelistOption(in DelistOption command)
        {
            if (Clearing(CommandKind.DelistOption, default) is { } clearing)
            {
                clearing.DelistOption(command, timestamp, ref _sink);
            }
        }

        /// <summary>The clearinghouse, or null after refusing the command when the engine runs without one.</summary>
        private Clearinghouse? Clearing(CommandKind kind, Domain.AccountId account)
        {
            if (state.Clearing is null)
            {
                _sink.OnRejected(new CommandRejected(default, kind, default, account, RejectReason.ClearingDisabled));
            }

            return state.Clearing;
        }
    }
}

/// <summary>Capacity of the engine's books.</summary>
public sealed record EngineLimits(
    int MaxRestingOrdersPerBook = OrderBook.DefaultMaxRestingOrders,
    int InitialCapacityPerBook = OrderBook.DefaultInitialCapacity);
