namespace Clearline.Risk.Funding;

/// <summary>
/// ⌊x·y / (d1·d2)⌋ computed exactly, with the product formed in 256 bits. Funding multiplies a rate-time integral
/// (ppb × µs) by a lot value scaled to 10⁻¹⁸ units: the product overflows <see cref="Int128"/> long before the
/// quotient does, and rounding the factors first would make the result depend on how time was split.
/// </summary>
internal static class WideMath
{
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
