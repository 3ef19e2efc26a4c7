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
    /// <summary>Below this t = s/2 the series is used: from here up, the direct difference loses at most ~20× an ulp for |h| ≤ 3.</summary>
    internal const double SeriesMaxT = 0.1;

    /// <summary>Below this t the series stops at t^7.</summary>
    private const double ShortSeriesMaxT = 0.02;

    /// <summary>
    /// The recurrence for Y⁽ⁿ⁾ cancels by about h² per step, which the powers of t (&lt; 0.1) absorb up to |h| ≈ 30
    /// (prices 20 standard deviations out stay within 1.4e-13, where the direct difference would lose ~1e-11); beyond,
    /// the direct difference is used, on values below e^(−450).
    /// </summary>
    private const double SeriesMinH = -30.0;

    /// <summary>
    /// b(q, s) and its parts for q ≤ 0, s > 0 (see <see cref="NormalizedValue"/>), given 1/s: h = q·(1/s), where the
    /// reciprocal waits only for s (a price's q comes from a logarithm, a shorter chain than q / s), and the
    /// implied-volatility solver, which steps in 1/s, has it already.
    /// </summary>
    public static NormalizedValue Evaluate(double q, double s, double inverseS)
    {
        var h = q * inverseS;
        var t = 0.5 * s;
        var vega = NormalDistribution.InverseSqrt2Pi * DeterministicMath.Exp(-0.5 * ((h * h) + (t * t)));
        if (t < SeriesMaxT && h >= SeriesMinH)
        {
            var (even, odd) = TaylorSums(h, t);
            return new NormalizedValue(2.0 * vega * odd, vega, vega * (even + odd), vega * (even - odd));
        }

        if (h + t <= 0)
        {
            var upper = NormalDistribution.MillsRatio(h + t);
            var lower = NormalDistribution.MillsRatio(h - t);
            return new NormalizedValue(vega * (upper - lower), vega, vega * upper, vega * lower);
        }

        // The at-the-money side of the forward (d1 > 0): e^(q/2)·Φ(d1) − e^(−q/2)·Φ(d2), no cancellation to speak of.
        // (h ± t)²/2 = (h² + t²)/2 ± q/2, so φ(d1) = vega·e^(−q/2) and φ(d2) = vega·e^(q/2): outside Cody's central
        // interval, where Φ = φ·Y, each leg takes vega's exponential instead of one of its own.
        var d1 = h + t;
        var d2 = h - t;
        var halfMoneyness = DeterministicMath.Exp(0.5 * q);
        var forward = d1 <= NormalDistribution.CentralLimit
            ? halfMoneyness * NormalDistribution.CentralCdf(d1)
            : halfMoneyness - (vega * NormalDistribution.MillsRatio(-d1));
        var strike = d2 >= -NormalDistribution.CentralLimit
            ? NormalDistribution.CentralCdf(d2) / halfMoneyness
            : vega * NormalDistribution.MillsRatio(d2);
        return new NormalizedValue(forward - strike, vega, forward, strike);
    }

    /// <summary>
    /// The Taylor series of Y(h ± t) in t split by parity: even = Σ Y⁽ⁿ⁾(h)·tⁿ/n! over even n, odd = the same over odd
    /// n, so Y(h ± t) = even ± odd and Y(h+t) − Y(h−t) = 2·odd without cancellation. To n = 13 (the first omitted
    /// term below 1e-17 relative for t &lt; 0.1), or to n = 7 for t &lt; 0.02 (below 1e-16). Summed in ascending order
    /// as the recurrence produces the derivatives, with tⁿ/n! from constant reciprocal factorials: the recurrence is
    /// the critical path, and nothing waits for its last term but one addition.
    /// </summary>
    private static (double Even, double Odd) TaylorSums(double h, double t)
    {
        var t2 = t * t;
        var t4 = t2 * t2;
        var y0 = NormalDistribution.MillsRatio(h);

        // Two steps of the recurrence at once, Y⁽ⁿ⁺²⁾ = (h² + n + 1)·Y⁽ⁿ⁾ + n·h·Y⁽ⁿ⁻¹⁾, with the factors computed from h
        // beside Mills' ratio: the chain from Y to the last derivative is then one multiply-add per two orders.
        var h2 = h * h;
        var y1 = 1.0 + (h * y0);
        var y2 = (h * y1) + y0;
        var y3 = ((h2 + 2) * y1) + (h * y0);
        var y4 = ((h2 + 3) * y2) + (2 * h * y1);
        var y5 = ((h2 + 4) * y3) + (3 * h * y2);
        var y6 = ((h2 + 5) * y4) + (4 * h * y3);
        var y7 = ((h2 + 6) * y5) + (5 * h * y4);
        var even = y0 + (y2 * t2 * 0.5) + (y4 * t4 * (1.0 / 24)) + (y6 * t4 * t2 * (1.0 / 720));
        var odd = y1 + (y3 * t2 * (1.0 / 6)) + (y5 * t4 * (1.0 / 120)) + (y7 * t4 * t2 * (1.0 / 5040));
        if (t >= ShortSeriesMaxT)
        {
            var t8 = t4 * t4;
            var y8 = ((h2 + 7) * y6) + (6 * h * y5);
            var y9 = ((h2 + 8) * y7) + (7 * h * y6);
            var y10 = ((h2 + 9) * y8) + (8 * h * y7);
            var y11 = ((h2 + 10) * y9) + (9 * h * y8);
            var y12 = ((h2 + 11) * y10) + (10 * h * y9);
            var y13 = ((h2 + 12) * y11) + (11 * h * y10);
            even += (y8 * t8 * (1.0 / 40320)) + (y10 * t8 * t2 * (1.0 / 3628800)) + (y12 * t8 * t4 * (1.0 / 479001600));
            odd += (y9 * t8 * (1.0 / 362880)) + (y11 * t8 * t2 * (1.0 / 39916800)) + (y13 * t8 * t4 * (1.0 / 6227020800));
        }

        return (even, t * odd);
    }
}

/// <summary>
/// The normalised out-of-the-money time value and its parts: <see cref="TimeValue"/> b = <see cref="ForwardLeg"/> −
/// <see cref="StrikeLeg"/>, where the forward leg is e^(q/2)·Φ(h+t) (F·Φ(d1)/√(F·K) for the out-of-the-money call) and
/// the strike leg e^(−q/2)·Φ(h−t); <see cref="Vega"/> = ∂b/∂s = e^(−(h²+t²)/2)/√(2π), so F·φ(d1) = √(F·K)·vega.
/// </summary>
internal readonly record struct NormalizedValue(double TimeValue, double Vega, double ForwardLeg, double StrikeLeg);
