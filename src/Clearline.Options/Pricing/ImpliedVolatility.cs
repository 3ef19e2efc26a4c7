using Clearline.Domain.Instruments;
using Clearline.Options.Numerics;

namespace Clearline.Options.Pricing;

/// <summary>
/// The Black-76 volatility that reproduces a price. The price is reduced to the normalised out-of-the-money time value
/// β = (undiscounted price − intrinsic)/√(F·K) and b(q, s) = β is solved for s = σ√T (<see cref="NormalizedBlack"/>).
/// b is convex in s below its inflection point s_c = √(2|q|) and concave above it, so each side gets its own iteration
/// from s_c (Jäckel's idea in "Let's Be Rational", without his rational guesses): above s_c, on b itself; below s_c,
/// where b vanishes like e^(−q²/2s²), on √(−2 ln b) as a function of 1/s, which is nearly linear there, the first step
/// from a model with the right asymptote. Steps are Halley's (third order, from the closed-form b''), Newton's far from
/// the root. A bracket that every evaluation narrows turns any step that leaves it into a bisection, so the iteration
/// ends whatever rounding does. Deterministic, allocation-free, no exceptions.
/// </summary>
public static class ImpliedVolatility
{
    /// <summary>After a Newton step (quadratic) this small relative step leaves an error far below an ulp.</summary>
    private const double NewtonTolerance = 1e-13;

    /// <summary>
    /// After a Halley step (cubic: the next error is of order the step cubed) this one does: 1e-6 leaves ~1e-18,
    /// and saves the evaluation that would only confirm it. (1e-4 measurably costs accuracy, 1e-5 does not yet.)
    /// </summary>
    private const double HalleyTolerance = 1e-6;

    /// <summary>Enough for bisection alone to shrink the bracket below an ulp; Halley needs a handful.</summary>
    private const int MaxIterations = 128;

    /// <summary>From here on b(q, s) equals its bound e^(q/2) in double precision (Φ(−s/2) &lt; 1e-300).</summary>
    private const double MaxTotalVolatility = 80.0;

    /// <summary>The volatility (fraction per year) whose Black-76 price is <paramref name="price"/> (discounted by e^(−rT)).</summary>
    public static ImpliedVolatilityResult Solve(OptionType type, double forward, double strike, double years, double price, double rate)
    {
        if (Black76.CheckContract(forward, strike, years, rate) != PricingInputError.None || !double.IsFinite(price))
        {
            return ImpliedVolatilityResult.Failure(ImpliedVolatilityError.InvalidInput);
        }

        var timeValue = (price / Black76.Discount(rate, years)) - Black76.Intrinsic(type, forward, strike);
        if (timeValue < 0)
        {
            return ImpliedVolatilityResult.Failure(ImpliedVolatilityError.BelowIntrinsic);
        }

        if (timeValue == 0)
        {
            return ImpliedVolatilityResult.Failure(ImpliedVolatilityError.AtIntrinsic);
        }

        // The time value is below min(F, K): a call is worth less than F, a put less than K.
        if (timeValue >= Math.Min(forward, strike))
        {
            return ImpliedVolatilityResult.Failure(ImpliedVolatilityError.AtOrAboveMaximum);
        }

        var q = -Math.Abs(DeterministicMath.LogRatio(forward, strike));
        var s = TotalVolatility(timeValue / Math.Sqrt(forward * strike), q);
        return double.IsNaN(s)
            ? ImpliedVolatilityResult.Failure(ImpliedVolatilityError.AtOrAboveMaximum)
            : ImpliedVolatilityResult.Success(s / Math.Sqrt(years));
    }

