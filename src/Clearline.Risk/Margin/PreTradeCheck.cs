using Clearline.Domain;

namespace Clearline.Risk.Margin;

/// <summary>
/// The risk questions asked of an order before it reaches the book, answered in O(1) from the account's margin
/// summary and the exposure of the order's instrument. Checks run in this order and the first failure wins:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Position limit: the worst-case position on the order's side (position + resting orders on that side +
/// the order) must stay within the instrument's limit, unless it is no larger than the position already is
/// (so orders that reduce a position over a lowered limit still pass).</item>
/// <item>Funds: the reservation for the instrument's orders is recomputed with the order; if it grows, the growth
/// must fit in the available funds. An order that does not raise the initial margin is never refused for funds,
/// so an account short of margin can always reduce.</item>
/// </list>
/// Immediate fills are not modelled: the order is margined as if it rested at its price, and its open loss covers
/// filling at that price when it lies through the mark.
/// </remarks>
public static class PreTradeCheck
{
    public static PreTradeRejection WouldExceed(in MarginSummary account, in InstrumentExposure exposure, Side side, Quantity quantity, QuotePrice price)
    {
        var memo = default(InitialMarginMemo);
        return WouldExceed(account, exposure, exposure.PositionMargin.Initial, exposure.OrdersMargin, side, quantity, price, ref memo);
    }

    /// <summary>
    /// The same check, with the position's initial margin and the exposure's order reservation
    /// (<see cref="InstrumentExposure.OrdersMargin"/>) already known to the caller, as a stake keeps them, and the
    /// stake's <see cref="InitialMarginMemo"/>.
    /// </summary>
    public static PreTradeRejection WouldExceed(in MarginSummary account, in InstrumentExposure exposure, Money positionInitial, Money ordersMargin, Side side, Quantity quantity, QuotePrice price, ref InitialMarginMemo memo)
    {
        var after = exposure.WithOrder(side, quantity, price);
        var position = exposure.Position.Size;
        var worst = side == Side.Buy ? checked(position + after.BuyLots) : checked(position - after.SellLots);
        if (Math.Abs(worst) > exposure.Risk.MaxPositionLots && Math.Abs(worst) > Math.Abs(position))
        {
            return PreTradeRejection.MaxPositionExceeded;
        }

        var growth = after.OrdersMarginGiven(positionInitial, ref memo) - ordersMargin;
        return growth > Money.Zero && account.AvailableFunds - growth < Money.Zero
            ? PreTradeRejection.NotEnoughFunds
            : PreTradeRejection.None;
    }
}
