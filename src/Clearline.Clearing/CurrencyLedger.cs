using Clearline.Domain;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// The venue's own books per settlement currency: what came in and went out, the rounding residual kept from trades,
/// the insurance fund, the losses socialised so far and the funding pool. The clearing invariant: 10¹⁰ × (Σ balances
/// + insurance fund + funding pool − deposited + withdrawn) + residual = Σ cost of open positions, exactly, in fine
/// units (docs/clearing.md).
/// </summary>
/// <param name="Deposited">Every deposit accepted.</param>
/// <param name="Withdrawn">Every withdrawal accepted.</param>
/// <param name="Residual">The fractions of a minimal unit cut from realised PnL, kept by the venue.</param>
/// <param name="InsuranceFund">Liquidation fees in, bankrupt accounts' deficits out; never negative.</param>
/// <param name="Socialised">Every loss taken from positive balances because the fund could not cover it: bookkeeping, not money held.</param>
/// <param name="FundingPool">The opposite of every funding credit booked to a balance: what positions still to settle will take out or put in.</param>
public readonly record struct CurrencyLedger(Money Deposited, Money Withdrawn, FineMoney Residual, Money InsuranceFund, Money Socialised, Money FundingPool);
