using Clearline.Domain.Instruments;
using Clearline.Options.Pricing;

namespace Clearline.Options.Tests.Pricing;

/// <summary>
/// Inverse-option conventions and Deribit's display units, each checked against what it claims to measure: the net
/// transaction delta against the sensitivity of the coin premium, vega per point and theta per day against repricing.
/// </summary>
public sealed class InverseAndDisplayUnitsTests
{
    [Theory]
    [InlineData(OptionType.Call, 65_000.0)]
    [InlineData(OptionType.Put, 52_000.0)]
    [InlineData(OptionType.Call, 40_000.0)]
    public void Net_transaction_delta_is_the_coin_premium_s_sensitivity_per_relative_move_of_the_forward(OptionType type, double strike)
    {
        const double Forward = 61_234.5;
        const double Bump = 1e-4;
        var greeks = Black76.Evaluate(type, Forward, strike, 0.1, 0.65, 0.0);
        var coinPremium = InverseOption.CoinPremium(greeks.Price, Forward);
        double CoinAt(double forward) => InverseOption.CoinPremium(Black76.Price(type, forward, strike, 0.1, 0.65, 0.0), forward);

        // F·∂(V/F)/∂F by a central difference in ln F.
        var sensitivity = (CoinAt(Forward * (1 + Bump)) - CoinAt(Forward * (1 - Bump))) / (2 * Bump);

        Assert.Equal(sensitivity, InverseOption.NetTransactionDelta(greeks.Delta, coinPremium), 7);
        Assert.True(InverseOption.NetTransactionDelta(greeks.Delta, coinPremium) < greeks.Delta);
    }

    [Fact]
    public void Coin_premium_and_usd_value_convert_at_the_forward()
    {
        Assert.Equal(0.2168, InverseOption.CoinPremium(InverseOption.UsdValue(0.2168, 38_992.7), 38_992.7), 15);
        Assert.Equal(0.125, InverseOption.CoinPremium(7_500.0, 60_000.0));
    }

    [Fact]
    public void Vega_per_point_and_theta_per_day_match_repricing_one_point_and_one_day_later()
    {
        const double Years = 0.25;
        var greeks = Black76.Evaluate(OptionType.Call, 61_234.5, 65_000, Years, 0.6, 0.0);
        var display = DeribitGreeks.From(greeks, Years);

        var onePointUp = Black76.Price(OptionType.Call, 61_234.5, 65_000, Years, 0.605, 0.0) - Black76.Price(OptionType.Call, 61_234.5, 65_000, Years, 0.595, 0.0);
        var oneDayLater = Black76.Price(OptionType.Call, 61_234.5, 65_000, Years - (0.5 / 365), 0.6, 0.0) - Black76.Price(OptionType.Call, 61_234.5, 65_000, Years + (0.5 / 365), 0.6, 0.0);

        // Central differences over a whole point and a whole day: second-order terms leave ~1e-5 relative.
        Assert.Equal(onePointUp, display.Vega, tolerance: 1e-5 * Math.Abs(onePointUp));
        Assert.Equal(oneDayLater, display.Theta, tolerance: 1e-5 * Math.Abs(oneDayLater));
        Assert.Equal(greeks.Delta, display.Delta);
        Assert.Equal(greeks.Gamma, display.Gamma);
        Assert.Equal(greeks.Rho / 100, display.Rho);
    }

    [Fact]
    public void Within_the_last_day_theta_is_the_remaining_life_decay_not_a_full_day_s()
    {
        var years = 3.0 / 24 / 365;
        var greeks = Black76.Evaluate(OptionType.Put, 61_234.5, 61_000, years, 0.5, 0.0);

        var display = DeribitGreeks.ThetaPerDay(greeks.Theta, years);

        Assert.Equal(greeks.Theta * years, display);
        Assert.True(Math.Abs(display) < Math.Abs(greeks.Theta / 365));
    }

    [Fact]
    public void Implied_volatility_shows_in_percent()
    {
        Assert.Equal(61.27, DeribitGreeks.VolatilityPercent(0.6127), 12);
        Assert.Equal(0.6127, DeribitGreeks.VolatilityFraction(61.27), 15);
    }
}
