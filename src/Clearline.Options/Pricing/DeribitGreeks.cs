namespace Clearline.Options.Pricing;

/// <summary>
/// Greeks in the units Deribit's API shows (derivatives.md §3): delta per 1 of underlying, gamma per 1 USD, vega in
/// USD per volatility point (1%), theta in USD per day, rho in USD per 1% of rate, implied volatility in percent.
/// </summary>
public readonly record struct DeribitGreeks(double Delta, double Gamma, double Vega, double Theta, double Rho)
{
    private const double DaysPerYear = 365.0;

    /// <summary>The display form of a model valuation with <paramref name="years"/> to expiry.</summary>
    public static DeribitGreeks From(OptionGreeks greeks, double years) => new(
        greeks.Delta,
        greeks.Gamma,
        VegaPerVolatilityPoint(greeks.Vega),
        ThetaPerDay(greeks.Theta, years),
        greeks.Rho / 100.0);

    /// <summary>Vega per 1.00 of volatility → per volatility point.</summary>
    public static double VegaPerVolatilityPoint(double vega) => vega / 100.0;

    /// <summary>
    /// Theta per year → per day. Within the last day the option cannot lose more than its remaining life's decay, so
    /// Deribit shows the smaller of the one-day and the remaining-life figures: theta × min(1/365, T).
    /// </summary>
    public static double ThetaPerDay(double theta, double years) => years < 1.0 / DaysPerYear ? theta * years : theta / DaysPerYear;

    /// <summary>A volatility as a fraction (0.6127) → in percent (61.27), as in <c>mark_iv</c>.</summary>
    public static double VolatilityPercent(double volatility) => volatility * 100.0;

    /// <summary>A volatility in percent → as a fraction.</summary>
    public static double VolatilityFraction(double percent) => percent / 100.0;
}
