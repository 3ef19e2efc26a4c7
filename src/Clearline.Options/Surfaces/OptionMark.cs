using Clearline.Domain.Instruments;
using Clearline.Options.Numerics;
using Clearline.Options.Pricing;

namespace Clearline.Options.Surfaces;

/// <summary>The band a mark implied volatility is clamped into (set by the risk desk; Deribit's old rule was 30%..100%).</summary>
public readonly record struct VolatilityBounds(double Minimum, double Maximum)
{
    public double Clamp(double volatility) => Math.Clamp(volatility, Minimum, Maximum);
}

/// <summary>
/// Option marks from a surface (derivatives.md §1.5): the mark IV is the slice's implied volatility at the strike's
/// log-moneyness on the expiry's forward (the same-expiry future or a synthetic forward), clamped into the bounds, and
/// the mark price is Black-76 at that volatility.
/// </summary>
public static class OptionMark
{
    public static double MarkVolatility(SviSlice slice, double forward, double strike, VolatilityBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return bounds.Clamp(slice.ImpliedVolatility(DeterministicMath.LogRatio(strike, forward)));
    }

    /// <summary>The discounted Black-76 mark price, in the forward's currency (÷ F for an inverse option's coin mark).</summary>
    public static double MarkPrice(OptionType type, SviSlice slice, double forward, double strike, double rate, VolatilityBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return Black76.Price(type, forward, strike, slice.Years, MarkVolatility(slice, forward, strike, bounds), rate);
    }
}
