using Clearline.Domain;

namespace Clearline.Risk.Positions;

/// <summary>
/// The positions after a trade, the realised PnL booked to each side's balance, and the rounding residual
/// (0 ≤ residual &lt; 2 minimal units, in fine units) booked to the venue.
/// </summary>
public readonly record struct TradeOutcome(Position Buyer, Position Seller, Money BuyerRealised, Money SellerRealised, FineMoney Residual);
