namespace Clearline.Options.Surfaces;

/// <summary>One point an SVI slice is fitted to: total implied variance σ²·T at log-moneyness ln(K/F), and its weight.</summary>
/// <param name="LogMoneyness">ln(K/F).</param>
/// <param name="TotalVariance">σ_imp²·T, e.g. of the mid implied volatility.</param>
/// <param name="Weight">Relative weight in the least squares (e.g. vega, or the inverse of the bid–ask spread); positive.</param>
public readonly record struct SviQuote(double LogMoneyness, double TotalVariance, double Weight)
{
    /// <summary>A quote from an implied volatility (a fraction) at a strike, on a forward, with years to expiry.</summary>
    public static SviQuote FromVolatility(double logMoneyness, double volatility, double years, double weight) =>
        new(logMoneyness, volatility * volatility * years, weight);
}
