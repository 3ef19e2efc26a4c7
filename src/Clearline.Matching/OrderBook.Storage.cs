using System.Runtime.CompilerServices;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching.Internal;

namespace Clearline.Matching;

/// <summary>Storage: pooled order slots, per-level FIFOs, best prices.</summary>
public sealed partial class OrderBook
{
    private const long NoBid = 0;
    private const long NoAsk = long.MaxValue;

    private readonly OrderIndex _orderIds;
    private readonly AccountOrders _accountOrders;
    private readonly PriceLevels _bids;
    private readonly PriceLevels _asks;

    private OrderNode[] _orders;
    private int _freeOrder;
    private int _orderCount;
    private long _bestBid = NoBid;
    private long _bestAsk = NoAsk;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PriceLevels Levels(Side side) => side == Side.Buy ? _bids : _asks;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Best(Side side) => side == Side.Buy ? _bestBid : _bestAsk;

    private static long NoPrice(Side side) => side == Side.Buy ? NoBid : NoAsk;

    private long NextWorse(Side side, long price) => side == Side.Buy ? _bids.NextBelow(price) : _asks.NextAbove(price);

    private static void ChainFree(OrderNode[] orders, int from)
    {
        for (var i = from; i < orders.Length; i++)
        {
            orders[i].Next = i + 1 < orders.Length ? i + 1 : -1;
        }
    }

    private int AcquireOrder()
    {
        if (_freeOrder < 0)
        {
            var old = _orders.Length;
            Array.Resize(ref _orders, Math.Min(old * 2, MaxRestingOrders));
            _accountOrders.ResizeSlots(_orders.Length);
            ChainFree(_orders, old);
            _freeOrder = old;
        }

        var slot = _freeOrder;
        _freeOrder = _orders[slot].Next;
        _orderCount++;
        return slot;
    }

    /// <summary>Forgets an order that is already out of its level: id, account list, slot.</summary>
    private void ReleaseOrder(int slot)
    {
        ref var order = ref _orders[slot];
        _orderIds.Remove(order.Id, slot);
        _accountOrders.Remove(order.Account, slot);
        order.Next = _freeOrder;
        _freeOrder = slot;
        _orderCount--;
    }

    /// <summary>Appends the order (Price, Side and Visible set) to the back of its price level, opening the level if it was empty.</summary>
    private void LinkAtBack(int slot)
    {
        ref var order = ref _orders[slot];
        var price = order.Price;
        ref var level = ref Levels(order.Side).Open(price);
        order.Next = -1;
        if (level.Count == 0)
        {
            order.Prev = -1;
            level.Head = slot;
            OpenLevel(order.Side, price);
        }
        else
        {
            order.Prev = level.Tail;
            _orders[level.Tail].Next = slot;
        }

        level.Tail = slot;
        level.Count++;
        level.Displayed += order.Visible;
    }

    private void OpenLevel(Side side, long price)
    {
        if (side == Side.Buy)
        {
            _bids.MarkOccupied(price);
            if (price > _bestBid)
            {
                _bestBid = price;
            }
        }
        else
        {
            _asks.MarkOccupied(price);
            if (price < _bestAsk)
            {
                _bestAsk = price;
            }
        }
    }

    private void CloseLevel(Side side, long price)
    {
        if (side == Side.Buy)
        {
            _bids.MarkEmpty(price);
            if (price == _bestBid)
            {
                _bestBid = _bids.NextBelow(price);
            }
        }
        else
        {
            _asks.MarkEmpty(price);
            if (price == _bestAsk)
            {
                _bestAsk = _asks.NextAbove(price);
            }
        }
    }

    /// <summary>Takes the order out of its level's FIFO; the caller emits the level and closes it if empty.</summary>
    private void UnlinkFromLevel(int slot)
    {
        ref var order = ref _orders[slot];
        ref var level = ref Levels(order.Side).At(order.Price);
        if (order.Prev >= 0)
        {
            _orders[order.Prev].Next = order.Next;
        }
        else
        {
            level.Head = order.Next;
        }

        if (order.Next >= 0)
        {
            _orders[order.Next].Prev = order.Prev;
        }
        else
        {
            level.Tail = order.Prev;
        }

        level.Count--;
        level.Displayed -= order.Visible;
    }

    /// <summary>Moves an order to the back of its non-empty level (an iceberg's new slice); its Visible is already counted.</summary>
    private void MoveToBack(int slot)
    {
        ref var order = ref _orders[slot];
        ref var level = ref Levels(order.Side).At(order.Price);
        if (level.Tail == slot)
        {
            return;
        }

        var visible = order.Visible;
        UnlinkFromLevel(slot);
        order.Prev = level.Tail;
        order.Next = -1;
        _orders[level.Tail].Next = slot;
        level.Tail = slot;
        level.Count++;
        level.Displayed += visible;
    }
    private void EmitLevel<TSink>(Side side, long price, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        ref var level = ref Levels(side).At(price);
        sink.OnLevelChanged(new BookLevelChanged(_instrument, side, new Price(price), new Quantity(level.Displayed), level.Count));
    }

    private void EmitLevelAndCloseIfEmpty<TSink>(Side side, long price, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        EmitLevel(side, price, ref sink);
        if (Levels(side).At(price).Count == 0)
        {
            CloseLevel(side, price);
        }
    }
}
