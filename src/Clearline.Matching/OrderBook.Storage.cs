using System.Runtime.CompilerServices;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching.Internal;

namespace Clearline.Matching;

/// <summary>Storage: pooled order and level slots, per-level FIFOs, per-account lists, best prices.</summary>
public sealed partial class OrderBook
{
    private const long NoBid = 0;
    private const long NoAsk = long.MaxValue;

    private readonly LongIntMap _orderIds;
    private readonly LongIntMap _accountIndex;
    private readonly PriceLadder _bids;
    private readonly PriceLadder _asks;

    private OrderNode[] _orders;
    private LevelNode[] _levels;
    private AccountOrders[] _accounts;
    private int _freeOrder;
    private int _freeLevel;
    private int _accountCount;
    private int _orderCount;
    private long _bestBid = NoBid;
    private long _bestAsk = NoAsk;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PriceLadder Ladder(Side side) => side == Side.Buy ? _bids : _asks;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Best(Side side) => side == Side.Buy ? _bestBid : _bestAsk;

    private static long NoPrice(Side side) => side == Side.Buy ? NoBid : NoAsk;

    private long NextWorse(Side side, long price) => side == Side.Buy ? _bids.NextBelow(price) : _asks.NextAbove(price);

    private void InitialiseFreeLists()
    {
        ChainFree(_orders, 0);
        ChainFree(_levels, 0);
        _freeOrder = 0;
        _freeLevel = 0;
    }

    private static void ChainFree(OrderNode[] orders, int from)
    {
        for (var i = from; i < orders.Length; i++)
        {
            orders[i].Next = i + 1 < orders.Length ? i + 1 : -1;
        }
    }

    private static void ChainFree(LevelNode[] levels, int from)
    {
        for (var i = from; i < levels.Length; i++)
        {
            levels[i].Head = i + 1 < levels.Length ? i + 1 : -1;
        }
    }

    private int AcquireOrder()
    {
        if (_freeOrder < 0)
        {
            var old = _orders.Length;
            Array.Resize(ref _orders, Math.Min(old * 2, MaxRestingOrders));
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
        _orderIds.Remove(order.Id);
        UnlinkAccount(slot);
        order.Next = _freeOrder;
        _freeOrder = slot;
        _orderCount--;
    }

    private int AcquireLevel(Side side, long price)
    {
        if (_freeLevel < 0)
        {
            var old = _levels.Length;
            Array.Resize(ref _levels, old * 2);
            ChainFree(_levels, old);
            _freeLevel = old;
        }

        var slot = _freeLevel;
        ref var level = ref _levels[slot];
        _freeLevel = level.Head;
        level = new LevelNode { Price = price, Head = -1, Tail = -1, Side = side };
        Ladder(side).Set(price, slot);
        if (side == Side.Buy ? price > _bestBid : price < _bestAsk)
        {
            if (side == Side.Buy)
            {
                _bestBid = price;
            }
            else
            {
                _bestAsk = price;
            }
        }

        return slot;
    }

    private void ReleaseLevel(int slot)
    {
        ref var level = ref _levels[slot];
        var price = level.Price;
        if (level.Side == Side.Buy)
        {
            _bids.Clear(price);
            if (price == _bestBid)
            {
                _bestBid = _bids.NextBelow(price);
            }
        }
        else
        {
            _asks.Clear(price);
            if (price == _bestAsk)
            {
                _bestAsk = _asks.NextAbove(price);
            }
        }

        level.Head = _freeLevel;
        _freeLevel = slot;
    }

    /// <summary>Appends the order (Price, Side and Visible set) to the back of its price level, creating the level if needed.</summary>
    private void LinkAtBack(int slot)
    {
        ref var order = ref _orders[slot];
        var levelSlot = Ladder(order.Side).Get(order.Price);
        if (levelSlot < 0)
        {
            levelSlot = AcquireLevel(order.Side, order.Price);
        }

        ref var level = ref _levels[levelSlot];
        order.Level = levelSlot;
        order.Prev = level.Tail;
        order.Next = -1;
        if (level.Tail >= 0)
        {
            _orders[level.Tail].Next = slot;
        }
        else
        {
            level.Head = slot;
        }

        level.Tail = slot;
        level.Count++;
        level.Displayed += order.Visible;
    }

    /// <summary>Takes the order out of its level's FIFO; the caller emits the level and releases it if empty.</summary>
    private void UnlinkFromLevel(int slot)
    {
        ref var order = ref _orders[slot];
        ref var level = ref _levels[order.Level];
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

    /// <summary>Moves an order to the back of its level (an iceberg's new slice); Visible is already counted in the level.</summary>
    private void MoveToBack(int slot)
    {
        ref var level = ref _levels[_orders[slot].Level];
        if (level.Tail == slot)
        {
            return;
        }

        var visible = _orders[slot].Visible;
        UnlinkFromLevel(slot);
        _orders[slot].Visible = visible;
        ref var order = ref _orders[slot];
        order.Prev = level.Tail;
        order.Next = -1;
        _orders[level.Tail].Next = slot;
        level.Tail = slot;
        level.Count++;
        level.Displayed += visible;
    }

    private void LinkAccount(int slot)
    {
        ref var order = ref _orders[slot];
        var index = _accountIndex.Get(order.Account);
        if (index < 0)
        {
            // Accounts keep their list head once seen: accounts are few and long-lived, and this avoids map churn.
            if (_accountCount == _accounts.Length)
            {
                Array.Resize(ref _accounts, _accounts.Length * 2);
            }

            index = _accountCount++;
            _accounts[index] = new AccountOrders { Head = -1, Tail = -1 };
            _accountIndex.Add(order.Account, index);
        }

        ref var list = ref _accounts[index];
        order.AccountPrev = list.Tail;
        order.AccountNext = -1;
        if (list.Tail >= 0)
        {
            _orders[list.Tail].AccountNext = slot;
        }
        else
        {
            list.Head = slot;
        }

        list.Tail = slot;
    }

    private void UnlinkAccount(int slot)
    {
        ref var order = ref _orders[slot];
        ref var list = ref _accounts[_accountIndex.Get(order.Account)];
        if (order.AccountPrev >= 0)
        {
            _orders[order.AccountPrev].AccountNext = order.AccountNext;
        }
        else
        {
            list.Head = order.AccountNext;
        }

        if (order.AccountNext >= 0)
        {
            _orders[order.AccountNext].AccountPrev = order.AccountPrev;
        }
        else
        {
            list.Tail = order.AccountPrev;
        }
    }

    private void EmitLevel<TSink>(int slot, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        ref var level = ref _levels[slot];
        sink.OnLevelChanged(new BookLevelChanged(_instrument, level.Side, new Price(level.Price), new Quantity(level.Displayed), level.Count));
    }

    private void EmitLevelAndReleaseIfEmpty<TSink>(int slot, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        EmitLevel(slot, ref sink);
        if (_levels[slot].Count == 0)
        {
            ReleaseLevel(slot);
        }
    }
}
