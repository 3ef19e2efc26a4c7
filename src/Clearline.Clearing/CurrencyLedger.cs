using Clearline.Domain;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// The venue's own books per settlement currency: what came in and went out, and the rounding residual kept from
/// trades. The clearing invariant: 10¹⁰ × (Σ balances − deposited + withdrawn) + residual = Σ cost of open positions,
/// exactly, in fine units (docs/clearing.md).
/// </summary>
public readonly record struct CurrencyLedger(Money Deposited, Money Withdrawn, FineMoney Residual);
