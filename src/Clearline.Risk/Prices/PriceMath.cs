namespace Clearline.Risk.Prices;

/// <summary>
/// The rounding rules of index and mark arithmetic, kept in one place so that docs/clearing.md can name them:
/// quotients round to the nearest unit with halves away from zero; bands and caps round toward zero.
/// </summary>
internal static class PriceMath
{
    public const int PpmScale = 1_000_000;

    /// <summary>
    /// <paramref name="numerator"/> / <paramref name="denominator"/> to the nearest integer, halves away from zero
    /// (for the positive prices here: halves up). The denominator is positive and small (a weight sum, 2), so
    /// twice the remainder cannot overflow; a quotient beyond <see cref="long"/> throws.
    /// </summary>
    public static long DivideRounded(Int128 numerator, Int128 denominator)
    {
        var quotient = numerator / denominator;
        var twiceRemainder = 2 * (numerator - (quotient * denominator));
        if (twiceRemainder >= denominator)
        {
            quotient++;
        }
        else if (-twiceRemainder >= denominator)
        {
            quotient--;
        }

        return checked((long)quotient);
    }

    /// <summary>
    /// <paramref name="price"/> × <paramref name="ppm"/> / 10⁶ truncated toward zero: a band or cap is never wider
    /// than its exact value. Both arguments are non-negative, so the result fits a long.
    /// </summary>
    public static long PpmOf(long price, int ppm) => (long)((Int128)price * ppm / PpmScale);
}
