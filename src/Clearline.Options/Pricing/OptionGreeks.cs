namespace Clearline.Options.Pricing;

/// <summary>
/// A Black-76 valuation in raw model units: <see cref="Price"/> discounted by e^(−rT); <see cref="Delta"/> and
/// <see cref="Gamma"/> with respect to the forward; <see cref="Vega"/> per 1.00 of volatility; <see cref="Theta"/> per
/// year, the change in value as time passes (forward held); <see cref="Rho"/> per 1.00 of rate (forward held).
/// </summary>
public readonly record struct OptionGreeks(double Price, double Delta, double Gamma, double Vega, double Theta, double Rho);
