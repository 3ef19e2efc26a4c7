namespace Clearline.Options.Pricing;

/// <summary>The first input of a Black-76 valuation that is out of its domain, or <see cref="None"/>.</summary>
public enum PricingInputError : byte
{
    None = 0,

    /// <summary>The forward is not a positive finite number.</summary>
    Forward,

    /// <summary>The strike is not a positive finite number.</summary>
    Strike,

    /// <summary>The time to expiry (years) is not a positive finite number.</summary>
    Years,

    /// <summary>The volatility is not a positive finite number.</summary>
    Volatility,

    /// <summary>The rate is not finite.</summary>
    Rate,
}
