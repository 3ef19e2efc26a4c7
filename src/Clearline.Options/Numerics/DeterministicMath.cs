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

    /// <summary>32/ln 2: e^x = 2^(k/32)·e^r.</summary>
    private const double ThirtyTwoOverLn2 = 46.16624130844683;

    /// <summary>1.5·2^52: a double this large has no fraction bits, and its low 32 bits hold a small added integer.</summary>
    private const double RoundingShifter = 6755399441055744.0;

    /// <summary>Above this, e^x overflows to +∞.</summary>
    private const double ExpOverflow = 7.09782712893383973096e+02;

    /// <summary>Below this, e^x is below half the smallest subnormal and rounds to 0.</summary>
    private const double ExpUnderflow = -7.45133219101941108420e+02;

    /// <summary>The bits of the double nearest √½ (0.7071067811865476).</summary>
    private const long SqrtHalfBits = 0x3FE6_A09E_667F_3BCD;

    /// <summary>2^27 + 1: Veltkamp's splitting constant for doubles (53-bit significands).</summary>
    private const double SplitFactor = 134217729.0;

    /// <summary>
    /// e^x. Reduce x = (32m + j)·ln 2/32 + r with |r| ≤ ln 2/64 (Cody–Waite, two-part ln 2), so e^x = 2^m·2^(j/32)·e^r;
    /// e^r − 1 by its Taylor series to r^6 (the first omitted term is below 4e-18 relative), 2^(j/32) from a table
    /// as high + low parts, and 2^m exactly through the exponent bits. The table buys a polynomial of degree 6 instead
    /// of 13: fewer operations on the pricing kernel's critical path.
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

        // Adding 1.5·2^52 rounds x·32/ln 2 to an integer (to nearest, ties to even, as Math.Round would), which then
        // sits in the low bits: one addition instead of a round and a conversion on the critical path.
        var shifted = (x * ThirtyTwoOverLn2) + RoundingShifter;
        var k = shifted - RoundingShifter;
        var r = (x - (k * (Ln2High / 32))) - (k * (Ln2Low / 32)); // the parts ÷ 32 are exact, k·(Ln2High/32) too
        var r2 = r * r;
        var expm1 = r + (r2 * ((0.5 + (r * (1.0 / 6))) + (r2 * (((1.0 / 24) + (r * (1.0 / 120))) + (r2 * (1.0 / 720))))));
        var n = (int)BitConverter.DoubleToInt64Bits(shifted);
        var j = (n & 31) * 2;
        var table = PowersOfTwoOver32;
        var high = table[j];

        // 2^(j/32)·(1 + expm1) = high + (high·expm1 + low), low·expm1 being below 1e-19 of the result.
        return ScaleByPowerOfTwo(high + ((high * expm1) + table[j + 1]), n >> 5);
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
        var subnormalShift = 0;
        if (bits >> 52 == 0)
        {
            // Subnormal: scale into the normal range first (exact).
            bits = BitConverter.DoubleToInt64Bits(x * 18014398509481984.0); // 2^54
            subnormalShift = 54;
        }

        // The exponent counted from √½ rather than from 1 (musl's trick): x = 2^e·m with m in [√½, √2) by integer
        // arithmetic, with no branch on which side of √2 the significand lies (random in the kernel: F/K and β/b
        // fall on both sides of 1).
        var offset = bits - SqrtHalfBits;
        var exponent = (int)(offset >> 52) - subnormalShift;
        var m = BitConverter.Int64BitsToDouble(bits - (offset & unchecked((long)0xFFF0_0000_0000_0000UL)));

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
    public static double LogRatio(double a, double b) => LogRatio(a, b, 1.0 / a, a / b);

    /// <summary>
    /// <see cref="LogRatio(double, double)"/> from reciprocals a caller already has: <paramref name="quotient"/> need
    /// only be within a few ulps of a/b (e.g. a·(1/b)), as the exact residual corrects it all the same.
    /// </summary>
    internal static double LogRatio(double a, double b, double inverseA, double quotient)
    {
        var (product, error) = TwoProduct(quotient, b);
        var residual = (a - product) - error; // a − product is exact: the two are within a factor 2 (Sterbenz)
        return Log(quotient) + (residual * inverseA);
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

    /// <summary>
    /// 2^(j/32) for j = 0..31 as pairs (high, low): high the double nearest to it, low the double nearest to the rest
    /// (computed at 50 digits; high + low is within 2^-100 of 2^(j/32)).
    /// </summary>
    private static ReadOnlySpan<double> PowersOfTwoOver32 =>
    [
        1.0, 0.0,
        1.0218971486541166, 5.109225028973444e-17,
        1.0442737824274138, 8.551889705537965e-17,
        1.0671404006768237, -7.899853966841582e-17,
        1.0905077326652577, -3.046782079812471e-17,
        1.1143867425958924, 1.0410278456845571e-16,
        1.1387886347566916, 8.912812676025408e-17,
        1.1637248587775775, 3.8292048369240935e-17,
        1.189207115002721, 3.982015231465646e-17,
        1.215247359980469, -7.712630692681488e-17,
        1.241857812073484, 4.658027591836937e-17,
        1.2690509571917332, 2.667932131342186e-18,
        1.2968395546510096, 2.5382502794888315e-17,
        1.3252366431597413, -2.8587312100388614e-17,
        1.3542555469368927, 7.70094837980299e-17,
        1.383909881963832, -6.770511658794786e-17,
        1.4142135623730951, -9.667293313452913e-17,
        1.4451808069770467, -3.0237581349939873e-17,
        1.4768261459394993, -3.483994556892796e-17,
        1.5091644275934228, -1.016455327754295e-16,
        1.5422108254079407, 7.949834809697621e-17,
        1.5759808451078865, -1.0136916471278304e-17,
        1.6104903319492543, 2.4707192569797888e-17,
        1.645755478153965, -1.0125679913674773e-16,
        1.681792830507429, 8.199010020581497e-17,
        1.718619298122478, -1.851380418263111e-17,
        1.7562521603732995, 2.960140695448873e-17,
        1.7947090750031072, 1.8227458427912087e-17,
        1.8340080864093424, 3.283107224245627e-17,
        1.8741676341103, -6.122763413004143e-17,
        1.9152065613971474, -1.0619946056195963e-16,
        1.9571441241754002, 8.960767791036668e-17
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfTwo(int k) => BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
}
