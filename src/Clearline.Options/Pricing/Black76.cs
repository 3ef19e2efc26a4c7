using Clearline.Domain.Instruments;
using Clearline.Options.Numerics;

namespace Clearline.Options.Pricing;

/// <summary>
/// Black's 1976 model on the forward F: C = D·[F·Φ(d1) − K·Φ(d2)], P = D·[K·Φ(−d2) − F·Φ(−d1)], D = e^(−rT),
/// d1,2 = ln(F/K)/(σ√T) ± σ√T/2 (docs/options.md). Every price is computed as intrinsic + the out-of-the-money time value
/// (<see cref="NormalizedBlack"/>), so deep in- and out-of-the-money prices keep their relative accuracy. Deterministic:
/// only IEEE basic operations, square roots and <see cref="DeterministicMath"/>. Inputs are assumed valid
/// (<see cref="Check"/>); out-of-domain inputs give meaningless numbers, not exceptions.
/// </summary>
public static class Black76
{
    /// <summary>The first out-of-domain input, or <see cref="PricingInputError.None"/>.</summary>
    public static PricingInputError Check(double forward, double strike, double years, double volatility, double rate)
    {
        var contract = CheckContract(forward, strike, years, rate);
        return contract == PricingInputError.None && !IsPositiveFinite(volatility) ? PricingInputError.Volatility : contract;
    }

    /// <summary>The first out-of-domain input other than the volatility (what an implied-volatility solve takes).</summary>
    public static PricingInputError CheckContract(double forward, double strike, double years, double rate)
    {
        if (!IsPositiveFinite(forward))
        {
            return PricingInputError.Forward;
        }

        if (!IsPositiveFinite(strike))
        {
            return PricingInputError.Strike;
        }

        if (!IsPositiveFinite(years))
        {
            return PricingInputError.Years;
        }

        return double.IsFinite(rate) ? PricingInputError.None : PricingInputError.Rate;
    }

    /// <summary>The discounted price alone.</summary>
    public static double Price(OptionType type, double forward, double strike, double years, double volatility, double rate)
    {
        var s = volatility * Math.Sqrt(years);
        var timeValue = Math.Sqrt(forward * strike) * NormalizedBlack.Evaluate(-Math.Abs(DeterministicMath.LogRatio(forward, strike)), s, 1.0 / s).TimeValue;
        return Discount(rate, years) * (Intrinsic(type, forward, strike) + timeValue);
    }

    /// <summary>The discounted price and its Greeks (units in <see cref="OptionGreeks"/>).</summary>
    public static OptionGreeks Evaluate(OptionType type, double forward, double strike, double years, double volatility, double rate)
    {
        var sqrtYears = Math.Sqrt(years);
        var s = volatility * sqrtYears;
        var x = DeterministicMath.LogRatio(forward, strike);
        var sqrtForwardStrike = Math.Sqrt(forward * strike);
        var normalized = NormalizedBlack.Evaluate(-Math.Abs(x), s, 1.0 / s);
        var discount = Discount(rate, years);
        var price = discount * (Intrinsic(type, forward, strike) + (sqrtForwardStrike * normalized.TimeValue));

        // Φ(d1) from the legs already computed, not a Φ of its own: out of the money (x ≤ 0) the forward leg is
        // Φ(d1)·√(F/K); in the money the strike leg is Φ(−d1)·√(F/K) (d2 of the out-of-the-money put is −d1). Only the
        // put's −Φ(−d1) for d1 > 1 would lose bits as tail − 1, so it gets its own Φ.
        var tail = (x <= 0 ? normalized.ForwardLeg : normalized.StrikeLeg) * (sqrtForwardStrike / forward); // √(K/F) is ready early
        double delta;
        if (type == OptionType.Call)
        {
            delta = x <= 0 ? tail : 1.0 - tail;
        }
        else
        {
            var d1 = (x / s) + (0.5 * s);
            delta = x > 0 ? -tail : d1 > 1.0 ? -NormalDistribution.Cdf(-d1) : tail - 1.0;
        }

        delta *= discount;
        var forwardDensity = discount * sqrtForwardStrike * normalized.Vega; // D·F·φ(d1)
        return new OptionGreeks(
            Price: price,
            Delta: delta,
            Gamma: forwardDensity / (forward * forward * s),
            Vega: forwardDensity * sqrtYears,
            Theta: (rate * price) - (forwardDensity * volatility / (2.0 * sqrtYears)),
            Rho: -years * price);
    }

    /// <summary>e^(−rT), exactly 1 at a zero rate.</summary>
    internal static double Discount(double rate, double years) => rate == 0 ? 1.0 : DeterministicMath.Exp(-rate * years);

    /// <summary>max(F − K, 0) for a call, max(K − F, 0) for a put (undiscounted).</summary>
    internal static double Intrinsic(OptionType type, double forward, double strike) =>
        Math.Max(type == OptionType.Call ? forward - strike : strike - forward, 0.0);

    private static bool IsPositiveFinite(double value) => value > 0 && double.IsFinite(value);
}
