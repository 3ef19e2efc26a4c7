using Clearline.Domain;

namespace Clearline.Risk.Positions;

/// <summary>
/// Both sides of one trade: each position takes the fill, each realised PnL is booked in whole minimal units
/// rounded toward negative infinity, and the fractions cut off go to the venue's residual account.
/// </summary>
/// <remarks>
/// Zero-sum: the buyer's and the seller's fill values are exact opposites (<see cref="ContractTerms.TradeValue"/>),
/// so over all accounts of one settlement currency Σ fill values = 0 and, position by position,
/// Σ realised = Σ cost. Hence, at every moment and exactly in fine units,
/// <c>PerMoneyUnit · Σ booked realised + residual = Σ cost of open positions</c>;
/// once every position is flat, booked realised + residual sum to zero, and the residual, never negative, is a
/// whole number of minimal units.
/// </remarks>
public static class TradeSettlement
{
    public static TradeOutcome Settle(ContractTerms terms, in Position buyer, in Position seller, Quantity quantity, QuotePrice price)
    {
        var buy = buyer.Apply(terms, Side.Buy, quantity, price);
        var sell = seller.Apply(terms, Side.Sell, quantity, price);
        var buyerMoney = buy.Realised.FloorToMoney(out var buyerRest);
        var sellerMoney = sell.Realised.FloorToMoney(out var sellerRest);
        return new TradeOutcome(buy.Position, sell.Position, buyerMoney, sellerMoney, buyerRest + sellerRest);
    }
}

