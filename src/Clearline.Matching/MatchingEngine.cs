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

    private readonly OrderBook?[] _books;

    public MatchingEngine(
        IEnumerable<InstrumentSpec> instruments,
        int maxRestingOrdersPerBook = OrderBook.DefaultMaxRestingOrders,
        int initialCapacityPerBook = OrderBook.DefaultInitialCapacity)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var specs = instruments.ToArray();
        var size = 0;
        foreach (var spec in specs)
        {
            if ((uint)spec.Id.Value >= MaxInstrumentIds)
            {
                throw new ArgumentException($"instrument id {spec.Id} must be 0..{MaxInstrumentIds - 1}: ids are dense array indices", nameof(instruments));
            }

            size = Math.Max(size, spec.Id.Value + 1);
        }

        _books = new OrderBook?[size];
        foreach (var spec in specs)
        {
            if (_books[spec.Id.Value] is not null)
            {
                throw new ArgumentException($"instrument id {spec.Id} is listed twice", nameof(instruments));
            }

            _books[spec.Id.Value] = new OrderBook(spec, maxRestingOrdersPerBook, initialCapacityPerBook);
        }
    }

    public bool TryGetBook(InstrumentId instrument, [MaybeNullWhen(false)] out OrderBook book)
    {
        book = (uint)instrument.Value < (uint)_books.Length ? _books[instrument.Value] : null;
        return book is not null;
    }

    public bool Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (TryGetBook(order.Instrument, out var book))
        {
            return book.Submit(order, ref sink);
        }

        return Reject(order.Instrument, CommandKind.NewOrder, order.Id, order.Account, ref sink);
    }

    public bool Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (TryGetBook(amend.Instrument, out var book))
        {
            return book.Amend(amend, ref sink);
        }

        return Reject(amend.Instrument, CommandKind.AmendOrder, amend.Id, amend.Account, ref sink);
    }

    public bool Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (TryGetBook(cancel.Instrument, out var book))
        {
            return book.Cancel(cancel, ref sink);
        }

        return Reject(cancel.Instrument, CommandKind.CancelOrder, cancel.Id, cancel.Account, ref sink);
    }

    /// <summary>Cancels an account's orders on one instrument, or on all of them in ascending instrument id. Returns how many.</summary>
    public int CancelAll<TSink>(in CancelAllOrders cancelAll, ref TSink sink)
        where TSink : struct, IMatchingEventSink
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
        where TSink : struct, IMatchingEventSink
    {
        sink.OnRejected(new CommandRejected(instrument, command, order, account, RejectReason.UnknownInstrument));
        return false;
    }
}
