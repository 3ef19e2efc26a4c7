namespace Clearline.Risk.Positions;

/// <summary>
/// Exact integer helpers for the PnL and margin formulas: powers of ten and a·b/c with a stated rounding, formed
/// so that no intermediate exceeds <see cref="Int128"/> when the result itself fits.
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
    /// ⌊a·b / c⌋ for b ≥ 0 and c &gt; 0, exact. a = q·c + r with 0 ≤ r &lt; c, so a·b/c = q·b + r·b/c: only r·b
    /// (below c·b) must fit, plus the result. Checked: a result beyond <see cref="Int128"/> throws.
    /// </summary>
    public static Int128 MulDivFloor(Int128 a, Int128 b, Int128 c)
    {
        var q = FloorDiv(a, c);
        var r = a - (q * c);
        return checked((q * b) + (r * b / c));
    }

    /// <summary>⌈a·b / c⌉ for b ≥ 0 and c &gt; 0, exact.</summary>
    public static Int128 MulDivCeiling(Int128 a, Int128 b, Int128 c) => -MulDivFloor(-a, b, c);

    /// <summary>A wide value as <see cref="long"/>, throwing rather than wrapping when it does not fit.</summary>
    public static long ToLong(Int128 value) => checked((long)value);
}
