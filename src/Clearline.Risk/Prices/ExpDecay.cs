namespace Clearline.Risk.Prices;

/// <summary>
/// Exponential decay e^(−Δt/τ) in exact integer arithmetic, so the smoothed basis is bit-identical everywhere.
/// Factors are Q64 fixed point (value × 2⁶⁴). At construction, entry i of a table holds e^(−2ⁱ/τ), computed by an
/// integer Taylor series (no libm); a decay over Δt multiplies the entries of Δt's set bits. Because the factor
/// is a true exponential, the result barely depends on how often the caller updates: decaying over a then b
/// equals decaying over a + b up to the factors' error (within 3 units of 2⁻⁶⁴ each) and one truncation per step.
/// </summary>
internal sealed class ExpDecay
{
    private const int Bits = 63;

    /// <summary>e^(−45) &lt; 2⁻⁶⁴: from here on every factor truncates to zero.</summary>
    private const long NegligibleExponent = 45;

    private static readonly UInt128 One = UInt128.One << 64;

    private readonly ulong[] _factors = new ulong[Bits];

    public ExpDecay(long timeConstantMicros)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeConstantMicros, 1);
        var inverseE = ExpNegativeFraction(1, 1);
        for (var i = 0; i < Bits; i++)
        {
            var exponent = 1L << i;
            _factors[i] = checked((ulong)ExpNegative(exponent, timeConstantMicros, inverseE));
        }
    }

    /// <summary>e^(−2ⁱ/τ) in Q64, within 3 units of the exact value (checked to 60 digits for τ from 1 µs to 2⁶³ µs); below 2⁶⁴ because τ ≤ 2⁶³ keeps e^(−1/τ) under 1 − 2⁻⁶³.</summary>
    public ulong Factor(int bit) => _factors[bit];

    /// <summary>
    /// <paramref name="gap"/> × e^(−Δt/τ), truncated toward zero: the result never exceeds the gap in magnitude
    /// nor changes its sign, and a gap of one unit reaches zero, so a decaying value converges exactly.
    /// The factor is the product of the table entries of Δt's set bits, each product truncated.
    /// </summary>
    public long Apply(long gap, long elapsedMicros)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elapsedMicros);
        if (elapsedMicros == 0 || gap == 0)
        {
            return gap;
        }

        var factor = One;
        for (var bits = (ulong)elapsedMicros; bits != 0 && factor != 0; bits &= bits - 1)
        {
            factor = (factor * _factors[System.Numerics.BitOperations.TrailingZeroCount(bits)]) >> 64;
        }

        var magnitude = (long)(((UInt128)Int128.Abs(gap) * factor) >> 64);
        return gap < 0 ? -magnitude : magnitude;
    }

    /// <summary>e^(−p/q) in Q64 for p ≥ 0, q ≥ 1: e^(−⌊p/q⌋) by repeated multiplication by e^(−1), times the series for the fraction.</summary>
    private static UInt128 ExpNegative(long p, long q, UInt128 inverseE)
    {
        var whole = p / q;
        if (whole >= NegligibleExponent)
        {
            return 0;
        }

        var value = ExpNegativeFraction(p % q, q);
        for (var i = 0; i < whole; i++)
        {
            value = (value * inverseE) >> 64;
        }

        return value;
    }

    /// <summary>
    /// e^(−r/q) in Q64 for 0 ≤ r ≤ q: Σ (−r/q)ᵏ/k!, each term derived from the last exactly as ⌊term·r/(q·k)⌋,
    /// until a term truncates to zero (about twenty terms; the alternating sum's error stays within a few units).
    /// </summary>
    private static UInt128 ExpNegativeFraction(long r, long q)
    {
        Int128 sum = 0;
        var term = One;
        for (var k = 1; term != 0; k++)
        {
            sum += k % 2 == 1 ? (Int128)term : -(Int128)term;
            term = term * (ulong)r / ((UInt128)(ulong)q * (ulong)k);
        }

        return (UInt128)sum;
    }
}
