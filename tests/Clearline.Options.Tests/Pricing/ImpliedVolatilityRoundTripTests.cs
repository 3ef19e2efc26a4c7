using Clearline.Options.Pricing;
using Xunit.Abstractions;

namespace Clearline.Options.Tests.Pricing;

/// <summary>Price → implied volatility gives back the volatility to 1e-10 (relative) over the whole <see cref="Grid"/>.</summary>
public sealed class ImpliedVolatilityRoundTripTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Every_grid_point_round_trips_to_1e_10(double rate)
    {
        var worst = 0.0;
        var at = string.Empty;
        foreach (var (type, forward, strike, years, volatility) in Grid.Points())
        {
            var price = Black76.Price(type, forward, strike, years, volatility, rate);
            var solved = ImpliedVolatility.Solve(type, forward, strike, years, price, rate);
            Assert.True(solved.IsSuccess, $"{solved.Error} for {type} K={strike} T={years} σ={volatility}");
            var error = Math.Abs(solved.Volatility - volatility) / volatility;
            if (error > worst)
            {
                (worst, at) = (error, $"{type} K={strike} T={years} σ={volatility}");
            }
        }

        output.WriteLine($"implied volatility: worst relative round-trip error {worst:E2} ({at})");
        Assert.True(worst <= 1e-10, $"round-trip error {worst:E2} at {at}");
    }
}
