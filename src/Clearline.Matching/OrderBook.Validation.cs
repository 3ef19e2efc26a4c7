using Clearline.Domain;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>Validation: every command is checked in the order docs/matching.md gives; the first failure is the reason.</summary>
public sealed partial class OrderBook
{
    /// <summary>
    /// What <see cref="Submit"/> would refuse the order for, or 0, without changing anything: a clearing layer asks
    /// this before its own checks, so a malformed order gets the book's reason. <paramref name="price"/> is the price
    /// the order would carry (after post-only re-pricing).
    /// </summary>
    public RejectReason Validate(in NewOrder order, out Price price)
    {
        var reason = ValidateNew(order, out var ticks);
        price = new Price(ticks);
        return reason;
    }

    /// <summary>
    /// What <see cref="Amend"/> would refuse the amendment for, or 0, without changing anything; on success
    /// <paramref name="order"/> is the order as it rests now and <paramref name="quantity"/> its new total size.
    /// </summary>
    public RejectReason Validate(in AmendOrder amend, out RestingOrder order, out Quantity quantity)
    {
        var reason = ValidateAmend(amend, out var slot, out _, out var lots);
        order = reason == 0 ? View(slot) : default;
        quantity = new Quantity(lots);
        return reason;
    }

    private RejectReason ValidateNew(in NewOrder order, out long price)
    {
        price = order.Price.Ticks;
        if (order.Instrument != _instrument)
        {
            return RejectReason.UnknownInstrument;
        }

        var enumReason = ValidateEnums(order);
        if (enumReason != 0)
        {
            return enumReason;
        }

        var priceReason = ValidatePrice(price);
        if (priceReason != 0)
        {
            return priceReason;
        }

        var quantity = order.Quantity.Lots;
        if (quantity <= 0)
        {
            return RejectReason.QuantityNotPositive;
        }

        if (quantity > _maxQuantity)
        {
            return RejectReason.QuantityAboveMaximum;
        }

        var rests = order.Type == OrderType.Limit && order.TimeInForce == TimeInForce.GoodTilCancelled;
        if (order.Type == OrderType.Market && order.TimeInForce == TimeInForce.GoodTilCancelled)
        {
            return RejectReason.MarketOrderMustBeImmediate;
        }

        if (order.PostOnly != PostOnly.Off && !rests)
        {
            return RejectReason.PostOnlyMustRest;
        }

        var display = order.DisplayQuantity.Lots;
        if (display < 0 || display > quantity || (display != 0 && !rests) || TooManySlices(display, quantity))
        {
            return RejectReason.InvalidDisplayQuantity;
        }

        if (order.Id.Value <= _highestAcceptedId)
        {
            return RejectReason.OrderIdAlreadyUsed;
        }

        if (rests && _orderCount >= MaxRestingOrders)
        {
            return RejectReason.BookFull;
        }

        return ApplyPostOnly(order.PostOnly, order.Side, ref price);
    }

    private static RejectReason ValidateEnums(in NewOrder order)
    {
        if (order.Side is not (Side.Buy or Side.Sell))
        {
            return RejectReason.InvalidSide;
        }

        if (order.Type is not (OrderType.Limit or OrderType.Market))
        {
            return RejectReason.InvalidOrderType;
        }

        if (order.TimeInForce is not (TimeInForce.GoodTilCancelled or TimeInForce.ImmediateOrCancel or TimeInForce.FillOrKill))
        {
            return RejectReason.InvalidTimeInForce;
        }

        if (order.PostOnly is not (PostOnly.Off or PostOnly.Reject or PostOnly.Reprice))
        {
            return RejectReason.InvalidPostOnly;
        }

        return order.SelfTradePrevention > SelfTradePrevention.DecrementBoth ? RejectReason.InvalidSelfTradePrevention : 0;
    }

    private RejectReason ValidateAmend(in AmendOrder amend, out int slot, out long price, out long quantity)
    {
        price = amend.Price.Ticks;
        quantity = 0;
        var reason = ValidateOwnedOrder(amend.Instrument, amend.Id, amend.Account, out slot);
        if (reason != 0)
        {
            return reason;
        }

        reason = ValidatePrice(price);
        if (reason != 0)
        {
            return reason;
        }

        ref var order = ref _orders[slot];
        quantity = amend.Quantity.Lots == 0 ? order.Quantity : amend.Quantity.Lots;
        if (quantity < 0)
        {
            return RejectReason.QuantityNotPositive;
        }

        if (quantity > _maxQuantity)
        {
            return RejectReason.QuantityAboveMaximum;
        }

        var filled = order.Quantity - order.Remaining;
        if (quantity <= filled)
        {
            return RejectReason.AmendQuantityNotAboveFilled;
        }

        if (TooManySlices(order.Display, quantity - filled))
        {
            return RejectReason.InvalidDisplayQuantity;
        }

        return ApplyPostOnly(order.PostOnly, order.Side, ref price);
    }

    private static bool TooManySlices(long display, long remaining) => display > 0 && remaining > display * MaxIcebergSlices;

    private RejectReason ValidateOwnedOrder(InstrumentId instrument, OrderId id, AccountId account, out int slot)
    {
        slot = -1;
        if (instrument != _instrument)
        {
            return RejectReason.UnknownInstrument;
        }

        slot = _orderIds.Find(id.Value, _orders);
        if (slot < 0)
        {
            return RejectReason.OrderNotFound;
        }

        return _orders[slot].Account == account.Value ? 0 : RejectReason.NotOrderOwner;
    }

    private RejectReason ValidatePrice(long price)
    {
        if (price < 1 || price > _maxPrice)
        {
            return RejectReason.PriceOutOfBounds;
        }

        return _ticks.IsOnGrid(new Price(price)) ? 0 : RejectReason.PriceOffTickGrid;
    }

    /// <summary>A post-only price that would take liquidity is rejected, or moved one valid tick inside the opposite best.</summary>
    private RejectReason ApplyPostOnly(PostOnly postOnly, Side side, ref long price)
    {
        if (postOnly == PostOnly.Off)
        {
            return 0;
        }

        var crosses = side == Side.Buy ? price >= _bestAsk : price <= _bestBid;
        if (!crosses)
        {
            return 0;
        }

        if (postOnly == PostOnly.Reject)
        {
            return RejectReason.PostOnlyWouldCross;
        }

        var inside = side == Side.Buy ? _ticks.NextDown(new Price(_bestAsk)).Ticks : _ticks.NextUp(new Price(_bestBid)).Ticks;
        if (inside < 1 || inside > _maxPrice)
        {
            return RejectReason.PostOnlyWouldCross;
        }

        price = inside;
        return 0;
    }
}
