using Clearline.Domain.Instruments;
using Clearline.Options.Pricing;

namespace Clearline.Options.Tests.Pricing;

/// <summary>The solver's errors at and beyond the no-arbitrage bounds, and its robustness far outside the accuracy grid.</summary>
public sealed class ImpliedVolatilityTests
{
    private const double Forward = 61_234.5;

    [Theory]
    [InlineData(OptionType.Call, 50_000.0, 11_000.0, ImpliedVolatilityError.BelowIntrinsic)]
    [InlineData(OptionType.Put, 70_000.0, 8_000.0, ImpliedVolatilityError.BelowIntrinsic)]
    [InlineData(OptionType.Call, 70_000.0, -1.0, ImpliedVolatilityError.BelowIntrinsic)]
    [InlineData(OptionType.Call, 50_000.0, 11_234.5, ImpliedVolatilityError.AtIntrinsic)]
    [InlineData(OptionType.Put, 50_000.0, 0.0, ImpliedVolatilityError.AtIntrinsic)]
    [InlineData(OptionType.Call, 70_000.0, Forward, ImpliedVolatilityError.AtOrAboveMaximum)]
    [InlineData(OptionType.Put, 70_000.0, 70_000.0, ImpliedVolatilityError.AtOrAboveMaximum)]
    [InlineData(OptionType.Put, 70_000.0, 70_000.5, ImpliedVolatilityError.AtOrAboveMaximum)]
    public void Prices_outside_the_no_arbitrage_bounds_are_refused_with_their_reason(OptionType type, double strike, double price, ImpliedVolatilityError error)
    {
        var result = ImpliedVolatility.Solve(type, Forward, strike, 0.25, price, 0.0);

        Assert.Equal(error, result.Error);
        Assert.False(result.IsSuccess);
        Assert.True(double.IsNaN(result.Volatility));
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.25, 1.0, 0.0)]
    [InlineData(1.0, -1.0, 0.25, 1.0, 0.0)]
    [InlineData(1.0, 1.0, 0.0, 1.0, 0.0)]
    [InlineData(1.0, 1.0, 0.25, double.NaN, 0.0)]
    [InlineData(1.0, 1.0, 0.25, 1.0, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, 1.0, 0.25, 1.0, 0.0)]
    public void Invalid_inputs_are_an_error_not_an_exception(double forward, double strike, double years, double price, double rate) =>
        Assert.Equal(ImpliedVolatilityError.InvalidInput, ImpliedVolatility.Solve(OptionType.Call, forward, strike, years, price, rate).Error);

    [Fact]
    public void The_bound_is_discounted()
    {
        var years = 1.0;
        var rate = 0.1;
        var discountedForward = Forward * Math.Exp(-rate * years);

        Assert.Equal(ImpliedVolatilityError.AtOrAboveMaximum, ImpliedVolatility.Solve(OptionType.Call, Forward, 60_000, years, discountedForward * 1.0000001, rate).Error);
        Assert.True(ImpliedVolatility.Solve(OptionType.Call, Forward, 60_000, years, discountedForward * 0.99, rate).IsSuccess);
    }

    /// <summary>
    /// Far outside the accuracy grid (±8 standard deviations, one minute to five years, 1% to 500%) every price the
    /// kernel produces either solves to a volatility that reprices it to within a few ulps, or is an exact bound in
    /// double precision (a price that rounds to intrinsic), reported as such. Out of the money, where the price is all
    /// time value, the volatility itself comes back to 1e-8; in the money the time value is a sliver of the price and
    /// only the price, not the volatility, is determined that finely.
    /// </summary>
    [Fact]
    public void Extreme_strikes_and_expiries_solve_or_report_a_bound()
    {
        double[] years = [1.0 / 525_600, 1.0 / 8760, 1.0, 5.0];
        double[] volatilities = [0.01, 0.3, 5.0];
        double[] deviations = [-8, -6, -4, 4, 6, 8];
        var solved = 0;
        foreach (var t in years)
        {
            foreach (var volatility in volatilities)
            {
                foreach (var z in deviations)
                {
                    foreach (var type in new[] { OptionType.Call, OptionType.Put })
                    {
                        var strike = Forward * Math.Exp(z * volatility * Math.Sqrt(t));
                        var price = Black76.Price(type, Forward, strike, t, volatility, 0.0);
                        var result = ImpliedVolatility.Solve(type, Forward, strike, t, price, 0.0);
                        var at = $"{type} K={strike} T={t} σ={volatility}";
                        if (!result.IsSuccess)
                        {
                            Assert.Equal(ImpliedVolatilityError.AtIntrinsic, result.Error);
                            Assert.Equal(Black76.Intrinsic(type, Forward, strike), price);
                            continue;
                        }

                        solved++;
                        // A few ulps of the price, plus what one ulp of the volatility moves it (vega·σ·2^-52).
                        var repriced = Black76.Evaluate(type, Forward, strike, t, result.Volatility, 0.0);
                        var tolerance = (4 * (Math.BitIncrement(price) - price)) + (4 * repriced.Vega * result.Volatility * Math.Pow(2, -52));
                        Assert.True(Math.Abs(repriced.Price - price) <= tolerance, $"{at}: reprices to {repriced.Price}, not {price}");
                        if (Black76.Intrinsic(type, Forward, strike) == 0)
                        {
                            Assert.True(Math.Abs(result.Volatility - volatility) <= 1e-8 * volatility, $"{at}: {result.Volatility}");
                        }
                    }
                }
            }
        }

        Assert.True(solved >= 100, $"only {solved} of 144 solved");
    }
}
