using System.Runtime.CompilerServices;

namespace Clearline.Options.Numerics;

/// <summary>
/// Exponential and logarithm built only from IEEE-754 basic operations (+, −, ×, ÷, which every conforming platform
/// rounds identically) and exact bit manipulation, so results are bit-identical on every runtime and CPU, unlike the
/// platform's libm behind <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>. No fused multiply-add: the JIT never
/// contracts a*b+c on its own, and none is written here. Both are accurate to about one unit in the last place.
/// </summary>
public static class DeterministicMath
{
    /// <summary>ln 2 split Cody–Waite style: the high part has its low 21 bits zero, so k·Ln2High is exact for |k| &lt; 2^21.</summary>
    private const double Ln2High = 6.93147180369123816490e-01;

    /// <summary>ln 2 − <see cref="Ln2High"/>.</summary>
    private const double Ln2Low = 1.90821492927058770002e-10;

    private const double InverseLn2 = 1.44269504088896338700e+00;

    /// <summary>Above this, e^x overflows to +∞.</summary>
    private const double ExpOverflow = 7.09782712893383973096e+02;

    /// <summary>Below this, e^x is below half the smallest subnormal and rounds to 0.</summary>
    private const double ExpUnderflow = -7.45133219101941108420e+02;

    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>2^27 + 1: Veltkamp's splitting constant for doubles (53-bit significands).</summary>
    private const double SplitFactor = 134217729.0;

    /// <summary>
    /// e^x. Reduce x = k·ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite, two-part ln 2), sum the Taylor series of e^r − 1 to
    /// r^13 (the first omitted term is below 5e-18 relative), then scale by 2^k exactly through the exponent bits.
    /// </summary>
    public static double Exp(double x)
    {
        if (!(x < ExpOverflow))
        {
            return double.IsNaN(x) ? x : double.PositiveInfinity;
        }

        if (x < ExpUnderflow)
        {
            return 0.0;
        }

        var k = Math.Round(x * InverseLn2); // round-to-integral is an exact IEEE operation
        var r = (x - (k * Ln2High)) - (k * Ln2Low);
        var r2 = r * r;

        // e^r − 1 = r + r²/2! + … + r^13/13!: even and odd powers apart, each half by Estrin's scheme in r², so the
        // dependency chain is 4 multiply-adds deep instead of 13 (the pricing kernel is latency-bound). The order of
        // operations is fixed, so the result is too.
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var even = (0.5 + (r2 * (1.0 / 24))) + (r4 * ((1.0 / 720) + (r2 * (1.0 / 40320)))) + (r8 * ((1.0 / 3628800) + (r2 * (1.0 / 479001600))));
        var odd = ((1.0 / 6) + (r2 * (1.0 / 120))) + (r4 * ((1.0 / 5040) + (r2 * (1.0 / 362880)))) + (r8 * ((1.0 / 39916800) + (r2 * (1.0 / 6227020800))));
        var expm1 = r + (r2 * (even + (r * odd)));
        return ScaleByPowerOfTwo(1.0 + expm1, (int)k);
    }

    /// <summary>
    /// ln x. Write x = 2^e·m with m in [√½, √2), f = m − 1 (exact), s = f/(2+f); then ln m = 2·atanh s = 2s + s·R(s²)
    /// with R the atanh series to s^20 (by Estrin's scheme in s², for a short dependency chain), rearranged as
    /// f − (f²/2 − s(f²/2 + R)) so that the large part f enters exactly.
    /// </summary>
    public static double Log(double x)
    {
        if (!(x > 0))
        {
            return x == 0 ? double.NegativeInfinity : double.NaN;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)(bits >> 52) - 1023;
        if (exponent == -1023)
        {
            // Subnormal: scale into the normal range first (exact).
            bits = BitConverter.DoubleToInt64Bits(x * 18014398509481984.0); // 2^54
            exponent = (int)(bits >> 52) - 1023 - 54;
        }

        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > Sqrt2)
        {
            m *= 0.5;
            exponent++;
        }

        var f = m - 1.0;
        var s = f / (2.0 + f);
        var z = s * s;
        var z2 = z * z;
        var z4 = z2 * z2;
        var series = ((2.0 / 3) + (z * (2.0 / 5))) + (z2 * ((2.0 / 7) + (z * (2.0 / 9))))
            + (z4 * (((2.0 / 11) + (z * (2.0 / 13))) + (z2 * ((2.0 / 15) + (z * (2.0 / 17)))))) + (z4 * z4 * (2.0 / 19));
        var r = z * series;
        var halfSquare = 0.5 * f * f;
        double e = exponent;
        return (e * Ln2High) - ((halfSquare - ((s * (halfSquare + r)) + (e * Ln2Low))) - f);
    }

    /// <summary>
    /// ln(a/b) for positive finite a and b, without the rounding error of the quotient: with q = fl(a/b), the residual
    /// a − q·b is computed exactly (Dekker's two-product) and ln(a/b) = ln q + residual/a to well below an ulp. Near
    /// the money this matters: the log-moneyness is small and every absolute error in it is divided by σ√T.
    /// </summary>
    public static double LogRatio(double a, double b)
    {
        var q = a / b;
        var (product, error) = TwoProduct(q, b);
        var residual = (a - product) - error; // a − product is exact: the two are within a factor 2 (Sterbenz)
        return Log(q) + (residual / a);
    }

    /// <summary>a·b = product + error exactly (Dekker), for |a·b| well inside the double range.</summary>
    internal static (double Product, double Error) TwoProduct(double a, double b)
    {
        var product = a * b;
        var (aHigh, aLow) = Split(a);
        var (bHigh, bLow) = Split(b);
        var error = (((aHigh * bHigh) - product) + (aHigh * bLow) + (aLow * bHigh)) + (aLow * bLow);
        return (product, error);
    }

    /// <summary>Veltkamp's split of a into two halves of at most 26 significant bits each, a = high + low exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double High, double Low) Split(double a)
    {
        var c = SplitFactor * a;
        var high = c - (c - a);
        return (high, a - high);
    }

    /// <summary>value·2^k for value in [0.5, 2] and k from e^x's range reduction; one rounding at most (subnormal results).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ScaleByPowerOfTwo(double value, int k)
    {
        if (k > 1023)
        {
            return value * 2.0 * PowerOfTwo(k - 1);
        }

        if (k < -1022)
        {
            return value * PowerOfTwo(k + 1000) * PowerOfTwo(-1000);
        }

        return value * PowerOfTwo(k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfTwo(int k) => BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
}
