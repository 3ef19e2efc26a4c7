using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching.Internal;

namespace Clearline.Matching;

/// <summary>Matching: the taker walks the opposite side from the best price to its limit, level by level, front to back.</summary>
public sealed partial class OrderBook
{
    private void Match<TSink>(ref Taker taker, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var makerSide = taker.Side.Opposite();
        var levels = Levels(makerSide);
        while (taker.Remaining > 0)
        {
            var price = Best(makerSide);
            if (!Crosses(taker.Side, taker.Limit, price))
            {
                return;
            }

            ref var level = ref levels.At(price);
            var changed = false;
            while (taker.Remaining > 0 && level.Count > 0)
            {
                // Every step removes the head, moves it to the back, or ends the match, so the head is always next.
                var slot = level.Head;
                if (_orders[slot].Account == taker.Account && taker.SelfTradePrevention != SelfTradePrevention.Off)
                {
                    changed |= PreventSelfTrade(ref taker, slot, ref sink);
                    if (taker.StoppedBySelfTrade)
                    {
                        break;
                    }

                    continue;
                }

                Fill(ref taker, slot, ref level, ref sink);
                changed = true;
            }

            if (changed)
            {
                EmitLevelAndCloseIfEmpty(makerSide, price, ref sink);
            }

            if (taker.StoppedBySelfTrade)
            {
                return;
            }
        }
    }

    private void Fill<TSink>(ref Taker taker, int slot, ref LevelNode level, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        ref var maker = ref _orders[slot];
        var quantity = Math.Min(taker.Remaining, maker.Visible);
        maker.Visible -= quantity;
        maker.Remaining -= quantity;
        level.Displayed -= quantity;
        taker.Remaining -= quantity;
        maker.Status = OrderStatusTable.Next(maker.Status, maker.Remaining == 0 ? OrderTransition.Fill : OrderTransition.PartialFill);
        taker.Status = OrderStatusTable.Next(taker.Status, taker.Remaining == 0 ? OrderTransition.Fill : OrderTransition.PartialFill);
        sink.OnTrade(new Trade(
            _instrument,
            new Price(maker.Price),
            new Quantity(quantity),
            taker.Side,
            new OrderId(maker.Id),
            new AccountId(maker.Account),
            new Quantity(maker.Remaining),
            new OrderId(taker.Id),
            new AccountId(taker.Account),
            new Quantity(taker.Remaining)));

        if (maker.Visible > 0)
        {
            return;
        }

        if (maker.Remaining == 0)
        {
            UnlinkFromLevel(slot);
            ReleaseOrder(slot);
        }
        else
        {
            // Iceberg: a fresh slice shows and goes to the back of the level.
            maker.Visible = VisibleSlice(maker.Display, maker.Remaining);
            level.Displayed += maker.Visible;
            MoveToBack(slot);
        }
    }

    /// <summary>Applies the taker's self-trade rule to the resting order at <paramref name="slot"/>; true when the level changed.</summary>
    private bool PreventSelfTrade<TSink>(ref Taker taker, int slot, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        switch (taker.SelfTradePrevention)
        {
            case SelfTradePrevention.CancelResting:
                CancelMakerInMatch(slot, ref sink);
                return true;
            case SelfTradePrevention.CancelIncoming:
                taker.StoppedBySelfTrade = true;
                return false;
            case SelfTradePrevention.CancelBoth:
                CancelMakerInMatch(slot, ref sink);
                taker.StoppedBySelfTrade = true;
                return true;
            default:
                DecrementBoth(ref taker, slot, ref sink);
                return true;
        }
    }

    private void CancelMakerInMatch<TSink>(int slot, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        ref var maker = ref _orders[slot];
        maker.Status = OrderStatusTable.Next(maker.Status, OrderTransition.Cancel);
        sink.OnCancelled(new OrderCancelled(_instrument, new OrderId(maker.Id), new AccountId(maker.Account), maker.Side, new Price(maker.Price), new Quantity(maker.Remaining), Quantity.Zero, CancelReason.SelfTradePrevention));
        UnlinkFromLevel(slot);
        ReleaseOrder(slot);
    }

    private void DecrementBoth<TSink>(ref Taker taker, int slot, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        ref var maker = ref _orders[slot];
        var decrement = Math.Min(taker.Remaining, maker.Remaining);
        var makerLeft = maker.Remaining - decrement;
        maker.Status = OrderStatusTable.Next(maker.Status, makerLeft == 0 ? OrderTransition.Cancel : OrderTransition.Reduce);
        sink.OnCancelled(new OrderCancelled(_instrument, new OrderId(maker.Id), new AccountId(maker.Account), maker.Side, new Price(maker.Price), new Quantity(decrement), new Quantity(makerLeft), CancelReason.SelfTradePrevention));
        if (makerLeft == 0)
        {
            UnlinkFromLevel(slot);
            ReleaseOrder(slot);
        }
        else
        {
            maker.Quantity -= decrement;
            ShrinkInPlace(ref maker, makerLeft);
        }

        taker.Remaining -= decrement;
        taker.Quantity -= decrement;
        taker.Status = OrderStatusTable.Next(taker.Status, taker.Remaining == 0 ? OrderTransition.Cancel : OrderTransition.Reduce);
        sink.OnCancelled(new OrderCancelled(_instrument, new OrderId(taker.Id), new AccountId(taker.Account), taker.Side, new Price(taker.Limit), new Quantity(decrement), new Quantity(taker.Remaining), CancelReason.SelfTradePrevention));
    }

