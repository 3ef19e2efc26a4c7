using Clearline.Domain.Instruments;
using Clearline.Options.Pricing;
using Clearline.Options.Surfaces;

namespace Clearline.Options.Tests.Surfaces;

/// <summary>Raw SVI: the fit recovers a smile it was given, the arbitrage checks agree with the prices they speak about.</summary>
public sealed class SviTests
{
    private static readonly SviSlice Smile = new(A: 0.04, B: 0.2, Rho: -0.3, M: 0.05, Sigma: 0.15, Years: 0.5);

    /// <summary>Gatheral and Jacquier's (2014) example of a slice with butterfly arbitrage.</summary>
    private static readonly SviSlice Butterfly = new(A: -0.0410, B: 0.1331, Rho: 0.3060, M: 0.3586, Sigma: 0.4153, Years: 1.0);

    [Fact]
    public void A_fit_to_quotes_taken_from_a_slice_recovers_the_slice()
    {
        SviQuote[] quotes = [.. Enumerable.Range(0, 25).Select(i => -0.6 + (0.05 * i)).Select(k => new SviQuote(k, Smile.TotalVariance(k), 1.0))];

        var fit = SviFit.Fit(quotes, Smile.Years);

        Assert.True(fit.RootMeanSquareError < 1e-10, $"rms {fit.RootMeanSquareError:E2}");
        Assert.Equal(Smile.A, fit.Slice.A, 6);
        Assert.Equal(Smile.B, fit.Slice.B, 6);
        Assert.Equal(Smile.Rho, fit.Slice.Rho, 6);
        Assert.Equal(Smile.M, fit.Slice.M, 6);
        Assert.Equal(Smile.Sigma, fit.Slice.Sigma, 6);
        Assert.Equal(Smile.Years, fit.Slice.Years);
    }

    [Fact]
    public void Weights_decide_how_much_a_stray_quote_moves_the_fit()
    {
        // The middle quote (k = 0) is 50% off the smile.
        SviQuote[] Quotes(double strayWeight) =>
        [
            .. Enumerable.Range(-12, 25).Select(i => i == 0
                ? new SviQuote(0.0, Smile.TotalVariance(0.0) * 1.5, strayWeight)
                : new SviQuote(0.05 * i, Smile.TotalVariance(0.05 * i), 1.0)),
        ];

        var light = SviFit.Fit(Quotes(1e-6), Smile.Years).Slice;
        var heavy = SviFit.Fit(Quotes(100.0), Smile.Years).Slice;

        Assert.True(Math.Abs(light.TotalVariance(0) - Smile.TotalVariance(0)) < 1e-4 * Smile.TotalVariance(0));
        Assert.True(heavy.TotalVariance(0) > 1.3 * Smile.TotalVariance(0));
    }

    [Fact]
    public void Fewer_quotes_than_parameters_are_refused() =>
        Assert.Throws<ArgumentException>(() => SviFit.Fit([new SviQuote(0, 0.1, 1), new SviQuote(0.1, 0.1, 1)], 1.0));

    [Fact]
    public void The_butterfly_check_passes_a_sound_smile_and_flags_the_known_arbitrage()
    {
        Assert.Null(SviArbitrage.Butterfly(Smile, -1.5, 1.5, 301));
        Assert.Null(Smile.ParameterViolation());

        var violation = SviArbitrage.Butterfly(Butterfly, -1.5, 1.5, 301);

        Assert.NotNull(violation);
        Assert.Equal("butterfly", violation.Value.Kind);
        Assert.True(violation.Value.Value < 0);
    }

    /// <summary>
    /// Durrleman's g(k) has the sign of the risk-neutral density, the second strike derivative of the call price:
    /// checked against second differences of Black-76 prices at the slice's volatilities, away from g's zeros.
    /// </summary>
    [Theory]
    [InlineData(-0.8)]
    [InlineData(-0.2)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.8)]
    public void The_density_factor_has_the_sign_of_the_call_prices_convexity_in_strike(double k)
    {
        foreach (var slice in new[] { Smile, Butterfly })
        {
            const double Forward = 100.0;
            double Call(double strike) => Black76.Price(OptionType.Call, Forward, strike, slice.Years, slice.ImpliedVolatility(Math.Log(strike / Forward)), 0.0);
            var strike = Forward * Math.Exp(k);
            var h = 1e-3 * strike;
            var convexity = (Call(strike + h) - (2 * Call(strike)) + Call(strike - h)) / (h * h);
            var g = slice.ButterflyDensityFactor(k);

            Assert.True(Math.Abs(g) > 1e-3, $"k = {k} is too close to a zero of g ({g}) for the sign to be tested");
            Assert.Equal(Math.Sign(g), Math.Sign(convexity));
        }
    }

    [Fact]
    public void The_calendar_check_flags_total_variance_falling_with_expiry()
    {
        var later = Smile with { A = Smile.A + 0.02, Years = 1.0 };
        var crossing = Smile with { B = 0.1, A = 0.06, Years = 1.0 };

        Assert.Null(SviArbitrage.Calendar(Smile, later, -1.5, 1.5, 301));
        var violation = SviArbitrage.Calendar(Smile, crossing, -1.5, 1.5, 301);

        Assert.NotNull(violation);
        Assert.Equal("calendar", violation.Value.Kind);
        Assert.Equal(-1.5, violation.Value.LogMoneyness);
        Assert.True(crossing.TotalVariance(-1.5) < Smile.TotalVariance(-1.5));
        Assert.Throws<ArgumentException>(() => SviArbitrage.Calendar(later, Smile, -1, 1, 3));
    }

    [Theory]
    [InlineData(0.04, -0.1, 0.0, 0.0, 0.1, 1.0, "parameters out of range")]
    [InlineData(0.04, 0.1, 1.0, 0.0, 0.1, 1.0, "parameters out of range")]
    [InlineData(0.04, 0.1, 0.0, 0.0, 0.0, 1.0, "parameters out of range")]
    [InlineData(-0.1, 0.1, 0.0, 0.0, 0.1, 1.0, "negative minimum total variance")]
    [InlineData(0.04, 3.0, 0.5, 0.0, 0.1, 1.0, "wings too steep")]
    public void Parameter_constraints_name_what_is_wrong(double a, double b, double rho, double m, double sigma, double years, string reason) =>
        Assert.StartsWith(reason, new SviSlice(a, b, rho, m, sigma, years).ParameterViolation(), StringComparison.Ordinal);

    [Fact]
    public void The_mark_is_black_76_at_the_surface_volatility_clamped_into_its_bounds()
    {
        var bounds = new VolatilityBounds(0.30, 0.40);
        const double Forward = 61_234.5;

        var atTheMoney = OptionMark.MarkVolatility(Smile, Forward, Forward, bounds);
        var farPut = OptionMark.MarkVolatility(Smile, Forward, Forward * Math.Exp(-1.0), bounds);

        Assert.Equal(Smile.ImpliedVolatility(0.0), atTheMoney, 14);
        Assert.InRange(atTheMoney, 0.30, 0.40);
        Assert.True(Smile.ImpliedVolatility(-1.0) > 0.40);
        Assert.Equal(0.40, farPut);
        Assert.Equal(
            Black76.Price(OptionType.Put, Forward, Forward * Math.Exp(-1.0), Smile.Years, 0.40, 0.01),
            OptionMark.MarkPrice(OptionType.Put, Smile, Forward, Forward * Math.Exp(-1.0), 0.01, bounds));
    }
}
