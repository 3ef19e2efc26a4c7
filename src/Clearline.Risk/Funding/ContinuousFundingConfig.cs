namespace Clearline.Risk.Funding;

/// <summary>
/// Deribit-style continuous funding for one perpetual: rate = clamp(max(damper, premium) + min(−damper, premium),
/// min, max) per 8 hours, where premium = (mark − index) / index. Zero inside the damper band, premium ∓ damper
/// outside it.
/// </summary>
public sealed record ContinuousFundingConfig
{
    /// <param name="damper">Half-width of the band of premiums that pay nothing; Deribit uses 0.025%.</param>
    /// <param name="minRate">Floor of the 8-hour rate; caps are set per instrument.</param>
    /// <param name="maxRate">Cap of the 8-hour rate.</param>
    public ContinuousFundingConfig(FundingRate damper, FundingRate minRate, FundingRate maxRate)
    {
        if (damper < FundingRate.Zero || damper.Ppb > FundingRate.Scale)
        {
            throw new ArgumentOutOfRangeException(nameof(damper), damper, "must be 0..100%");
        }

        if (minRate > maxRate || minRate.Ppb < -FundingRate.Scale || maxRate.Ppb > FundingRate.Scale)
        {
            throw new ArgumentException($"caps [{minRate}, {maxRate}] must be ordered and within ±100% per 8 h");
        }

        Damper = damper;
        MinRate = minRate;
        MaxRate = maxRate;
    }

    /// <summary>Damper 0.025% and caps ±0.5% per 8 h: the damper is Deribit's; the caps are a placeholder to set per instrument.</summary>
    public static ContinuousFundingConfig Default { get; } = new(new FundingRate(250_000), new FundingRate(-5_000_000), new FundingRate(5_000_000));

    public FundingRate Damper { get; }

    public FundingRate MinRate { get; }

    public FundingRate MaxRate { get; }

    /// <summary>The 8-hour rate while <paramref name="mark"/> and <paramref name="index"/> hold.</summary>
    public FundingRate RateFor(QuotePrice mark, QuotePrice index)
    {
        var premium = Premium.OfMark(mark, index);
        var damped = (premium > Damper ? premium : Damper) + (premium < -Damper ? premium : -Damper);
        return damped.Clamp(MinRate, MaxRate);
    }
}
