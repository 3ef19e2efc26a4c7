using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>Capture and restore: the whole book as <see cref="BookState"/>, for snapshots and state hashes.</summary>
public sealed partial class OrderBook
{
    public BookState CaptureState() => new(_instrument, _highestAcceptedId, GetOrders(Side.Buy), GetOrders(Side.Sell));

    /// <summary>
    /// Rebuilds a book from a captured state. Orders are re-linked in priority order, so time priority and
    /// iceberg positions survive, and each account's orders in ascending id, so cancel-all order does too.
    /// A state that no book could have produced is refused with <see cref="InvalidDataException"/>.
    /// </summary>
    public static OrderBook Restore(InstrumentSpec spec, BookState state, int maxRestingOrders = DefaultMaxRestingOrders, int initialCapacity = DefaultInitialCapacity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Instrument != spec.Id)
        {
            throw new InvalidDataException($"state of instrument {state.Instrument} cannot restore the book of {spec.Id}");
        }

        var count = state.Bids.Count + state.Asks.Count;
        if (count > maxRestingOrders)
        {
            throw new InvalidDataException($"state holds {count} orders, more than the book's maximum of {maxRestingOrders}");
        }

        var book = new OrderBook(spec, maxRestingOrders, Math.Max(initialCapacity, count));
        book._highestAcceptedId = state.HighestAcceptedId;
        var restored = new List<(long Id, int Slot, int Account)>(count);
        book.RestoreSide(Side.Buy, state.Bids, restored);
        book.RestoreSide(Side.Sell, state.Asks, restored);
        if (book._bestBid != NoBid && book._bestAsk != NoAsk && book._bestBid >= book._bestAsk)
        {
            throw new InvalidDataException($"a crossed book: best bid {book._bestBid} is not below best ask {book._bestAsk}");
        }

        restored.Sort((a, b) => a.Id.CompareTo(b.Id));
        foreach (var (_, slot, account) in restored)
        {
            book._accountOrders.Append(account, slot);
        }

        return book;
    }

    private void RestoreSide(Side side, IReadOnlyList<RestingOrder> orders, List<(long Id, int Slot, int Account)> restored)
    {
        var previousPrice = 0L;
        foreach (var order in orders)
        {
            var problem = Problem(order, side, previousPrice);
            if (problem is not null)
            {
                throw new InvalidDataException($"order {order.Id} cannot be restored: {problem}");
            }

            previousPrice = order.Price.Ticks;
            var slot = AcquireOrder();
            ref var node = ref _orders[slot];
            node.Id = order.Id.Value;
            node.Price = order.Price.Ticks;
            node.Quantity = order.Quantity.Lots;
            node.Remaining = order.Remaining.Lots;
            node.Visible = order.Visible.Lots;
            node.Display = order.Display.Lots;
            node.Account = order.Account.Value;
            node.Side = side;
            node.PostOnly = order.PostOnly;
            node.SelfTradePrevention = order.SelfTradePrevention;
            node.Status = order.Status;
            LinkAtBack(slot);
            _orderIds.Add(node.Id, slot);
            restored.Add((node.Id, slot, node.Account));
        }
    }

    /// <summary>Why a captured order could not have come from a book, or null.</summary>
    private string? Problem(in RestingOrder order, Side side, long previousPrice)
    {
        var price = order.Price.Ticks;
        var (quantity, filled, remaining, visible, display) = (order.Quantity.Lots, order.Filled.Lots, order.Remaining.Lots, order.Visible.Lots, order.Display.Lots);
        if (order.Side != side)
        {
            return "it is listed on the wrong side";
        }

        if (order.Id.Value <= 0 || order.Id.Value > _highestAcceptedId || _orderIds.Find(order.Id.Value, _orders) >= 0)
        {
            return "its id was never accepted or is listed twice";
        }

        if (ValidatePrice(price) != 0 || (previousPrice != 0 && (side == Side.Buy ? price > previousPrice : price < previousPrice)))
        {
            return "its price is invalid or out of priority order";
        }

        if (remaining <= 0 || filled < 0 || quantity != filled + remaining || quantity > _maxQuantity)
        {
            return "its sizes do not add up";
        }

        var visibleOk = display == 0 ? visible == remaining : display > 0 && visible > 0 && visible <= Math.Min(display, remaining) && !TooManySlices(display, remaining);
        if (!visibleOk)
        {
            return "its visible slice is impossible";
        }

        if (order.Status != (filled == 0 ? OrderStatus.Open : OrderStatus.PartiallyFilled))
        {
            return $"status {order.Status} does not match {filled} lots filled";
        }

        return order.PostOnly > PostOnly.Reprice || order.SelfTradePrevention > SelfTradePrevention.DecrementBoth ? "an option has an undefined value" : null;
    }
}
