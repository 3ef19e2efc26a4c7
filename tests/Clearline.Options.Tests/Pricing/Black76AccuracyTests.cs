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
