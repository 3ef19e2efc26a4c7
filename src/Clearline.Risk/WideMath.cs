namespace Clearline.Risk;

/// <summary>
/// Exact integer helpers for the clearing formulas, each with a stated rounding: powers of ten, a·b/c formed so
/// that no intermediate exceeds <see cref="Int128"/> when the result fits, and ⌊x·y / (d1·d2)⌋ with the product
/// in 256 bits. Funding needs the wide form: a rate-time integral (ppb × µs) times a lot value in 10⁻¹⁸ units
/// overflows <see cref="Int128"/> long before the quotient does, and rounding the factors first would make the
/// result depend on how time was split.
/// </summary>
internal static class WideMath
{
    private static readonly long[] Powers =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    /// <summary>10^exponent for 0..18, the powers that fit a <see cref="long"/>.</summary>
    public static long Pow10(int exponent) => Powers[exponent];

    /// <summary>10^exponent for 0..19 (10^19 is the largest power of ten below 2^64).</summary>
    public static Int128 Pow10Wide(int exponent) => exponent == 19 ? (Int128)Powers[18] * 10 : Powers[exponent];

    /// <summary>⌊a / c⌋ for c &gt; 0 (C#'s division truncates toward zero instead).</summary>
    public static Int128 FloorDiv(Int128 a, Int128 c)
    {
        var q = a / c;
        return a % c < 0 ? q - 1 : q;
    }

    /// <summary>
    /// ⌊a·b / c⌋ for b ≥ 0 and c &gt; 0 with b·c within <see cref="Int128"/>, exact. a = q·c + r with 0 ≤ r &lt; c, so
    /// a·b/c = q·b + r·b/c: only r·b (below c·b) must fit, plus the result with b to spare (q·b lies within b of it).
    /// Checked: beyond that it throws rather than wrap.
    /// </summary>
    public static Int128 MulDivFloor(Int128 a, Int128 b, Int128 c)
    {
        if (TryNarrow(a, b, c, out var magnitude, out var divisor))
        {
            var (quotient, remainder) = UInt128.DivRem(Math.BigMul(magnitude, (ulong)b), divisor);
            return a >= 0 ? ToInt128(quotient) : -ToInt128(remainder == 0 ? quotient : quotient + 1);
        }

        var q = FloorDiv(a, c);
        var r = a - (q * c);
        return checked((q * b) + (r * b / c));
    }

    /// <summary>⌈a·b / c⌉ for b ≥ 0 and c &gt; 0, exact.</summary>
    public static Int128 MulDivCeiling(Int128 a, Int128 b, Int128 c) => -MulDivFloor(-a, b, c);

    /// <summary>
    /// The margin and PnL formulas' common case: |a|, b and c within 64 bits, where the product is one widening
    /// multiply and the quotient one 128-by-64 division, several times faster than the general form.
    /// </summary>
    private static bool TryNarrow(Int128 a, Int128 b, Int128 c, out ulong magnitude, out ulong divisor)
    {
        var absolute = a >= 0 ? (UInt128)a : (UInt128)(-(a + 1)) + 1;
        var narrow = (absolute >> 64) == 0 && ((UInt128)b >> 64) == 0 && ((UInt128)c >> 64) == 0 && b >= 0 && c > 0;
        (magnitude, divisor) = narrow ? ((ulong)absolute, (ulong)c) : (0, 0);
        return narrow;
    }

    private static Int128 ToInt128(UInt128 value) => value <= (UInt128)Int128.MaxValue ? (Int128)value : throw new OverflowException("quotient does not fit in Int128");

    /// <summary>A wide value as <see cref="long"/>, throwing rather than wrapping when it does not fit.</summary>
    public static long ToLong(Int128 value) => checked((long)value);

    private static readonly UInt128 SignBit = UInt128.One << 127;

    /// <summary>Rounds toward −∞. Divisors are applied one after the other, which is exact: ⌊⌊n/a⌋/b⌋ = ⌊n/(ab)⌋.</summary>
    /// <exception cref="OverflowException">The quotient does not fit in <see cref="Int128"/>.</exception>
    public static Int128 MulDivFloor(Int128 x, Int128 y, ulong d1, ulong d2)
    {
        if (d1 == 0 || d2 == 0)
        {
            throw new DivideByZeroException();
        }

        Multiply(Magnitude(x), Magnitude(y), out var high, out var low);
        var inexact = Divide(ref high, ref low, d1) | Divide(ref high, ref low, d2);
        if (high != 0)
        {
            throw new OverflowException("funding quotient does not fit in Int128");
        }

        if ((x < 0) == (y < 0))
        {
            return low < SignBit ? (Int128)low : throw new OverflowException("funding quotient does not fit in Int128");
        }

        // A negative quotient truncated toward zero is one short of the floor whenever anything was left over.
        if (low > SignBit || (low == SignBit && inexact))
        {
            throw new OverflowException("funding quotient does not fit in Int128");
        }

        var magnitude = inexact ? low + 1 : low;
        return magnitude == SignBit ? Int128.MinValue : -(Int128)magnitude;
    }

    private static UInt128 Magnitude(Int128 value) => value < 0 ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;

    private static void Multiply(UInt128 a, UInt128 b, out UInt128 high, out UInt128 low)
    {
        ulong a0 = (ulong)a, a1 = (ulong)(a >> 64), b0 = (ulong)b, b1 = (ulong)(b >> 64);
        var p00 = (UInt128)a0 * b0;
        var p01 = (UInt128)a0 * b1;
        var p10 = (UInt128)a1 * b0;
        var p11 = (UInt128)a1 * b1;
        var middle = (p00 >> 64) + (ulong)p01 + (ulong)p10;
        low = (middle << 64) | (ulong)p00;
        high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
    }

    /// <summary>Divides the 256-bit (high, low) in place by 64-bit digits; true when the remainder is not zero.</summary>
    private static bool Divide(ref UInt128 high, ref UInt128 low, ulong divisor)
    {
        if (divisor == 1)
        {
            return false;
        }

        if (high == 0)
        {
            (low, var rest) = UInt128.DivRem(low, divisor);
            return rest != 0;
        }

        ulong remainder = 0;
        var q3 = Step(ref remainder, (ulong)(high >> 64), divisor);
        var q2 = Step(ref remainder, (ulong)high, divisor);
        var q1 = Step(ref remainder, (ulong)(low >> 64), divisor);
        var q0 = Step(ref remainder, (ulong)low, divisor);
        high = ((UInt128)q3 << 64) | q2;
        low = ((UInt128)q1 << 64) | q0;
        return remainder != 0;
    }

    /// <summary>One digit of schoolbook division: the running remainder is below the divisor, so the digit fits 64 bits.</summary>
    private static ulong Step(ref ulong remainder, ulong digit, ulong divisor)
    {
        var current = ((UInt128)remainder << 64) | digit;
        var (quotient, rest) = UInt128.DivRem(current, divisor);
        remainder = (ulong)rest;
        return (ulong)quotient;
    }
}
