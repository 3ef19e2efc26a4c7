using System.Diagnostics.CodeAnalysis;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>
/// The books of all listed instruments, addressed by instrument id. Routes each command to its book;
/// an unknown instrument is rejected here. Single-threaded, like the books.
/// </summary>
public sealed class MatchingEngine
{
    /// <summary>Instrument ids index an array of books, so they must be dense and below this.</summary>
    public const int MaxInstrumentIds = 1 << 20;

    private readonly int _maxRestingOrdersPerBook;
    private readonly int _initialCapacityPerBook;

    /// <summary>Grows (a new array) when an instrument is listed: an operator command, so the order path keeps one array read.</summary>
    private OrderBook?[] _books;

    public MatchingEngine(
        IEnumerable<InstrumentSpec> instruments,
        int maxRestingOrdersPerBook = OrderBook.DefaultMaxRestingOrders,
        int initialCapacityPerBook = OrderBook.DefaultInitialCapacity)
    {
        var specs = IndexById(instruments);
        (_maxRestingOrdersPerBook, _initialCapacityPerBook) = (maxRestingOrdersPerBook, initialCapacityPerBook);
        _books = new OrderBook?[specs.Length];
        foreach (var spec in specs)
        {
            if (spec is not null)
            {
                _books[spec.Id.Value] = new OrderBook(spec, maxRestingOrdersPerBook, initialCapacityPerBook);
            }
        }
    }

    private MatchingEngine(OrderBook?[] books, int maxRestingOrdersPerBook, int initialCapacityPerBook) =>
        (_books, _maxRestingOrdersPerBook, _initialCapacityPerBook) = (books, maxRestingOrdersPerBook, initialCapacityPerBook);

    /// <summary>
    /// Rebuilds the books of the listed instruments from captured states with <see cref="OrderBook.Restore"/>.
    /// Every listed instrument needs exactly one state and every state a listed instrument; anything else,
    /// or a state no book could have produced, is refused with <see cref="InvalidDataException"/> naming the instrument.
    /// </summary>
    public static MatchingEngine Restore(
        IEnumerable<InstrumentSpec> instruments,
        IEnumerable<BookState> states,
        int maxRestingOrdersPerBook = OrderBook.DefaultMaxRestingOrders,
        int initialCapacityPerBook = OrderBook.DefaultInitialCapacity)
    {
        ArgumentNullException.ThrowIfNull(states);
        var specs = IndexById(instruments);
        var books = new OrderBook?[specs.Length];
        foreach (var state in states)
        {
            ArgumentNullException.ThrowIfNull(state, nameof(states));
            var id = state.Instrument.Value;
            var spec = (uint)id < (uint)specs.Length ? specs[id] : null;
            if (spec is null)
            {
                throw new InvalidDataException($"a state for instrument {state.Instrument}, which is not listed");
            }

            if (books[id] is not null)
            {
                throw new InvalidDataException($"two states for instrument {spec.Id} ({spec.Name})");
            }

            try
            {
                books[id] = OrderBook.Restore(spec, state, maxRestingOrdersPerBook, initialCapacityPerBook);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"instrument {spec.Id} ({spec.Name}): {e.Message}", e);
            }
        }

        foreach (var spec in specs)
        {
            if (spec is not null && books[spec.Id.Value] is null)
            {
                throw new InvalidDataException($"no state for listed instrument {spec.Id} ({spec.Name})");
            }
        }

        return new MatchingEngine(books, maxRestingOrdersPerBook, initialCapacityPerBook);
    }

    /// <summary>Opens an empty book for an instrument listed while the engine runs; its id must be above every listed one.</summary>
    public OrderBook List(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Id.Value < _books.Length || spec.Id.Value >= MaxInstrumentIds)
        {
            throw new ArgumentException($"instrument id {spec.Id} must be above every listed one and below {MaxInstrumentIds}", nameof(spec));
        }

        var book = new OrderBook(spec, _maxRestingOrdersPerBook, _initialCapacityPerBook);
        var books = new OrderBook?[spec.Id.Value + 1];
        _books.CopyTo(books, 0);
        books[spec.Id.Value] = book;
        _books = books;
        return book;
    }

    /// <summary>The specs placed at their ids, which must be usable as array indices and listed once.</summary>
    private static InstrumentSpec?[] IndexById(IEnumerable<InstrumentSpec> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var list = instruments.ToArray();
        var size = 0;
        foreach (var spec in list)
        {
            if ((uint)spec.Id.Value >= MaxInstrumentIds)
            {
                throw new ArgumentException($"instrument id {spec.Id} must be 0..{MaxInstrumentIds - 1}: ids are dense array indices", nameof(instruments));
            }

            size = Math.Max(size, spec.Id.Value + 1);
        }

        var specs = new InstrumentSpec?[size];
        foreach (var spec in list)
        {
            if (specs[spec.Id.Value] is not null)
            {
                throw new ArgumentException($"instrument id {spec.Id} is listed twice", nameof(instruments));
            }

            specs[spec.Id.Value] = spec;
        }

        return specs;
    }

    public bool TryGetBook(InstrumentId instrument, [MaybeNullWhen(false)] out OrderBook book)
    {
        book = (uint)instrument.Value < (uint)_books.Length ? _books[instrument.Value] : null;
        return book is not null;
    }

    public bool Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        if (TryGetBook(order.Instrument, out var book))
        {
            return book.Submit(order, ref sink);
        }

        return Reject(order.Instrument, CommandKind.NewOrder, order.Id, order.Account, ref sink);
    }

    public bool Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        if (TryGetBook(amend.Instrument, out var book))
        {
            return book.Amend(amend, ref sink);
        }

        return Reject(amend.Instrument, CommandKind.AmendOrder, amend.Id, amend.Account, ref sink);
    }

    public bool Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        if (TryGetBook(cancel.Instrument, out var book))
        {
            return book.Cancel(cancel, ref sink);
        }

        return Reject(cancel.Instrument, CommandKind.CancelOrder, cancel.Id, cancel.Account, ref sink);
    }

    /// <summary>Cancels an account's orders on one instrument, or on all of them in ascending instrument id. Returns how many.</summary>
    public int CancelAll<TSink>(in CancelAllOrders cancelAll, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        if (cancelAll.Instrument is { } instrument)
        {
            if (TryGetBook(instrument, out var book))
            {
                return book.CancelAll(cancelAll.Account, ref sink);
            }

            Reject(instrument, CommandKind.CancelAllOrders, default, cancelAll.Account, ref sink);
            return 0;
        }

        var count = 0;
        foreach (var book in _books)
        {
            if (book is not null)
            {
                count += book.CancelAll(cancelAll.Account, ref sink);
            }
        }

        return count;
    }

    private static bool Reject<TSink>(InstrumentId instrument, CommandKind command, OrderId order, AccountId account, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        sink.OnRejected(new CommandRejected(instrument, command, order, account, RejectReason.UnknownInstrument));
        return false;
    }
}
