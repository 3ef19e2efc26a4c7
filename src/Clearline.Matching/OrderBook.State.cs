using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>Capture and restore: the whole book as <see cref="BookState"/>, for snapshots and state hashes.</summary>
public sealed partial class OrderBook
{
    public BookState CaptureState() => new(_instrument, _highestAcceptedId, GetOrders(Side.Buy), GetOrders(Side.Sell));

    /// <summary>The highest order id the book ever accepted (part of its state: a lower or equal id is refused).</summary>
    public long HighestAcceptedId => _highestAcceptedId;

    /// <summary>
    /// The side's resting orders in priority order, without copying them into a list, so encoding or hashing
    /// a book of a million orders allocates nothing per order. Valid until the book next changes.
    /// </summary>
    public OrderEnumerator EnumerateOrders(Side side)
    {
        CheckSide(side);
        return new OrderEnumerator(this, side);
    }

    /// <summary>How many orders rest on a side; one step per price level, not per order.</summary>
    public int CountOrders(Side side)
    {
        CheckSide(side);
        var count = 0;
        for (var price = Best(side); price != NoPrice(side); price = NextWorse(side, price))
        {
            count += Levels(side).At(price).Count;
        }

        return count;
    }

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

        if (state.HighestAcceptedId < 0)
        {
            throw new InvalidDataException($"highest accepted id {state.HighestAcceptedId} is negative");
        }

        var count = state.Bids.Count + state.Asks.Count;
        if (count > maxRestingOrders)
        {
            throw new InvalidDataException($"state holds {count} orders, more than the book's maximum of {maxRestingOrders}");
        }

        var book = new OrderBook(spec, maxRestingOrders, Math.Max(initialCapacity, count));
        book._highestAcceptedId = state.HighestAcceptedId;
        // Ids and slots side by side: sorting primitive keys is several times faster than sorting tuples with a comparison.
        var ids = new long[count];
        var slots = new int[count];
        var restored = 0;
        book.RestoreSide(Side.Buy, state.Bids, ids, slots, ref restored);
        book.RestoreSide(Side.Sell, state.Asks, ids, slots, ref restored);
        if (book._bestBid != NoBid && book._bestAsk != NoAsk && book._bestBid >= book._bestAsk)
        {
            throw new InvalidDataException($"a crossed book: best bid {book._bestBid} is not below best ask {book._bestAsk}");
        }

        Array.Sort(ids, slots);
        foreach (var slot in slots)
        {
            book._accountOrders.Append(book._orders[slot].Account, slot);
        }

        return book;
    }

    private void RestoreSide(Side side, IReadOnlyList<RestingOrder> orders, long[] ids, int[] slots, ref int restored)
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
            ids[restored] = node.Id;
            slots[restored++] = slot;
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

    /// <summary>Walks one side best price first, each level's FIFO in order; a struct, so <c>foreach</c> allocates nothing.</summary>
    public struct OrderEnumerator
    {
        private readonly OrderBook _book;
        private readonly Side _side;
        private long _price;
        private int _slot;
        private bool _started;

        internal OrderEnumerator(OrderBook book, Side side)
        {
            _book = book;
            _side = side;
            _price = book.Best(side);
            _slot = -1;
        }

        public readonly RestingOrder Current => _book.View(_slot);

        public readonly OrderEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_started)
            {
                if (_price == NoPrice(_side))
                {
                    return false;
                }

                _slot = _book._orders[_slot].Next;
                if (_slot >= 0)
                {
                    return true;
                }

                _price = _book.NextWorse(_side, _price);
            }

            _started = true;
            if (_price == NoPrice(_side))
            {
                return false;
            }

            _slot = _book.Levels(_side).At(_price).Head;
            return true;
        }
    }
}
