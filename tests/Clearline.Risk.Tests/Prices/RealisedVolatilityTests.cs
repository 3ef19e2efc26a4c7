using Clearline.Risk.Prices;

namespace Clearline.Risk.Tests.Prices;

public sealed class RealisedVolatilityTests
{
    private const long Hour = 3_600_000_000;

    [Fact]
    public void A_mark_that_does_not_move_has_no_volatility()
    {
        var volatility = new RealisedVolatility(Hour);
        for (var i = 0; i < 100; i++)
        {
            volatility.Observe(i * 1_000_000L, new QuotePrice(5_000_000_000_000));
        }

        Assert.Equal(0, volatility.AnnualisedPpm);
    }

    [Fact]
    public void Alternating_one_percent_moves_every_second_annualise_as_the_textbook_formula()
    {
        // r = ±1% a second: variance 10⁻⁴ per second, σ = 0.01 × √(31,536,000) ≈ 56.16 (5,616%) a year. The sum of
        // squares decays with τ = 1 h, so after many τ it holds 10⁸ ppm² × (1 / (1 − e^(−1/3600))) ≈ 10⁸ × 3600.5.
        var volatility = new RealisedVolatility(Hour);
        var marks = new[] { 5_000_000_000_000L, 5_050_000_000_000L };
        for (var i = 0; i <= 10 * 3_600; i++)
        {
            volatility.Observe(i * 1_000_000L, new QuotePrice(marks[i % 2]));
        }

        // Returns alternate +1% and −0.990…%, so the exact value sits a little under 56.16.
        Assert.InRange(volatility.AnnualisedPpm, 55_600_000, 56_200_000);
    }

    [Fact]
    public void The_estimate_does_not_depend_on_how_often_the_mark_is_sampled_between_moves()
    {
        var sparse = new RealisedVolatility(Hour);
        var dense = new RealisedVolatility(Hour);
        for (var i = 0; i < 600; i++)
        {
            var mark = new QuotePrice(5_000_000_000_000L + ((i % 3) * 25_000_000_000L));
            sparse.Observe(i * 10_000_000L, mark);
            for (var j = 0; j < 10; j++)
            {
                dense.Observe((i * 10_000_000L) + (j * 1_000_000L), mark); // the same mark again: no return, only decay
            }
        }

        sparse.Observe((599 * 10_000_000L) + 9_000_000, new QuotePrice(5_000_000_000_000L + (2 * 25_000_000_000L))); // both decayed to the same time

        // Only the truncation of each decay step differs: within 0.01%.
        Assert.True(sparse.AnnualisedPpm > 1_000_000);
        Assert.InRange(dense.AnnualisedPpm - sparse.AnnualisedPpm, -sparse.AnnualisedPpm / 10_000, sparse.AnnualisedPpm / 10_000);
    }

    [Fact]
    public void A_state_no_observer_reaches_is_refused_and_a_captured_one_restores()
    {
        var volatility = new RealisedVolatility(Hour);
        Assert.Throws<InvalidDataException>(() => volatility.Restore(new RealisedVolatilityState(0, 0, 5)));
        Assert.Throws<InvalidDataException>(() => volatility.Restore(new RealisedVolatilityState(0, -1, 0)));
        volatility.Observe(0, new QuotePrice(100));
        volatility.Observe(5, new QuotePrice(110));
        var copy = new RealisedVolatility(Hour);
        copy.Restore(volatility.State);
        Assert.Equal(volatility.AnnualisedPpm, copy.AnnualisedPpm);
    }
}
