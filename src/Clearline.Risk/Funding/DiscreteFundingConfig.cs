namespace Clearline.Risk.Funding;

/// <summary>
/// Binance-style discrete funding for one perpetual: at every funding timestamp, positions open at that moment pay
/// F = P̄ + clamp(I − P̄, −band, +band), optionally held within [floor, cap], where P̄ is the average premium index of
/// the interval and I the interest rate. All rates are per interval.
/// </summary>
public sealed record DiscreteFundingConfig
{
    /// <summary>Eight hours in microseconds.</summary>
    public const long EightHoursMicros = 8L * 60 * 60 * 1_000_000;

    /// <param name="interestRate">I per interval; Binance uses 0.01% per 8 h (scale it down for shorter intervals).</param>
    /// <param name="band">Half-width of the clamp on I − P̄; Binance uses 0.05%.</param>
    /// <param name="floor">Optional lowest F (Binance derives it from margin ratios; configuration here).</param>
    /// <param name="cap">Optional highest F.</param>
    /// <param name="intervalMicros">Time between funding timestamps; 8 h by default, also 4 h or 1 h.</param>
    /// <param name="offsetMicros">Funding timestamps are offset + k × interval in Unix microseconds: 0 aligns 8-hour intervals to 00, 08 and 16 UTC.</param>
    /// <param name="weighting">How the interval's premium samples are averaged.</param>
    public DiscreteFundingConfig(
        FundingRate interestRate,
        FundingRate band,
        FundingRate? floor = null,
        FundingRate? cap = null,
        long intervalMicros = EightHoursMicros,
        long offsetMicros = 0,
        PremiumWeighting weighting = PremiumWeighting.Equal)
    {
        if (Math.Abs(interestRate.Ppb) > FundingRate.Scale)
        {
            throw new ArgumentOutOfRangeException(nameof(interestRate), interestRate, "must be within ±100%");
        }

        if (band < FundingRate.Zero || band.Ppb > FundingRate.Scale)
        {
            throw new ArgumentOutOfRangeException(nameof(band), band, "must be 0..100%");
        }

        if ((floor is { } f && Math.Abs(f.Ppb) > FundingRate.Scale) || (cap is { } c && Math.Abs(c.Ppb) > FundingRate.Scale) || floor > cap)
        {
            throw new ArgumentException($"floor {floor} and cap {cap} must be ordered and within ±100%");
        }

        if (intervalMicros <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalMicros), intervalMicros, "must be positive");
        }

        if (offsetMicros < 0 || offsetMicros >= intervalMicros)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetMicros), offsetMicros, "must be 0..interval");
        }

        if (!Enum.IsDefined(weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "unknown weighting");
        }

        InterestRate = interestRate;
        Band = band;
        Floor = floor;
        Cap = cap;
        IntervalMicros = intervalMicros;
        OffsetMicros = offsetMicros;
        Weighting = weighting;
    }

    /// <summary>Binance's defaults: I = 0.01% and band 0.05% per 8 h, timestamps at 00/08/16 UTC, equal weights, no outer cap.</summary>
    public static DiscreteFundingConfig Default { get; } = new(new FundingRate(100_000), new FundingRate(500_000));

    public FundingRate InterestRate { get; }

    public FundingRate Band { get; }

    public FundingRate? Floor { get; }

    public FundingRate? Cap { get; }

    public long IntervalMicros { get; }

    public long OffsetMicros { get; }

    public PremiumWeighting Weighting { get; }

    /// <summary>F for an interval whose average premium is <paramref name="averagePremium"/>.</summary>
    public FundingRate RateFor(FundingRate averagePremium)
    {
        var rate = averagePremium + (InterestRate - averagePremium).Clamp(-Band, Band);
        if (Floor is { } floor && rate < floor)
        {
            rate = floor;
        }

        return Cap is { } cap && rate > cap ? cap : rate;
    }

    /// <summary>The first funding timestamp strictly after <paramref name="micros"/>.</summary>
    public long NextTimestampAfter(long micros)
    {
        var sinceOffset = checked(micros - OffsetMicros);
        var intervals = Math.DivRem(sinceOffset, IntervalMicros, out var rest);
        if (rest < 0)
        {
            intervals--;
        }

        return checked(OffsetMicros + ((intervals + 1) * IntervalMicros));
    }
}
