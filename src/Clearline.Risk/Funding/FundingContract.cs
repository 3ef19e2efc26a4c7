using Clearline.Domain.Instruments;

namespace Clearline.Risk.Funding;

/// <summary>
/// What one lot of a perpetual is worth in its settlement currency at a given mark, which is all funding needs to
/// know about the contract: an inverse lot is a fixed USD amount, worth amount / mark coins; a linear lot is a fixed
/// amount of the base coin, worth amount × mark in the quote currency.
/// </summary>
public sealed record FundingContract
{
    private const int MaxSettlementDecimals = 18;

    /// <summary>Lot value in minimal units × 10⁹ is this factor over the mark (inverse) or this factor × mark / 10⁷ (linear).</summary>
    private readonly Int128 _lotValueFactor;

    /// <param name="settlement">Inverse (size in USD, paid in the coin) or linear (size in the coin, paid in the quote currency).</param>
    /// <param name="lotAmountE8">The amount one lot stands for × 10⁸: 1,000,000,000 for a 10 USD inverse lot, 100,000 for a 0.001 BTC linear lot.</param>
    /// <param name="settlementDecimals">Decimals of the settlement currency's minimal unit: 8 for BTC (satoshi), 6 for USDC.</param>
    /// <exception cref="OverflowException">The lot value scaled to index units does not fit in <see cref="Int128"/>.</exception>
    public FundingContract(SettlementType settlement, long lotAmountE8, int settlementDecimals)
    {
        if (!Enum.IsDefined(settlement))
        {
            throw new ArgumentOutOfRangeException(nameof(settlement), settlement, "unknown settlement type");
        }

        if (lotAmountE8 <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lotAmountE8), lotAmountE8, "must be positive");
        }

        if (settlementDecimals is < 0 or > MaxSettlementDecimals)
        {
            throw new ArgumentOutOfRangeException(nameof(settlementDecimals), settlementDecimals, $"must be 0..{MaxSettlementDecimals}");
        }

        Settlement = settlement;
        LotAmountE8 = lotAmountE8;
        SettlementDecimals = settlementDecimals;
        _lotValueFactor = checked(lotAmountE8 * Int128Pow10(settlement == SettlementType.Inverse ? settlementDecimals + 9 : settlementDecimals));
    }

    public SettlementType Settlement { get; }

    /// <summary>The amount one lot stands for × 10⁸: USD for inverse contracts, the base coin for linear ones.</summary>
    public long LotAmountE8 { get; }

    public int SettlementDecimals { get; }

    /// <summary>The contract of a perpetual from its spec; its lot size must have at most 8 decimals.</summary>
    public static FundingContract FromSpec(InstrumentSpec spec, int settlementDecimals)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind != InstrumentKind.Perpetual)
        {
            throw new ArgumentException($"{spec.Name} is not a perpetual: only perpetuals pay funding", nameof(spec));
        }

        var scaled = spec.LotSize * 100_000_000m;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
        {
            throw new ArgumentException($"lot size {spec.LotSize} of {spec.Name} has more than 8 decimals or does not fit", nameof(spec));
        }

        return new FundingContract(spec.Settlement, (long)scaled, settlementDecimals);
    }

    /// <summary>
    /// The index delta per lot for <paramref name="rateTime"/> / <paramref name="period"/> of value at
    /// <paramref name="mark"/>, where rateTime is ppb × time in units of which <paramref name="period"/> make one
    /// funding period: ⌊rateTime / (10⁹ × period) × lot value × 10¹⁸⌋.
    /// </summary>
    internal FundingIndex IndexDelta(Int128 rateTime, ulong period, QuotePrice mark)
    {
        if (rateTime == 0)
        {
            return FundingIndex.Zero;
        }

        if (!mark.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark, "funding accrued without a positive mark");
        }

        return Settlement == SettlementType.Inverse
            ? new(WideMath.MulDivFloor(rateTime, _lotValueFactor, period, (ulong)mark.E8))
            : new(WideMath.MulDivFloor(rateTime, checked(_lotValueFactor * mark.E8), period, 10_000_000));
    }

    private static Int128 Int128Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
