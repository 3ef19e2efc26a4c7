using Clearline.Domain.Instruments;

namespace Clearline.Options.Tests;

/// <summary>
/// The accuracy domain of docs/options.md: expiries from one hour to two years, volatilities from 5% to 300%, strikes
/// from −3 to +3 standard deviations of log-moneyness (ln(K/F) = z·σ√T), calls and puts, on a BTC-sized forward.
/// </summary>
internal static class Grid
{
    public const double Forward = 61_234.5;

    public static readonly double[] Years = [1.0 / 8760, 1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 1.0, 2.0];

    public static readonly double[] Volatilities = [0.05, 0.2, 0.6, 1.2, 3.0];

    public static readonly double[] StandardDeviations = [-3.0, -2.0, -1.0, -0.5, -0.1, 0.0, 0.1, 0.5, 1.0, 2.0, 3.0];

    public static IEnumerable<(OptionType Type, double Forward, double Strike, double Years, double Volatility)> Points()
    {
        foreach (var years in Years)
        {
            foreach (var volatility in Volatilities)
            {
                foreach (var z in StandardDeviations)
                {
                    // The strike is rounded to a double like any quoted strike; the reference prices that exact double.
                    var strike = Forward * Math.Exp(z * volatility * Math.Sqrt(years));
                    yield return (OptionType.Call, Forward, strike, years, volatility);
                    yield return (OptionType.Put, Forward, strike, years, volatility);
                }
            }
        }
    }
}
