using System.Globalization;

namespace Clearline.Risk.Funding;

/// <summary>
/// A funding rate (or a premium, which has the same unit) as a fraction of position value in parts per billion:
/// 1 ppb = 10⁻⁹, 0.01% = 100,000 ppb. Continuous funding quotes it per 8 hours, discrete funding per interval.
/// </summary>
/// <remarks>
/// ppb is finer than venues publish (Deribit and Binance show 8 decimals, i.e. 10 ppb), and small enough that
/// rate × microseconds stays far inside <see cref="Int128"/>. Accrual is exact because the engine integrates
/// rate × time in integers (<see cref="ContinuousFunding"/>), not because of the rate's resolution.
/// </remarks>
public readonly record struct FundingRate(long Ppb) : IComparable<FundingRate>
{
    public const long Scale = 1_000_000_000;

    public static FundingRate Zero => default;

    /// <summary>Exact conversion from a fraction (0.0001 for 0.01%); false when it has more than 9 decimals or does not fit.</summary>
    public static bool TryFromDecimal(decimal fraction, out FundingRate rate)
    {
        const decimal Limit = (decimal)long.MaxValue / Scale;
        var scaled = fraction is >= -Limit and <= Limit ? fraction * Scale : decimal.MaxValue;
        if (scaled != decimal.Truncate(scaled) || scaled is > long.MaxValue or < long.MinValue)
        {
            rate = default;
            return false;
        }

        rate = new FundingRate((long)scaled);
        return true;
    }

    /// <summary>The rate as a fraction, for the API edge (Deribit's <c>current_funding</c>, Binance's <c>fundingRate</c>).</summary>
    public decimal ToDecimal() => (decimal)Ppb / Scale;

    /// <summary>This rate limited to [<paramref name="min"/>, <paramref name="max"/>]; the caller guarantees min ≤ max.</summary>
    public FundingRate Clamp(FundingRate min, FundingRate max) => new(Math.Clamp(Ppb, min.Ppb, max.Ppb));

    public int CompareTo(FundingRate other) => Ppb.CompareTo(other.Ppb);

    public static bool operator <(FundingRate left, FundingRate right) => left.Ppb < right.Ppb;

    public static bool operator >(FundingRate left, FundingRate right) => left.Ppb > right.Ppb;

    public static bool operator <=(FundingRate left, FundingRate right) => left.Ppb <= right.Ppb;

    public static bool operator >=(FundingRate left, FundingRate right) => left.Ppb >= right.Ppb;

    public static FundingRate operator +(FundingRate left, FundingRate right) => new(checked(left.Ppb + right.Ppb));

    public static FundingRate operator -(FundingRate left, FundingRate right) => new(checked(left.Ppb - right.Ppb));

    public static FundingRate operator -(FundingRate rate) => new(checked(-rate.Ppb));

    public override string ToString() => ToDecimal().ToString(CultureInfo.InvariantCulture);
}