    /// <summary>s with b(q, s) = β for q ≤ 0 and β > 0; NaN when β is not below the bound e^(q/2) in double precision.</summary>
    internal static double TotalVolatility(double beta, double q)
    {
        var bound = DeterministicMath.Exp(0.5 * q);
        if (!(beta < bound))
        {
            return double.NaN;
        }

        var inflection = Math.Sqrt(-2.0 * q);
        double atInflection, slopeAtInflection;
        if (inflection >= 2 * NormalizedBlack.SeriesMaxT)
        {
            // At s_c, h = −t: b = vega·(Y(0) − Y(−s_c)) with vega = e^(−(h²+t²)/2)/√(2π) = e^(q/2)/√(2π), the bound's
            // exponential; no cancellation to speak of where the series would not be used.
            slopeAtInflection = NormalDistribution.InverseSqrt2Pi * bound;
            atInflection = slopeAtInflection * (NormalDistribution.SqrtHalfPi - NormalDistribution.MillsRatio(-inflection));
        }
        else if (inflection > 0)
        {
            (atInflection, slopeAtInflection, _, _) = NormalizedBlack.Evaluate(q, inflection, 1.0 / inflection);
        }
        else
        {
            (atInflection, slopeAtInflection) = (0.0, NormalDistribution.InverseSqrt2Pi); // at the money: b(0) = 0, b'(0) = 1/√(2π)
        }

        return beta < atInflection
            ? BelowInflection(beta, q, inflection, atInflection, slopeAtInflection)
            : AboveInflection(beta, q, inflection, atInflection, slopeAtInflection);
    }

    /// <summary>Halley on G(u) = √(−2 ln b(1/u)) − √(−2 ln β) in u = 1/s, bracketed in s by (0, s_c).</summary>
    private static double BelowInflection(double beta, double q, double inflection, double atInflection, double slopeAtInflection)
    {
        var logBeta = DeterministicMath.Log(beta);
        var inverseBeta = 1.0 / beta;
        var target = Math.Sqrt(-2.0 * logBeta);
        var iterate = new Bracket(0.0, inflection, inflection, 1.0 / inflection, atInflection, slopeAtInflection);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (s, u, b, slope) = (iterate.S, iterate.InverseS, iterate.B, iterate.Slope);
            var (next, nextU) = (double.NaN, double.NaN);
            var tolerance = NewtonTolerance; // a bisection, unless a step is taken below
            if (b > 0)
            {
                // ln(β/b), exact where b ≈ β: there ln b and ln β agree to the last bits and their difference would be
                // rounding noise. ln b itself follows from it without a second logarithm. Reciprocals are taken once
                // and multiplied: the iteration is one chain, and a division is three times a multiplication's latency.
                var inverseB = 1.0 / b;
                var logRatio = DeterministicMath.LogRatio(beta, b, inverseBeta, beta * inverseB);

                // Derivatives in u = 1/s of L = ln b and G = √(−2L), from b' = vega and b'' = vega·(h²/s − s/4).
                var g = Math.Sqrt(-2.0 * (logBeta - logRatio));
                var inverseG = 1.0 / g;
                var ls = slope * inverseB;
                var lss = (ls * ((q * q * u * u * u) - (0.25 * s))) - (ls * ls);
                var s2 = s * s;
                var lu = -s2 * ls;
                var luu = (2.0 * s2 * s * ls) + (s2 * s2 * lss);
                var gu = -lu * inverseG;
                var guu = -inverseG * (luu + (lu * lu * inverseG * inverseG));

                var residual = 2.0 * logRatio / (g + target); // G − target
                nextU = u - HalleyStep(residual, gu, guu, out tolerance);
                if (iteration == 0 && AsymptoticRoot(q, u, s, g, gu, target) is > 0 and var root)
                {
                    (nextU, tolerance) = (root, NewtonTolerance);
                }

                next = 1.0 / nextU;
            }

            if (iterate.Step(beta, q, next, nextU, tolerance))
            {
                return iterate.S;
            }
        }