    /// <summary>
    /// Fill-or-kill: whether the taker could be disposed of in full right now, without changing anything.
    /// Own orders count under decrement-both, are skipped under cancel-resting, and under cancel-incoming or
    /// cancel-both are a barrier: counting stops there, and in the barrier's level orders in front of it count
    /// only their visible slice (a replenished slice would go behind the barrier).
    /// </summary>
    private bool CanFillCompletely(in Taker taker)
    {
        var makerSide = taker.Side.Opposite();
        var levels = Levels(makerSide);
        var needed = taker.Remaining;
        var available = 0L;
        for (var price = Best(makerSide); Crosses(taker.Side, taker.Limit, price); price = NextWorse(makerSide, price))
        {
            var inFront = 0L;
            var whole = 0L;
            var level = levels.At(price);
            for (int slot = level.Head, seen = 0; seen < level.Count; slot = _orders[slot].Next, seen++)
            {
                ref var maker = ref _orders[slot];
                if (maker.Account == taker.Account && taker.SelfTradePrevention != SelfTradePrevention.Off)
                {
                    switch (taker.SelfTradePrevention)
                    {
                        case SelfTradePrevention.CancelResting:
                            continue;
                        case SelfTradePrevention.DecrementBoth:
                            inFront += maker.Remaining;
                            whole += maker.Remaining;
                            continue;
                        default:
                            return available + inFront >= needed;
                    }
                }

                inFront += maker.Visible;
                whole += maker.Remaining;
                if (available + inFront >= needed)
                {
                    return true;
                }
            }

            available += whole;
            if (available >= needed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An amended order (out of its level) whose new price crosses takes liquidity like a new order.
    /// Returns true when some of it is left to rest; otherwise it has been filled or cancelled and released.
    /// </summary>
    private bool MatchAmended<TSink>(int slot, long price, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        ref var order = ref _orders[slot];
        var taker = new Taker
        {
            Id = order.Id,
            Limit = price,
            Quantity = order.Quantity,
            Remaining = order.Remaining,
            Account = order.Account,
            Side = order.Side,
            SelfTradePrevention = order.SelfTradePrevention,
            Status = order.Status,
        };
        Match(ref taker, ref sink);

        // Matching never acquires order slots, so the reference is still good.
        order.Quantity = taker.Quantity;
        order.Remaining = taker.Remaining;
        order.Status = taker.Status;
        if (taker.Remaining > 0 && !taker.StoppedBySelfTrade)
        {
            return true;
        }

        if (taker.Remaining > 0)
        {
            CancelTaker(ref taker, CancelReason.SelfTradePrevention, ref sink);
        }

        ReleaseOrder(slot);
        return false;
    }

    /// <summary>Rests what is left of a new GTC order at the back of its level.</summary>
    private void RestNew<TSink>(in Taker taker, in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var slot = AcquireOrder();
        ref var node = ref _orders[slot];
        node.Id = taker.Id;
        node.Price = taker.Limit;
        node.Quantity = taker.Quantity;
        node.Remaining = taker.Remaining;
        node.Display = order.DisplayQuantity.Lots;
        node.Visible = VisibleSlice(node.Display, taker.Remaining);
        node.Account = taker.Account;
        node.Side = taker.Side;
        node.PostOnly = order.PostOnly;
        node.SelfTradePrevention = order.SelfTradePrevention;
        node.Status = taker.Status;
        LinkAtBack(slot);
        _accountOrders.Append(taker.Account, slot);
        _orderIds.Add(taker.Id, slot);
        EmitLevel(node.Side, node.Price, ref sink);
    }

    private void CancelTaker<TSink>(ref Taker taker, CancelReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        taker.Status = OrderStatusTable.Next(taker.Status, OrderTransition.Cancel);
        sink.OnCancelled(new OrderCancelled(_instrument, new OrderId(taker.Id), new AccountId(taker.Account), taker.Side, new Price(taker.Limit), new Quantity(taker.Remaining), Quantity.Zero, reason));
    }

    private void CancelResting<TSink>(int slot, CancelReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        ref var order = ref _orders[slot];
        order.Status = OrderStatusTable.Next(order.Status, OrderTransition.Cancel);
        sink.OnCancelled(new OrderCancelled(_instrument, new OrderId(order.Id), new AccountId(order.Account), order.Side, new Price(order.Price), new Quantity(order.Remaining), Quantity.Zero, reason));
        var (side, price) = (order.Side, order.Price);
        UnlinkFromLevel(slot);
        ReleaseOrder(slot);
        EmitLevelAndCloseIfEmpty(side, price, ref sink);
    }

    /// <summary>Lowers a resting order's remaining in place (it keeps its priority); an iceberg's slice shrinks with it.</summary>
    private void ShrinkInPlace(ref OrderNode order, long remaining)
    {
        order.Remaining = remaining;
        if (order.Visible > remaining)
        {
            Levels(order.Side).At(order.Price).Displayed -= order.Visible - remaining;
            order.Visible = remaining;
        }
    }

    /// <summary>What an order shows: all of it, or an iceberg's slice.</summary>
    private static long VisibleSlice(long display, long remaining) => display == 0 ? remaining : Math.Min(display, remaining);

    private static bool Crosses(Side takerSide, long limit, long makerPrice) =>
        takerSide == Side.Buy ? makerPrice <= limit : makerPrice >= limit;
}
