using Clearline.Options.Numerics;

namespace Clearline.Options.Pricing;

/// <summary>
/// The normalised Black time value b(q, s) = time value / √(F·K) of the out-of-the-money option, with q = −|ln(F/K)|
/// ≤ 0 and s = σ√T > 0; every Black-76 price is intrinsic + √(F·K)·b. Following Jäckel ("Let's Be Rational", 2015),
/// with h = q/s and t = s/2, b = φ-factor·[Y(h+t) − Y(h−t)] where Y = Φ/φ is Mills' ratio and the φ-factor is
/// e^(−(h²+t²)/2)/√(2π) = ∂b/∂s. The two Mills' ratios cancel when t is small, so there the difference is summed as
/// its Taylor series in t instead, the derivatives of Y from Y' = 1 + zY, i.e. Y⁽ⁿ⁺¹⁾ = z·Y⁽ⁿ⁾ + n·Y⁽ⁿ⁻¹⁾.
/// </summary>
internal static class NormalizedBlack
{
    /// <summary>Below this t = s/2 the series is used: from here up, the direct difference loses at most ~20× an ulp.</summary>
    private const double SeriesMaxT = 0.1;

    /// <summary>
    /// The recurrence for Y⁽ⁿ⁾ cancels by about h² per step; beyond this |h| the direct difference is the better of
    /// the two (and the value is below e^(−50)).
    /// </summary>
    private const double SeriesMinH = -10.0;

    /// <summary>Highest odd derivative in the series: with t &lt; 0.1 the first omitted term is below 1e-17 relative.</summary>
    private const int SeriesOrder = 13;

    /// <summary>
    /// b(q, s) for q ≤ 0, s > 0, and <paramref name="vega"/> = ∂b/∂s = e^(−(h²+t²)/2)/√(2π) (so F·φ(d1) = √(F·K)·vega).
    /// </summary>
    public static double TimeValue(double q, double s, out double vega)
    {
        var h = q / s;
        var t = 0.5 * s;
        vega = NormalDistribution.InverseSqrt2Pi * DeterministicMath.Exp(-0.5 * ((h * h) + (t * t)));
        if (t < SeriesMaxT && h >= SeriesMinH)
        {
            return 2.0 * vega * OddTaylorSum(h, t);
        }

        if (h + t <= 0)
        {
            return vega * (NormalDistribution.MillsRatio(h + t) - NormalDistribution.MillsRatio(h - t));
        }

        // The at-the-money side of the forward (d1 > 0): e^(q/2)·Φ(d1) − e^(−q/2)·Φ(d2), no cancellation to speak of.
        var halfMoneyness = DeterministicMath.Exp(0.5 * q);
        return (halfMoneyness * NormalDistribution.Cdf(h + t)) - (NormalDistribution.Cdf(h - t) / halfMoneyness);
    }

    /// <summary>Σ over odd n ≤ 13 of Y⁽ⁿ⁾(h)·tⁿ/n!, which is half of Y(h+t) − Y(h−t).</summary>
    private static double OddTaylorSum(double h, double t)
    {
        var previous = NormalDistribution.MillsRatio(h); // Y⁽ⁿ⁻¹⁾
        var current = 1.0 + (h * previous); // Y⁽ⁿ⁾, n = 1
        var power = t; // tⁿ/n!
        var sum = current * power;
        for (var n = 1; n < SeriesOrder; n++)
        {
            var next = (h * current) + (n * previous);
            previous = current;
            current = next;
            power *= t / (n + 1);
            if (n % 2 == 0)
            {
                sum += current * power;
            }
        }

        return sum;
    }
}
