namespace Clearline.Risk.Funding;

/// <summary>
/// Premiums of a perpetual over its index, in the unit of <see cref="FundingRate"/>. Quotients are truncated toward
/// zero, so a premium and its mirror image (the same gap below the index) are exact negatives of each other and the
/// damper and clamps treat both sides alike.
/// </summary>
public static class Premium
{
    /// <summary>Deribit's premium rate: (mark − index) / index.</summary>
    public static FundingRate OfMark(QuotePrice mark, QuotePrice index)
    {
        RequirePositive(mark, nameof(mark));
        RequirePositive(index, nameof(index));
        return Fraction((Int128)mark.E8 - index.E8, index);
    }

    /// <summary>
    /// Binance's premium index: [max(0, impact bid − index) − max(0, index − impact ask)] / index, zero while the
    /// index lies inside the impact spread.
    /// </summary>
    public static FundingRate OfImpactPrices(QuotePrice impactBid, QuotePrice impactAsk, QuotePrice index)
    {
        RequirePositive(impactBid, nameof(impactBid));
        RequirePositive(impactAsk, nameof(impactAsk));
        RequirePositive(index, nameof(index));
        if (impactBid > impactAsk)
        {
            throw new ArgumentException($"impact bid {impactBid} is above impact ask {impactAsk}", nameof(impactBid));
        }

        var gap = Int128.Max(0, (Int128)impactBid.E8 - index.E8) - Int128.Max(0, (Int128)index.E8 - impactAsk.E8);
        return Fraction(gap, index);
    }

    private static FundingRate Fraction(Int128 gap, QuotePrice index) => new(checked((long)(gap * FundingRate.Scale / index.E8)));

    private static void RequirePositive(QuotePrice price, string name)
    {
        if (!price.IsPositive)
        {
            throw new ArgumentOutOfRangeException(name, price, "must be positive");
        }
    }
}
