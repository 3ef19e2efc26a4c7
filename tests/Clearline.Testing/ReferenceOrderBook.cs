using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Testing;

/// <summary>
/// A deliberately simple implementation of docs/matching.md, the oracle for the differential tests.
/// </summary>
/// <remarks>
/// One unsorted list of resting orders, each with an explicit time-priority stamp. The best order of a
/// side is found by scanning; views are sorted on demand. Fill-or-kill runs the order on a deep clone of
/// the book and looks at what is left. Nothing here is shared with or ported from <see cref="OrderBook"/>.
/// </remarks>
public sealed class ReferenceOrderBook : IOrderBook
{
    private List<RefOrder> _resting = [];
    private long _lastPriority;
    private long _highestAcceptedId;

    public ReferenceOrderBook(InstrumentSpec spec, int maxRestingOrders)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        MaxRestingOrders = maxRestingOrders;
    }

    private enum SelfTradeOutcome
    {
        GoOn,
        Stop,
    }

    public InstrumentSpec Spec { get; }

    public int MaxRestingOrders { get; }

    public int OrderCount => _resting.Count;

    public Price? BestBid => Best(Side.Buy)?.Price;

    public Price? BestAsk => Best(Side.Sell)?.Price;

    public bool Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var incoming = new RefOrder
        {
            Id = order.Id,
            Account = order.Account,
            Side = order.Side,
            Type = order.Type,
            TimeInForce = order.TimeInForce,
            Price = order.Price,
            Quantity = order.Quantity.Lots,
            Remaining = order.Quantity.Lots,
            Display = order.DisplayQuantity.Lots,
            PostOnly = order.PostOnly,
            SelfTradePrevention = order.SelfTradePrevention,
        };

        if (ValidateNew(order, out var effectivePrice) is { } reason)
        {
            incoming.Move(OrderTransition.Reject);
            sink.OnRejected(new CommandRejected(order.Instrument, CommandKind.NewOrder, order.Id, order.Account, reason));
            return false;
        }

        // 1-2. Re-priced (post-only) order accepted; its id is now the highest accepted.
        incoming.Price = effectivePrice;
        incoming.Move(OrderTransition.Accept);
        _highestAcceptedId = order.Id.Value;
        sink.OnAccepted(new OrderAccepted(order with { Price = effectivePrice }));

        // 3. Fill-or-kill: all or nothing, decided before any fill.
        if (order.TimeInForce == TimeInForce.FillOrKill && !WouldBeDisposedOfInFull(incoming))
        {
            incoming.Move(OrderTransition.Cancel);
            sink.OnCancelled(new OrderCancelled(Spec.Id, incoming.Id, incoming.Account, incoming.Side, incoming.Price, new Quantity(incoming.Remaining), Quantity.Zero, CancelReason.FillOrKill));
            return true;
        }

        // 4-5.
        Execute(incoming, ref sink);
        return true;
    }

    public bool Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        if (ValidateAmend(amend, out var order, out var effectivePrice) is { } reason)
        {
            sink.OnRejected(new CommandRejected(amend.Instrument, CommandKind.AmendOrder, amend.Id, amend.Account, reason));
            return false;
        }

        var newTotal = amend.Quantity.Lots == 0 ? order.Quantity : amend.Quantity.Lots;
        var newRemaining = newTotal - order.Filled;
        order.Move(OrderTransition.Amend);

        if (effectivePrice == order.Price && newRemaining <= order.Remaining)
        {
            // Keeps priority: updated in place.
            order.Quantity = newTotal;
            order.Remaining = newRemaining;
            order.Visible = Math.Min(order.Visible, newRemaining);
            sink.OnAmended(new OrderAmended(Spec.Id, order.Id, order.Account, order.Price, new Quantity(newTotal), new Quantity(newRemaining), LostPriority: false));
            EmitLevel(order.Side, order.Price, ref sink);
            return true;
        }

        // Loses priority: leaves its level, then comes back in as an incoming GTC limit order.
        sink.OnAmended(new OrderAmended(Spec.Id, order.Id, order.Account, effectivePrice, new Quantity(newTotal), new Quantity(newRemaining), LostPriority: true));
        _resting.Remove(order);
        EmitLevel(order.Side, order.Price, ref sink);

        order.Price = effectivePrice;
        order.Quantity = newTotal;
        order.Remaining = newRemaining;
        order.Visible = 0;
        Execute(order, ref sink);
        return true;
    }

    public bool Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        RejectReason? reason = null;
        var order = Find(cancel.Id);
        if (cancel.Instrument != Spec.Id)
        {
            reason = RejectReason.UnknownInstrument;
        }
        else if (order is null)
        {
            reason = RejectReason.OrderNotFound;
        }
        else if (order.Account != cancel.Account)
        {
            reason = RejectReason.NotOrderOwner;
        }

        if (reason is { } refused)
        {
            sink.OnRejected(new CommandRejected(cancel.Instrument, CommandKind.CancelOrder, cancel.Id, cancel.Account, refused));
            return false;
        }

        CancelResting(order!, CancelReason.UserRequested, ref sink);
        return true;
    }

    /// <summary>Cancels the account's resting orders in ascending id; returns how many.</summary>
    public int CancelAll<TSink>(AccountId account, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var mine = _resting.Where(o => o.Account == account).OrderBy(o => o.Id.Value).ToList();
        foreach (var order in mine)
        {
            CancelResting(order, CancelReason.CancelAll, ref sink);
        }

        return mine.Count;
    }

    public bool TryGetOrder(OrderId id, out RestingOrder order)
    {
        var found = Find(id);
        order = found?.ToResting() ?? default;
        return found is not null;
    }

    /// <summary>The side's resting orders in priority order: best price first, then time.</summary>
    public IReadOnlyList<RestingOrder> GetOrders(Side side) => Sorted(side).Select(o => o.ToResting()).ToList();

    /// <summary>Up to <paramref name="depth"/> aggregated levels of a side, best first.</summary>
    public IReadOnlyList<BookLevel> GetLevels(Side side, int depth = int.MaxValue) =>
        Sorted(side)
            .GroupBy(o => o.Price)
            .Select(g => new BookLevel(g.Key, new Quantity(g.Sum(o => o.Visible)), g.Count()))
            .Take(depth)
            .ToList();

    /// <summary>A deep copy: changing the copy never changes this book.</summary>
    public ReferenceOrderBook Clone() => new(Spec, MaxRestingOrders)
    {
        _resting = _resting.Select(o => o.Clone()).ToList(),
        _lastPriority = _lastPriority,
        _highestAcceptedId = _highestAcceptedId,
    };

    private RejectReason? ValidateNew(in NewOrder order, out Price effectivePrice)
    {
        effectivePrice = order.Price;
        var canRest = order.Type == OrderType.Limit && order.TimeInForce == TimeInForce.GoodTilCancelled;
        if (order.Instrument != Spec.Id)
        {
            return RejectReason.UnknownInstrument;
        }

        if (!Enum.IsDefined(order.Side))
        {
            return RejectReason.InvalidSide;
        }

        if (!Enum.IsDefined(order.Type))
        {
            return RejectReason.InvalidOrderType;
        }

        if (!Enum.IsDefined(order.TimeInForce))
        {
            return RejectReason.InvalidTimeInForce;
        }

        if (!Enum.IsDefined(order.PostOnly))
        {
            return RejectReason.InvalidPostOnly;
        }

        if (!Enum.IsDefined(order.SelfTradePrevention))
        {
            return RejectReason.InvalidSelfTradePrevention;
        }

        if (PriceProblem(order.Price) is { } priceProblem)
        {
            return priceProblem;
        }

        if (order.Quantity.Lots <= 0)
        {
            return RejectReason.QuantityNotPositive;
        }

        if (order.Quantity > Spec.MaxOrderQuantity)
        {
            return RejectReason.QuantityAboveMaximum;
        }

        if (order.Type == OrderType.Market && order.TimeInForce == TimeInForce.GoodTilCancelled)
        {
            return RejectReason.MarketOrderMustBeImmediate;
        }

        if (order.PostOnly != PostOnly.Off && !canRest)
        {
            return RejectReason.PostOnlyMustRest;
        }

        if (order.DisplayQuantity.Lots < 0 || order.DisplayQuantity > order.Quantity || (order.DisplayQuantity.Lots != 0 && !canRest)
            || TooManySlices(order.DisplayQuantity.Lots, order.Quantity.Lots))
        {
            return RejectReason.InvalidDisplayQuantity;
        }

        if (order.Id.Value <= 0 || order.Id.Value <= _highestAcceptedId)
        {
            return RejectReason.OrderIdAlreadyUsed;
        }

        if (order.TimeInForce == TimeInForce.GoodTilCancelled && _resting.Count >= MaxRestingOrders)
        {
            return RejectReason.BookFull;
        }

        return PostOnlyCheck(order.Side, order.Price, order.PostOnly, out effectivePrice);
    }

    private RejectReason? ValidateAmend(in AmendOrder amend, out RefOrder order, out Price effectivePrice)
    {
        order = null!;
        effectivePrice = amend.Price;
        if (amend.Instrument != Spec.Id)
        {
            return RejectReason.UnknownInstrument;
        }

        if (Find(amend.Id) is not { } found)
        {
            return RejectReason.OrderNotFound;
        }

        order = found;
        if (order.Account != amend.Account)
        {
            return RejectReason.NotOrderOwner;
        }

        if (PriceProblem(amend.Price) is { } priceProblem)
        {
            return priceProblem;
        }

        if (amend.Quantity.Lots < 0)
        {
            return RejectReason.QuantityNotPositive;
        }

        if (amend.Quantity.Lots > 0)
        {
            if (amend.Quantity > Spec.MaxOrderQuantity)
            {
                return RejectReason.QuantityAboveMaximum;
            }

            if (amend.Quantity.Lots <= order.Filled)
            {
                return RejectReason.AmendQuantityNotAboveFilled;
            }
        }

        var newTotal = amend.Quantity.Lots > 0 ? amend.Quantity.Lots : order.Quantity;
        if (TooManySlices(order.Display, newTotal - order.Filled))
        {
            return RejectReason.InvalidDisplayQuantity;
        }

        return PostOnlyCheck(order.Side, amend.Price, order.PostOnly, out effectivePrice);
    }

    /// <summary>An iceberg may not need more than <see cref="OrderBook.MaxIcebergSlices"/> slices.</summary>
    private static bool TooManySlices(long display, long remaining) => display > 0 && remaining > display * OrderBook.MaxIcebergSlices;

    private RejectReason? PriceProblem(Price price)
    {
        if (price.Ticks < 1 || price > Spec.MaxPrice)
        {
            return RejectReason.PriceOutOfBounds;
        }

        return Spec.Ticks.IsOnGrid(price) ? null : RejectReason.PriceOffTickGrid;
    }

    /// <summary>Post-only: reject a crossing price, or re-price it to one valid tick inside the opposite best.</summary>
    private RejectReason? PostOnlyCheck(Side side, Price price, PostOnly postOnly, out Price effectivePrice)
    {
        effectivePrice = price;
        if (postOnly == PostOnly.Off)
        {
            return null;
        }

        if (side == Side.Buy)
        {
            if (BestAsk is not { } ask || price < ask)
            {
                return null;
            }

            if (postOnly == PostOnly.Reject || ask.Ticks == 1)
            {
                return RejectReason.PostOnlyWouldCross;
            }

            effectivePrice = Spec.Ticks.NextDown(ask);
        }
        else
        {
            if (BestBid is not { } bid || price > bid)
            {
                return null;
            }

            if (postOnly == PostOnly.Reject || bid == Spec.MaxPrice)
            {
                return RejectReason.PostOnlyWouldCross;
            }

            effectivePrice = Spec.Ticks.NextUp(bid);
        }

        if (!Spec.IsValidPrice(effectivePrice) || effectivePrice.Ticks < 1)
        {
            throw new InvalidOperationException($"re-priced to an invalid price {effectivePrice}");
        }

        return null;
    }

    /// <summary>Matching, then the remainder: cancelled (self-trade, or not resting), or rested at the back of its level.</summary>
    private void Execute<TSink>(RefOrder incoming, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var stoppedBySelfTrade = Match(incoming, ref sink);
        if (incoming.Remaining == 0)
        {
            return;
        }

        if (stoppedBySelfTrade)
        {
            CancelRemainder(incoming, CancelReason.SelfTradePrevention, ref sink);
        }
        else if (incoming.Type == OrderType.Limit && incoming.TimeInForce == TimeInForce.GoodTilCancelled)
        {
            incoming.Visible = incoming.FreshSlice;
            incoming.Priority = ++_lastPriority;
            _resting.Add(incoming);
            EmitLevel(incoming.Side, incoming.Price, ref sink);
        }
        else
        {
            CancelRemainder(incoming, CancelReason.ImmediateOrCancel, ref sink);
        }
    }

    /// <summary>Walks the opposite side from its best order; true when a self-trade rule stopped the walk.</summary>
    private bool Match<TSink>(RefOrder incoming, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var opposite = incoming.Side.Opposite();
        Price? level = null;
        var levelChanged = false;
        var stopped = false;
        while (incoming.Remaining > 0)
        {
            var maker = Best(opposite);
            if (maker is null || !WithinLimit(incoming, maker.Price))
            {
                break;
            }

            if (level != maker.Price)
            {
                if (level is { } left && levelChanged)
                {
                    EmitLevel(opposite, left, ref sink);
                }

                level = maker.Price;
                levelChanged = false;
            }

            if (maker.Account == incoming.Account && incoming.SelfTradePrevention != SelfTradePrevention.Off)
            {
                var outcome = PreventSelfTrade(incoming, maker, ref sink, out var changed);
                levelChanged |= changed;
                if (outcome == SelfTradeOutcome.Stop)
                {
                    stopped = true;
                    break;
                }

                continue;
            }

            Fill(incoming, maker, ref sink);
            levelChanged = true;
        }

        if (level is { } last && levelChanged)
        {
            EmitLevel(opposite, last, ref sink);
        }

        return stopped;
    }

    private SelfTradeOutcome PreventSelfTrade<TSink>(RefOrder incoming, RefOrder maker, ref TSink sink, out bool levelChanged)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        switch (incoming.SelfTradePrevention)
        {
            case SelfTradePrevention.CancelResting:
                CancelWithoutLevelEvent(maker, CancelReason.SelfTradePrevention, ref sink);
                levelChanged = true;
                return SelfTradeOutcome.GoOn;
            case SelfTradePrevention.CancelIncoming:
                levelChanged = false;
                return SelfTradeOutcome.Stop;
            case SelfTradePrevention.CancelBoth:
                CancelWithoutLevelEvent(maker, CancelReason.SelfTradePrevention, ref sink);
                levelChanged = true;
                return SelfTradeOutcome.Stop;
            case SelfTradePrevention.DecrementBoth:
                var d = Math.Min(incoming.Remaining, maker.Remaining);
                maker.Remaining -= d;
                maker.Quantity -= d;
                maker.Visible = Math.Min(maker.Visible, maker.Remaining);
                maker.Move(maker.Remaining == 0 ? OrderTransition.Cancel : OrderTransition.Reduce);
                if (maker.Remaining == 0)
                {
                    _resting.Remove(maker);
                }

                sink.OnCancelled(new OrderCancelled(Spec.Id, maker.Id, maker.Account, maker.Side, maker.Price, new Quantity(d), new Quantity(maker.Remaining), CancelReason.SelfTradePrevention));

                incoming.Remaining -= d;
                incoming.Quantity -= d;
                incoming.Move(incoming.Remaining == 0 ? OrderTransition.Cancel : OrderTransition.Reduce);
                sink.OnCancelled(new OrderCancelled(Spec.Id, incoming.Id, incoming.Account, incoming.Side, incoming.Price, new Quantity(d), new Quantity(incoming.Remaining), CancelReason.SelfTradePrevention));
                levelChanged = true;
                return SelfTradeOutcome.GoOn;
            default:
                throw new InvalidOperationException($"unexpected self-trade prevention {incoming.SelfTradePrevention}");
        }
    }

    /// <summary>One trade against the maker's visible slice, at the maker's price; a used-up iceberg slice is replenished at the back.</summary>
    private void Fill<TSink>(RefOrder incoming, RefOrder maker, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var quantity = Math.Min(incoming.Remaining, maker.Visible);
        maker.Visible -= quantity;
        maker.Remaining -= quantity;
        maker.Filled += quantity;
        maker.Move(maker.Remaining == 0 ? OrderTransition.Fill : OrderTransition.PartialFill);
        incoming.Remaining -= quantity;
        incoming.Filled += quantity;
        incoming.Move(incoming.Remaining == 0 ? OrderTransition.Fill : OrderTransition.PartialFill);
        sink.OnTrade(new Trade(
            Spec.Id,
            maker.Price,
            new Quantity(quantity),
            incoming.Side,
            maker.Id,
            maker.Account,
            new Quantity(maker.Remaining),
            incoming.Id,
            incoming.Account,
            new Quantity(incoming.Remaining)));

        if (maker.Remaining == 0)
        {
            _resting.Remove(maker);
        }
        else if (maker.Visible == 0)
        {
            maker.Visible = maker.FreshSlice;
            maker.Priority = ++_lastPriority;
        }
    }

    /// <summary>Runs the order as immediate-or-cancel on a clone: it qualifies when nothing would be left of it.</summary>
    private bool WouldBeDisposedOfInFull(RefOrder incoming)
    {
        var probe = incoming.Clone();
        var discard = default(NoEvents);
        Clone().Match(probe, ref discard);
        return probe.Remaining == 0;
    }

    private void CancelResting<TSink>(RefOrder order, CancelReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        CancelWithoutLevelEvent(order, reason, ref sink);
        EmitLevel(order.Side, order.Price, ref sink);
    }

    private void CancelWithoutLevelEvent<TSink>(RefOrder order, CancelReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        _resting.Remove(order);
        CancelRemainder(order, reason, ref sink);
    }

    private void CancelRemainder<TSink>(RefOrder order, CancelReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var cancelled = order.Remaining;
        order.Remaining = 0;
        order.Visible = 0;
        order.Move(OrderTransition.Cancel);
        sink.OnCancelled(new OrderCancelled(Spec.Id, order.Id, order.Account, order.Side, order.Price, new Quantity(cancelled), Quantity.Zero, reason));
    }

    private void EmitLevel<TSink>(Side side, Price price, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var atLevel = _resting.Where(o => o.Side == side && o.Price == price).ToList();
        sink.OnLevelChanged(new BookLevelChanged(Spec.Id, side, price, new Quantity(atLevel.Sum(o => o.Visible)), atLevel.Count));
    }

    private static bool WithinLimit(RefOrder incoming, Price makerPrice) =>
        incoming.Side == Side.Buy ? makerPrice <= incoming.Price : makerPrice >= incoming.Price;

    /// <summary>The side's first order in priority: best price (highest bid, lowest ask), then earliest stamp.</summary>
    private RefOrder? Best(Side side)
    {
        RefOrder? best = null;
        foreach (var order in _resting)
        {
            if (order.Side != side)
            {
                continue;
            }

            if (best is null
                || (side == Side.Buy ? order.Price > best.Price : order.Price < best.Price)
                || (order.Price == best.Price && order.Priority < best.Priority))
            {
                best = order;
            }
        }

        return best;
    }

    private IEnumerable<RefOrder> Sorted(Side side)
    {
        var ofSide = _resting.Where(o => o.Side == side);
        var byPrice = side == Side.Buy ? ofSide.OrderByDescending(o => o.Price.Ticks) : ofSide.OrderBy(o => o.Price.Ticks);
        return byPrice.ThenBy(o => o.Priority);
    }

    private RefOrder? Find(OrderId id) => _resting.Find(o => o.Id == id);
}