        return iterate.S;
    }

    /// <summary>
    /// The first step below the inflection point. G(u) grows like |q|·u as u = 1/s → ∞ (b ~ e^(−q²u²/2)), so the model
    /// G(u) ≈ |q|·u + B + C/u, matched to G and G' at u, solved for G* (a quadratic in u), lands nearer the root than a
    /// Halley step from s_c, which knows nothing of the asymptote (about one evaluation fewer per solve in three).
    /// NaN when the model has no root.
    /// </summary>
    private static double AsymptoticRoot(double q, double u, double s, double g, double slope, double target)
    {
        var asymptote = -q;
        var c = (asymptote - slope) * u * u;
        var offset = target - (g - (asymptote * u) - (c * s));
        var discriminant = (offset * offset) - (4 * asymptote * c);
        return discriminant >= 0 ? (offset + Math.Sqrt(discriminant)) / (2 * asymptote) : double.NaN;
    }

    /// <summary>b''/b' = h²/s − s/4 with h = q/s: zero at the inflection point, negative above it.</summary>
    private static double Curvature(double q, double s) => (q * q / (s * s * s)) - (0.25 * s);

    /// <summary>
    /// Halley's step f/f' / (1 − f·f''/(2f'²)) (third order); Newton's f/f' where the correction is large, i.e. far
    /// from the root, where Halley's factor says little. <paramref name="tolerance"/>: the relative step below which
    /// the iteration may stop after this kind of step.
    /// </summary>
    private static double HalleyStep(double f, double slope, double secondDerivative, out double tolerance)
    {
        var inverseSlope = 1.0 / slope;
        var newton = f * inverseSlope;
        var factor = 1.0 - (0.5 * newton * secondDerivative * inverseSlope);
        var halley = factor is > 0.5 and < 2.0;
        tolerance = halley ? HalleyTolerance : NewtonTolerance;
        return halley ? newton / factor : newton;
    }

    /// <summary>Halley on b(s) − β from s_c, bracketed by [s_c, <see cref="MaxTotalVolatility"/>].</summary>
    private static double AboveInflection(double beta, double q, double inflection, double atInflection, double slopeAtInflection)
    {
        var iterate = new Bracket(inflection, MaxTotalVolatility, inflection, 1.0 / inflection, atInflection, slopeAtInflection);
        var capChecked = false;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (s, b, slope) = (iterate.S, iterate.B, iterate.Slope);
            var next = s - HalleyStep(b - beta, slope, slope * Curvature(q, s), out var tolerance);
            if (next >= iterate.High && !capChecked)
            {
                // Only a price within rounding of the bound sends a step this far: is the root below the cap at all?
                capChecked = true;
                if (NormalizedBlack.Evaluate(q, iterate.High, 1.0 / iterate.High).TimeValue < beta)
                {
                    return double.NaN;
                }
            }

            if (iterate.Step(beta, q, next, 1.0 / next, tolerance))
            {
                return iterate.S;
            }
        }

        return iterate.S;
    }

    /// <summary>
    /// The bracketed iterate both solvers share: the root lies in (<see cref="Low"/>, <see cref="High"/>), and
    /// <see cref="B"/> and <see cref="Slope"/> are b and b' at <see cref="S"/>, <see cref="InverseS"/> is 1/S.
    /// </summary>
    private struct Bracket(double low, double high, double s, double inverseS, double b, double slope)
    {
        public double Low = low;
        public double High = high;
        public double S = s;
        public double InverseS = inverseS;
        public double B = b;
        public double Slope = slope;

        /// <summary>
        /// Takes the proposed <paramref name="next"/>: true (with <see cref="S"/> set to it) when it is within
        /// <paramref name="tolerance"/> of S; otherwise moves to it, or bisects when it leaves the bracket (or is NaN),
        /// evaluates b there and closes the bracket on it. <paramref name="inverseNext"/> is 1/next, which the solver
        /// below the inflection point has before next itself (it steps in 1/s): two divisions fewer per step.
        /// </summary>
        public bool Step(double beta, double q, double next, double inverseNext, double tolerance)
        {
            // Converged first: at the root a step of rounding noise may point out of a bracket that has shrunk onto s.
            if (Math.Abs(next - S) <= tolerance * S)
            {
                S = next;
                return true;
            }

            if (!(next > Low && next < High))
            {
                next = 0.5 * (Low + High);
                inverseNext = 1.0 / next;
            }

            (S, InverseS) = (next, inverseNext);
            (B, Slope, _, _) = NormalizedBlack.Evaluate(q, S, InverseS);
            if (B < beta)
            {
                Low = S;
            }
            else
            {
                High = S;
            }

            return false;
        }
    }
}
