namespace Clearline.Options.Surfaces;

/// <summary>Where a surface admits static arbitrage, found on a grid of log-moneyness.</summary>
/// <param name="Kind"><c>butterfly</c> (negative density within a slice) or <c>calendar</c> (total variance falling with expiry).</param>
/// <param name="LogMoneyness">The first grid point where it happens.</param>
/// <param name="Value">Durrleman's g(k) for a butterfly; w(k, T2) − w(k, T1) for a calendar.</param>
public readonly record struct ArbitrageViolation(string Kind, double LogMoneyness, double Value);

/// <summary>
/// Static-arbitrage checks of SVI slices on an evenly spaced grid of log-moneyness (the first violation in ascending
/// k, so the answer is deterministic): butterfly, g(k) ≥ 0 (Durrleman); calendar, w(k) non-decreasing in T at every
/// k. A grid can miss a violation narrower than its step; the closed-form conditions of Martini and Mingone (2021)
/// would not, and are the next step.
/// </summary>
public static class SviArbitrage
{
    /// <summary>The first k in [from, to] (count points) where the slice's density would be negative, or null.</summary>
    public static ArbitrageViolation? Butterfly(SviSlice slice, double from, double to, int count)
    {
        ArgumentNullException.ThrowIfNull(slice);
        for (var i = 0; i < count; i++)
        {
            var k = GridPoint(from, to, count, i);
            var g = slice.ButterflyDensityFactor(k);
            if (!(g >= 0) || !(slice.TotalVariance(k) > 0))
            {
                return new ArbitrageViolation("butterfly", k, g);
            }
        }

        return null;
    }

    /// <summary>The first k in [from, to] where the later slice's total variance is below the earlier one's, or null.</summary>
    public static ArbitrageViolation? Calendar(SviSlice earlier, SviSlice later, double from, double to, int count)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        if (!(later.Years > earlier.Years))
        {
            throw new ArgumentException("the later slice must expire after the earlier one", nameof(later));
        }

        for (var i = 0; i < count; i++)
        {
            var k = GridPoint(from, to, count, i);
            var gap = later.TotalVariance(k) - earlier.TotalVariance(k);
            if (!(gap >= 0))
            {
                return new ArbitrageViolation("calendar", k, gap);
            }
        }

        return null;
    }

    private static double GridPoint(double from, double to, int count, int i) => count == 1 ? from : from + ((to - from) * i / (count - 1));
}
