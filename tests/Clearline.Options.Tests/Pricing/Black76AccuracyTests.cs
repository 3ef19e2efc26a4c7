using Clearline.Options.Pricing;
using Clearline.Options.Tests.Reference;
using Xunit.Abstractions;

namespace Clearline.Options.Tests.Pricing;

/// <summary>
/// Black-76 prices and Greeks against <see cref="ReferenceBlack"/> over the <see cref="Grid"/>: the price to a relative
/// 1e-12 (issue 6), the Greeks to 1e-12 as well (they are closed forms of the same functions).
/// </summary>
public sealed class Black76AccuracyTests(ITestOutputHelper output)
{
    private const double Rate = 0.03;

    [Fact]
    public void Prices_are_within_1e_12_relative_of_the_high_precision_reference()
    {
        var worst = 0.0;
        var at = string.Empty;
        foreach (var (type, forward, strike, years, volatility) in Grid.Points())
        {
            var reference = new ReferenceBlack(type, forward, strike, years, volatility, Rate);
            var error = ReferenceBlack.RelativeError(Black76.Price(type, forward, strike, years, volatility, Rate), reference.Price);
            if (error > worst)
            {
                (worst, at) = (error, $"{type} K={strike} T={years} σ={volatility}");
            }
        }

        output.WriteLine($"price: worst relative error {worst:E2} ({at})");
        Assert.True(worst <= 1e-12, $"price relative error {worst:E2} at {at}");
    }

    /// <summary>
    /// Beyond the grid, 4 to 20 standard deviations out of (and into) the money, where the out-of-the-money price falls
    /// to e^(−200) of the forward: the relative error stays within 1e-12 there too.
    /// </summary>
    [Fact]
    public void Far_strikes_keep_their_relative_accuracy()
    {
        var worst = 0.0;
        var at = string.Empty;
        var byDeviation = new SortedDictionary<double, double>();
        foreach (var years in Grid.Years)
        {
            foreach (var volatility in Grid.Volatilities)
            {
                foreach (var z in new[] { -20.0, -15.0, -12.0, -10.0, -8.0, -6.0, -4.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0 })
                {
                    var strike = Grid.Forward * Math.Exp(z * volatility * Math.Sqrt(years));
                    foreach (var type in new[] { Clearline.Domain.Instruments.OptionType.Call, Clearline.Domain.Instruments.OptionType.Put })
                    {
                        var reference = new ReferenceBlack(type, Grid.Forward, strike, years, volatility, 0.0);
                        var error = ReferenceBlack.RelativeError(Black76.Price(type, Grid.Forward, strike, years, volatility, 0.0), reference.Price);
                        if (error > worst)
                        {
                            (worst, at) = (error, $"{type} z={z} T={years} σ={volatility}");
                        }

                        byDeviation[Math.Abs(z)] = Math.Max(byDeviation.GetValueOrDefault(Math.Abs(z)), error);
                    }
                }
            }
        }

        output.WriteLine(string.Join(", ", byDeviation.Select(p => $"|z| = {p.Key}: {p.Value:E2}")));
        output.WriteLine($"far strikes: worst relative price error {worst:E2} ({at})");
        Assert.True(worst <= 1e-12, $"price relative error {worst:E2} at {at}");
    }

    [Fact]
    public void Evaluate_gives_the_same_price_and_greeks_within_1e_12_relative()
    {
        var worst = new double[6];
        foreach (var (type, forward, strike, years, volatility) in Grid.Points())
        {
            var reference = new ReferenceBlack(type, forward, strike, years, volatility, Rate);
            var g = Black76.Evaluate(type, forward, strike, years, volatility, Rate);
            Assert.Equal(Black76.Price(type, forward, strike, years, volatility, Rate), g.Price);
            double[] errors =
            [
                ReferenceBlack.RelativeError(g.Price, reference.Price),
                ReferenceBlack.RelativeError(g.Delta, reference.Delta),
                ReferenceBlack.RelativeError(g.Gamma, reference.Gamma),
                ReferenceBlack.RelativeError(g.Vega, reference.Vega),
                ReferenceBlack.RelativeError(g.Theta, reference.Theta),
                ReferenceBlack.RelativeError(g.Rho, reference.Rho),
            ];
            for (var i = 0; i < errors.Length; i++)
            {
                worst[i] = Math.Max(worst[i], errors[i]);
            }
        }

        output.WriteLine($"worst relative errors: price {worst[0]:E2}, delta {worst[1]:E2}, gamma {worst[2]:E2}, vega {worst[3]:E2}, theta {worst[4]:E2}, rho {worst[5]:E2}");
        Assert.All(worst, w => Assert.True(w <= 1e-12, $"relative error {w:E2}"));
    }
}
