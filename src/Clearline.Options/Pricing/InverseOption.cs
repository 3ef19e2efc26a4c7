namespace Clearline.Options.Pricing;

/// <summary>
/// Conventions of inverse (coin-settled) options such as Deribit's BTC options: the model values in USD on a USD
/// forward, the premium is paid in coin at the forward.
/// </summary>
public static class InverseOption
{
    /// <summary>The premium in coin of a USD value: value / F.</summary>
    public static double CoinPremium(double usdValue, double forward) => usdValue / forward;

    /// <summary>The USD value of a coin premium: premium × F (how Deribit shows coin prices in USD).</summary>
    public static double UsdValue(double coinPremium, double forward) => coinPremium * forward;

    /// <summary>
    /// Deribit's net transaction delta (what <c>delta_total</c> adds up for inverse options): the Black delta less the
    /// coin premium. The position is worth V/F coin, and F·∂(V/F)/∂F = Δ − V/F: the coin paid or received for the
    /// option moves against the underlying too.
    /// </summary>
    public static double NetTransactionDelta(double delta, double coinPremium) => delta - coinPremium;
}
