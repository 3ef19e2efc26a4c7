namespace Clearline.Options.Numerics;

/// <summary>
/// The standard normal distribution from <see cref="DeterministicMath"/> and W. J. Cody's rational Chebyshev
/// approximations of the error function (Math. Comp. 23, 1969; the coefficients of his public-domain SPECFUN
/// routine CALERF). Tails keep their relative accuracy: Φ(x) for x ≪ 0 is e^(−x²/2) times a smooth factor, never
/// 1 minus something.
/// </summary>
public static class NormalDistribution
{
    /// <summary>1/√(2π).</summary>
    public const double InverseSqrt2Pi = 0.398942280401432677940;

    private const double InverseSqrt2 = 0.707106781186547524401;

    /// <summary>√(π/2) = Y(0), Mills' ratio at zero.</summary>
    internal const double SqrtHalfPi = 1.25331413731550025121;

    /// <summary>1/√π.</summary>
    private const double InverseSqrtPi = 0.564189583547756286948;

    /// <summary>Cody's boundary between his erf and erfc approximations, as a normal quantile: 0.46875·√2.</summary>
    internal const double CentralLimit = 0.46875 * 1.41421356237309504880;

    /// <summary>z₀ of <see cref="CentralMillsRatio"/>: a double near −<see cref="CentralLimit"/>/2.</summary>
    private const double CentralMillsCentre = -0.3314563036811941;

    /// <summary>Φ(x), the probability that a standard normal variable is at most x.</summary>
    public static double Cdf(double x)
    {
        if (x < -CentralLimit)
        {
            return 0.5 * ExpMinusHalfSquare(x) * ScaledErfc(-x * InverseSqrt2);
        }

        if (x > CentralLimit)
        {
            return 1.0 - (0.5 * ExpMinusHalfSquare(x) * ScaledErfc(x * InverseSqrt2));
        }

        return CentralCdf(x);
    }

    /// <summary>Φ(x) for |x| ≤ <see cref="CentralLimit"/>.</summary>
    internal static double CentralCdf(double x) => 0.5 + (0.5 * ErfCentral(x * InverseSqrt2));

    /// <summary>φ(x) = e^(−x²/2)/√(2π).</summary>
    public static double Pdf(double x) => InverseSqrt2Pi * ExpMinusHalfSquare(x);

    /// <summary>
    /// Mills' ratio Y(z) = Φ(z)/φ(z) for z ≤ 0: smooth and of order 1/|z|, so differences of it carry no exponential
    /// factor. For z below Cody's boundary it is √(π/2)·erfcx(−z/√2) outright; above it, a polynomial (no exponential,
    /// no division: the boundary is crossed near the money, on the pricing kernel's hot path).
    /// </summary>
    public static double MillsRatio(double z) =>
        z < -CentralLimit ? SqrtHalfPi * ScaledErfc(-z * InverseSqrt2) : CentralMillsRatio(z);

    /// <summary>
    /// Y(z) for −<see cref="CentralLimit"/> ≤ z ≤ 0 as a degree-13 polynomial in w = z − z₀ about the interval's middle:
    /// Y is entire, and Chebyshev interpolation (computed at 60 digits, then rounded to doubles) is within 8e-17
    /// relative on the interval; by Estrin's scheme, for a short dependency chain.
    /// </summary>
    private static double CentralMillsRatio(double z)
    {
        var w = z - CentralMillsCentre;
        var w2 = w * w;
        var w4 = w2 * w2;
        var w8 = w4 * w4;
        var low = ((0.9802212280357434 + (0.6750994949654316 * w)) + (w2 * (0.3782276224087181 + (0.18324452176389955 * w))))
            + (w4 * ((0.07937251764052707 + (0.031387200091127256 * w)) + (w2 * (0.011494838622509686 + (0.00393959473905831 * w)))));
        var high = ((0.0012736319057005312 + (0.00039082752776916816 * w)) + (w2 * (0.00011437535599242418 + (3.2074197553694274e-05 * w))))
            + (w4 * (8.867906059963751e-06 + (2.3008667170007472e-06 * w)));
        return low + (w8 * high);
    }

    /// <summary>
    /// e^(−x²/2) with x² split exactly into high + low parts, so the rounding of x² (up to x²·2^-53 in the exponent)
    /// does not become a relative error of the result: e^(−high/2)·(1 − low/2), the second factor exact to 1e-30.
    /// </summary>
    internal static double ExpMinusHalfSquare(double x)
    {
        var (square, error) = DeterministicMath.TwoProduct(x, x);
        return DeterministicMath.Exp(-0.5 * square) * (1.0 - (0.5 * error));
    }

    /// <summary>erf(u) for |u| ≤ 0.46875: u·P(u²)/Q(u²), Cody's first interval.</summary>
    private static double ErfCentral(double u)
    {
        var z = u * u;
        var numerator = (((((1.85777706184603153e-1 * z) + 3.16112374387056560e00) * z) + 1.13864154151050156e02) * z) + 3.77485237685302021e02;
        var denominator = ((((z + 2.36012909523441209e01) * z) + 2.44024637934444173e02) * z) + 1.28261652607737228e03;
        return u * ((numerator * z) + 3.20937758913846947e03) / ((denominator * z) + 2.84423683343917062e03);
    }

    /// <summary>erfcx(u) = e^(u²)·erfc(u) for u ≥ 0.46875: Cody's second (u ≤ 4) and third intervals.</summary>
    private static double ScaledErfc(double u)
    {
        if (u <= 4.0)
        {
            // Estrin's scheme rather than Horner's: the same polynomials, but a dependency chain of 4 multiply-adds
            // instead of 8 (the kernel is latency-bound).
            var u2 = u * u;
            var u4 = u2 * u2;
            var numerator = (1.23033935479799725e03 + (2.05107837782607147e03 * u))
                + (u2 * (1.71204761263407058e03 + (8.81952221241769090e02 * u)))
                + (u4 * ((2.98635138197400131e02 + (6.61191906371416295e01 * u)) + (u2 * (8.88314979438837594e00 + (5.64188496988670089e-1 * u)))))
                + (u4 * u4 * 2.15311535474403846e-8);
            var denominator = (1.23033935480374942e03 + (3.43936767414372164e03 * u))
                + (u2 * (4.36261909014324716e03 + (3.29079923573345963e03 * u)))
                + (u4 * ((1.62138957456669019e03 + (5.37181101862009858e02 * u)) + (u2 * (1.17693950891312499e02 + (1.57449261107098347e01 * u)))))
                + (u4 * u4);
            return numerator / denominator;
        }

        if (u >= 6.71e7)
        {
            return InverseSqrtPi / u; // the asymptotic series' correction is below an ulp
        }

        var w = 1.0 / (u * u);
        var p = (1.63153871373020978e-2 * w) + 3.05326634961232344e-1;
        p = (p * w) + 3.60344899949804439e-1;
        p = (p * w) + 1.25781726111229246e-1;
        p = (p * w) + 1.60837851487422766e-2;
        p = (p * w) + 6.58749161529837803e-4;
        var q = w + 2.56852019228982242e00;
        q = (q * w) + 1.87295284992346047e00;
        q = (q * w) + 5.27905102951428412e-1;
        q = (q * w) + 6.05183413124413191e-2;
        q = (q * w) + 2.33520497626869185e-3;
        return (InverseSqrtPi - (w * p / q)) / u;
    }
}
