using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Margin;

/// <summary>
/// Standard margin of one instrument: a position's initial and maintenance margin at mark, and the initial margin
/// its resting orders reserve. Every amount is rounded up to the minimal unit: the venue never asks too little.
/// </summary>
/// <remarks>
/// <para>Position: size in base coin s (inverse |Q|/mark, linear |q|), value V in the settlement currency (inverse
/// |Q|/mark coin, linear |q|·mark quote), IM = V × IM rate(s), MM = V × MM rate(s) (<see cref="MarginTiers"/>).
/// s and V are each rounded up first (to 10⁻⁸ coin and to the minimal unit), then the product is rounded up.</para>
/// <para>Orders: with position S, resting buys B and sells A (lots), any set of fills leaves the position within
/// [S − A, S + B]; IM only grows with |size| and |size| is largest at an end of that range, so the worse side bounds
/// every outcome. Reservation = max(0, max(IM(S + B), IM(S − A)) − IM(S)) + open loss, where the open loss is what
/// orders priced through the mark (buys above it, sells below it) would lose at once if filled, summed over both
/// sides and rounded up. An order that only reduces the position reserves nothing beyond its open loss.</para>
/// <para>An option's position margin is <see cref="OptionMarginRates"/>' instead of the tiers; its orders follow the
/// same reservation rule.</para>
/// </remarks>
public static class MarginCalculator
{
    private const long RateDenominator = MarginTiers.RateScale * MarginTiers.RateScale;

    public static MarginRequirement ForPosition(InstrumentRisk risk, long size, QuotePrice mark)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (risk.Option is { } option)
        {
            return option.ForPosition(risk.Terms, size, mark);
        }

        if (size == 0)
        {
            return MarginRequirement.Zero;
        }

        var (sizeE8, value) = SizeAndValue(risk.Terms, size, mark);
        return new MarginRequirement(
            Apply(risk.Tiers.InitialRateE16(sizeE8), value),
            Apply(risk.Tiers.MaintenanceRateE16(sizeE8), value));
    }

    /// <summary><see cref="ForPosition"/>'s initial margin alone: all an order reservation needs, at half the work.</summary>
    internal static Money InitialForPosition(InstrumentRisk risk, long size, QuotePrice mark)
    {
        if (risk.Option is { } option)
        {
            return option.ForPosition(risk.Terms, size, mark).Initial;
        }

        if (size == 0)
        {
            return Money.Zero;
        }

        var (sizeE8, value) = SizeAndValue(risk.Terms, size, mark);
        return Apply(risk.Tiers.InitialRateE16(sizeE8), value);
    }

    /// <summary>
    /// The initial margin resting orders reserve on top of the position's own (rule in the remarks). A caller that
    /// already knows the position's own initial margin at <paramref name="mark"/> (a stake keeps it) passes it as
    /// <paramref name="positionInitial"/>, so only the outcomes with the orders filled are margined.
    /// </summary>
    public static Money ForOpenOrders(InstrumentRisk risk, long position, long buyLots, long sellLots, FineMoney openLoss, QuotePrice mark, Money? positionInitial = null)
    {
        var memo = default(InitialMarginMemo);
        return ForOpenOrders(risk, position, buyLots, sellLots, openLoss, mark, positionInitial, ref memo);
    }

    /// <summary><see cref="ForOpenOrders(InstrumentRisk, long, long, long, FineMoney, QuotePrice, Money?)"/>, with the position margined through a memo the caller keeps.</summary>
    public static Money ForOpenOrders(InstrumentRisk risk, long position, long buyLots, long sellLots, FineMoney openLoss, QuotePrice mark, Money? positionInitial, ref InitialMarginMemo memo)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentOutOfRangeException.ThrowIfNegative(buyLots);
        ArgumentOutOfRangeException.ThrowIfNegative(sellLots);
        ArgumentOutOfRangeException.ThrowIfNegative(openLoss.Units);
        if (buyLots == 0 && sellLots == 0 && openLoss == FineMoney.Zero)
        {
            return Money.Zero; // what the rule below gives, without margining the position three times
        }

        var current = positionInitial ?? memo.InitialFor(risk, position, mark);
        var ifBuysFill = buyLots == 0 ? current : memo.InitialFor(risk, checked(position + buyLots), mark);
        var ifSellsFill = sellLots == 0 ? current : memo.InitialFor(risk, checked(position - sellLots), mark);
        var worse = ifBuysFill > ifSellsFill ? ifBuysFill : ifSellsFill;
        var increase = worse > current ? worse - current : Money.Zero;
        return increase + openLoss.CeilingToMoney();
    }

    /// <summary>
    /// What filling the order at its price would show at once as unrealised loss at <paramref name="mark"/>, in fine
    /// units (zero for a buy at or below the mark and a sell at or above it): fill value against the same lots' value
    /// at mark, both by <see cref="ContractTerms.TradeValue"/>.
    /// </summary>
    public static FineMoney OpenLoss(ContractTerms terms, Side side, Quantity quantity, QuotePrice price, QuotePrice mark)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (side == Side.Buy ? price <= mark : price >= mark)
        {
            return FineMoney.Zero; // not priced through the mark, as nearly every order: trade values rise with price, so no loss
        }

        var lots = side == Side.Buy ? quantity.Lots : -quantity.Lots;
        var pnlAtMark = terms.TradeValue(lots, mark) - terms.TradeValue(lots, price);
        return pnlAtMark < FineMoney.Zero ? -pnlAtMark : FineMoney.Zero;
    }

    /// <summary>Size in base coin × 10⁸ and value in minimal units, both rounded up.</summary>
    private static (Int128 SizeE8, long Value) SizeAndValue(ContractTerms terms, long size, QuotePrice mark)
    {
        if (!mark.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark, "a mark price must be positive");
        }

        var amount = Int128.Abs(terms.AmountE8(size));
        var unitsPerCoin = terms.Currency.UnitsPerCoin;
        if (terms.Settlement == SettlementType.Inverse)
        {
            // With 8 decimals (BTC, ETH) the size in 10⁻⁸ coin is the value in minimal units: one division serves both.
            var sizeE8 = WideMath.MulDivCeiling(amount, QuotePrice.Scale, mark.E8);
            return (sizeE8, WideMath.ToLong(unitsPerCoin == QuotePrice.Scale ? sizeE8 : WideMath.MulDivCeiling(amount, unitsPerCoin, mark.E8)));
        }

        // amount × 10⁻⁸ coin times mark × 10⁻⁸ quote, in units of 10^-decimals quote.
        return (amount, WideMath.ToLong(WideMath.MulDivCeiling(amount, mark.E8, QuotePrice.Scale * QuotePrice.Scale / unitsPerCoin)));
    }

    private static Money Apply(Int128 rateE16, long value) => new(WideMath.ToLong(WideMath.MulDivCeiling(rateE16, value, RateDenominator)));
}
