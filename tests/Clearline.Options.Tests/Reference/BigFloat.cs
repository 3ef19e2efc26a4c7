using System.Numerics;

namespace Clearline.Options.Tests.Reference;

/// <summary>
/// A binary floating-point number with a <see cref="Precision"/>-bit significand (value = Significand·2^Exponent), in
/// BigInteger arithmetic, truncating after each operation. Only for reference values in tests: slow, but with about
/// 80 decimal digits it shares nothing with the kernel's double arithmetic and its error is negligible beside it.
/// Doubles convert in exactly.
/// </summary>
internal readonly record struct BigFloat(BigInteger Significand, int Exponent) : IComparable<BigFloat>
{
    public const int Precision = 288;

    public static readonly BigFloat Zero = new(BigInteger.Zero, 0);

    public static readonly BigFloat One = FromDouble(1.0);

    public bool IsZero => Significand.IsZero;

    public int Sign => Significand.Sign;

    public static BigFloat FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "finite values only");
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0x000F_FFFF_FFFF_FFFFL;
        var significand = biased == 0 ? fraction : fraction | (1L << 52);
        var exponent = (biased == 0 ? 1 : biased) - 1075;
        return Normalize(value < 0 ? -significand : significand, exponent);
    }

    public static BigFloat FromInteger(long value) => Normalize(value, 0);

    /// <summary>The nearest double, to within one part in 2^62 before the final rounding (then at most half an ulp more).</summary>
    public double ToDouble()
    {
        if (IsZero)
        {
            return 0.0;
        }

        var magnitude = BigInteger.Abs(Significand);
        var shift = (int)magnitude.GetBitLength() - 62;
        var top = (long)(magnitude >> shift);
        var result = Math.ScaleB(top, Exponent + shift);
        return Sign < 0 ? -result : result;
    }

    public static BigFloat operator +(BigFloat a, BigFloat b)
    {
        if (a.IsZero)
        {
            return b;
        }

        if (b.IsZero)
        {
            return a;
        }

        var (high, low) = a.Exponent >= b.Exponent ? (a, b) : (b, a);
        var gap = high.Exponent - low.Exponent;
        if (gap > (2 * Precision) + 8)
        {
            return high; // low is below the last bit of high
        }

        return Normalize((high.Significand << gap) + low.Significand, low.Exponent);
    }

    public static BigFloat operator -(BigFloat a) => new(-a.Significand, a.Exponent);

    public static BigFloat operator -(BigFloat a, BigFloat b) => a + (-b);

    public static BigFloat operator *(BigFloat a, BigFloat b) => Normalize(a.Significand * b.Significand, a.Exponent + b.Exponent);

    public static BigFloat operator /(BigFloat a, BigFloat b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException();
        }

        return Normalize((a.Significand << (Precision + 2)) / b.Significand, a.Exponent - b.Exponent - Precision - 2);
    }

    public static bool operator <(BigFloat a, BigFloat b) => a.CompareTo(b) < 0;

    public static bool operator >(BigFloat a, BigFloat b) => a.CompareTo(b) > 0;

    public static bool operator <=(BigFloat a, BigFloat b) => a.CompareTo(b) <= 0;

    public static bool operator >=(BigFloat a, BigFloat b) => a.CompareTo(b) >= 0;

    public int CompareTo(BigFloat other) => (this - other).Sign;

    public BigFloat Abs() => Sign < 0 ? -this : this;

    /// <summary>this·2^k, exactly.</summary>
    public BigFloat ScaleB(int k) => IsZero ? this : new(Significand, Exponent + k);

    /// <summary>The integer nearest to this value (ties away from zero); for arguments of moderate size.</summary>
    public long RoundToInteger()
    {
        var half = FromDouble(Sign < 0 ? -0.5 : 0.5);
        var shifted = this + half;
        return shifted.Exponent >= 0 ? (long)(shifted.Significand << shifted.Exponent) : (long)BigInteger.Divide(shifted.Significand, BigInteger.One << -shifted.Exponent);
    }

    private static BigFloat Normalize(BigInteger significand, int exponent)
    {
        if (significand.IsZero)
        {
            return Zero;
        }

        var excess = (int)BigInteger.Abs(significand).GetBitLength() - Precision;
        return excess > 0 ? new(significand / (BigInteger.One << excess), exponent + excess) : new(significand << -excess, exponent + excess);
    }
}
