using Clearline.Risk.Prices;
using static Clearline.Risk.Tests.Prices.PriceTesting;

namespace Clearline.Risk.Tests.Prices;

/// <summary>Hand-computed index examples; the arithmetic is in the comments.</summary>
public sealed class IndexCalculatorTests
{
    [Fact]
    public void Three_venues_with_one_outlier_clipped_to_the_band_edge()
    {
        var index = new IndexCalculator(Sources(1, 2, 3));
        index.Update(1, Quote("100", 0));
        index.Update(2, Quote("100.2", 0));
        index.Update(3, Quote("102", 0));

        // Median 100.2; band ±0.5% = ±0.501 → [99.699, 100.701]; 102 is clipped to 100.701.
        // (100 + 100.2 + 100.701) / 3 = 100.30033333.3… → 100.30033333.
        var result = index.Calculate(0);
        Assert.Equal(IndexStatus.Valid, result.Status);
        Assert.Equal(Usd("100.30033333"), result.Price);
        Assert.Equal(Usd("100.2"), result.Median);
        Assert.Equal([SourceOutcome.Fresh, SourceOutcome.Fresh, SourceOutcome.Clipped], Outcomes(result, 3));
    }

    [Fact]
    public void Dropping_instead_of_clipping_averages_the_rest_or_gives_no_index()
    {
        var quotes = new[] { Quote("100", 0), Quote("100.2", 0), Quote("102", 0) };
        var dropTwo = Calculate(Sources(1, 2, 3) with { Outliers = OutlierRule.Drop, MinimumSources = 2 }, quotes);
        Assert.Equal(Usd("100.1"), dropTwo.Price);
        Assert.Equal([SourceOutcome.Fresh, SourceOutcome.Fresh, SourceOutcome.Excluded], Outcomes(dropTwo, 3));

        var dropThree = Calculate(Sources(1, 2, 3) with { Outliers = OutlierRule.Drop }, quotes);
        Assert.Equal(IndexStatus.TooFewSourcesInBand, dropThree.Status);
        Assert.Null(dropThree.Price);
        Assert.Equal(Usd("100.2"), dropThree.Median);
        Assert.Equal([SourceOutcome.Fresh, SourceOutcome.Fresh, SourceOutcome.Excluded], Outcomes(dropThree, 3));
    }

    [Fact]
    public void A_stale_source_is_left_out_and_the_limit_itself_is_still_fresh()
    {
        var index = new IndexCalculator(Sources(1, 2, 3, 4));
        index.Update(1, Quote("100", 10 * Second));
        index.Update(2, Quote("101", 15 * Second));
        index.Update(3, Quote("102", 12 * Second));
        index.Update(4, Quote("90", 0));

        // At 20 s source 4 is 20 s old (> 10 s): stale. Source 1 is exactly 10 s old: still fresh.
        // Median 101, band ±0.505; 100 and 102 are clipped to 100.495 and 101.505: mean 101.
        var result = index.Calculate(20 * Second);
        Assert.Equal(Usd("101"), result.Price);
        Assert.Equal([SourceOutcome.Clipped, SourceOutcome.Fresh, SourceOutcome.Clipped, SourceOutcome.Stale], Outcomes(result, 4));

        // One microsecond later source 1 is stale too; two fresh sources are below the minimum of three.
        var later = index.Calculate((20 * Second) + 1);
        Assert.Equal(IndexStatus.TooFewFreshSources, later.Status);
        Assert.Null(later.Price);
        Assert.Null(later.Median);
        Assert.Equal([SourceOutcome.Stale, SourceOutcome.Fresh, SourceOutcome.Fresh, SourceOutcome.Stale], Outcomes(later, 4));
    }

    [Fact]
    public void Too_few_sources_give_no_index_until_enough_have_quoted()
    {
        var index = new IndexCalculator(Sources(7, 8, 9));
        Assert.Equal(IndexStatus.TooFewFreshSources, index.Calculate(0).Status);
        index.Update(7, Quote("100", 0));
        index.Update(9, Quote("100", 0));
        var two = index.Calculate(0);
        Assert.Equal(IndexStatus.TooFewFreshSources, two.Status);
        Assert.Equal([SourceOutcome.Fresh, SourceOutcome.NoQuote, SourceOutcome.Fresh], Outcomes(two, 3));

        index.Update(8, Quote("100", 0));
        Assert.Equal(Usd("100"), index.Calculate(0).Price);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two_rounded_half_up()
    {
        var quotes = new[] { Quote("99.9", 0), Quote("100", 0), Quote("100.00000001", 0), Quote("100.1", 0) };

        // Median (100 + 100.00000001) / 2 = 100.000000005 → 100.00000001. Band ±0.5000000000… → ±0.5: all inside.
        // Mean (99.9 + 100 + 100.00000001 + 100.1) / 4 = 100.0000000025 → 100.
        var result = Calculate(Sources(1, 2, 3, 4), quotes);
        Assert.Equal(Usd("100.00000001"), result.Median);
        Assert.Equal(Usd("100"), result.Price);
    }

    [Fact]
    public void Weights_shape_the_average_but_not_the_median()
    {
        var config = new IndexConfig([new IndexSource(1), new IndexSource(2), new IndexSource(3, Weight: 2)]);
        var result = Calculate(config, [Quote("100", 0), Quote("101", 0), Quote("100.3", 0)]);

        // Median 100.3, band ±0.5015: 101 is clipped to 100.8015. (100 + 100.8015 + 2 × 100.3) / 4 = 100.350375.
        Assert.Equal(Usd("100.3"), result.Median);
        Assert.Equal(Usd("100.350375"), result.Price);
    }

    [Fact]
    public void With_two_sources_the_median_is_their_mean_and_clipping_cannot_outvote_either()
    {
        // Why the default minimum is three: 100 and 200 give median 150, both clipped symmetrically, index 150.
        var result = Calculate(Sources(1, 2) with { MinimumSources = 2 }, [Quote("100", 0), Quote("200", 0)]);
        Assert.Equal(Usd("150"), result.Price);
        Assert.Equal([SourceOutcome.Clipped, SourceOutcome.Clipped], Outcomes(result, 2));
    }

    [Fact]
    public void With_an_even_count_and_no_consensus_a_middle_source_moving_out_moves_the_median()
    {
        // The one case where a source beyond the band still matters: it is one of the two middle values, so the
        // sources split two against two by more than two bands. Median 150 here, then 155.
        var config = Sources(1, 2, 3, 4);
        var before = Calculate(config, [Quote("100", 0), Quote("100", 0), Quote("200", 0), Quote("210", 0)]);
        var after = Calculate(config, [Quote("100", 0), Quote("100", 0), Quote("300", 0), Quote("210", 0)]);
        Assert.Equal((Usd("150"), Usd("150")), (before.Median!.Value, before.Price!.Value));
        Assert.Equal((Usd("155"), Usd("155")), (after.Median!.Value, after.Price!.Value));
    }

    [Fact]
    public void Updates_that_change_nothing_say_why()
    {
        var index = new IndexCalculator(Sources(1, 2, 3));
        Assert.Equal(QuoteUpdate.UnknownSource, index.Update(4, Quote("100", 0)));
        Assert.Equal(QuoteUpdate.NotPositive, index.Update(1, new SourceQuote(QuotePrice.Zero, 0)));
        Assert.Equal(QuoteUpdate.NotPositive, index.Update(1, Quote("-1", 0)));
        Assert.Equal(QuoteUpdate.Accepted, index.Update(1, Quote("100", 5)));
        Assert.Equal(QuoteUpdate.OutOfOrder, index.Update(1, Quote("101", 4)));
        Assert.Equal(QuoteUpdate.Accepted, index.Update(1, Quote("102", 5)));
        Assert.Equal(new IndexState([new IndexSourceQuote(1, Quote("102", 5))]), index.CaptureState());
    }

    [Fact]
    public void Time_before_a_held_quote_is_a_caller_bug()
    {
        var index = new IndexCalculator(Sources(1, 2, 3));
        index.Update(2, Quote("100", 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Calculate(49));
        Assert.Equal(IndexStatus.TooFewFreshSources, index.Calculate(50).Status);
    }

    [Fact]
    public void The_configuration_sorts_its_sources_and_refuses_what_cannot_work()
    {
        var config = new IndexConfig([new IndexSource(9), new IndexSource(3, 2), new IndexSource(5)]);
        Assert.Equal([new IndexSource(3, 2), new IndexSource(5), new IndexSource(9)], config.Sources);
        Assert.Equal(config, new IndexConfig([new IndexSource(5), new IndexSource(9), new IndexSource(3, 2)]));
        Assert.NotEqual(config, config with { OutlierBandPpm = 1 });
        Assert.Equal((10 * Second, 5_000, OutlierRule.Clip, 3), (config.StaleAfterMicros, config.OutlierBandPpm, config.Outliers, config.MinimumSources));

        Assert.Throws<ArgumentException>(() => new IndexConfig([new IndexSource(1), new IndexSource(1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexConfig([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexConfig(Enumerable.Range(0, 65).Select(i => new IndexSource(i))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexConfig([new IndexSource(1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { OutlierBandPpm = 1_000_001 });
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { MinimumSources = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { StaleAfterMicros = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { Outliers = (OutlierRule)2 });
        Assert.Throws<ArgumentException>(() => new IndexCalculator(config with { MinimumSources = 4 }));
    }

    [Fact]
    public void Restore_refuses_a_state_no_calculator_could_hold()
    {
        var config = Sources(1, 2, 3);
        Assert.Throws<ArgumentException>(() => IndexCalculator.Restore(config, new IndexState([new IndexSourceQuote(4, Quote("1", 0))])));
        Assert.Throws<ArgumentException>(() => IndexCalculator.Restore(config, new IndexState([new IndexSourceQuote(2, Quote("1", 0)), new IndexSourceQuote(1, Quote("1", 0))])));
        Assert.Throws<ArgumentException>(() => IndexCalculator.Restore(config, new IndexState([new IndexSourceQuote(1, Quote("0", 0))])));
        var state = new IndexState([new IndexSourceQuote(1, Quote("1", 3)), new IndexSourceQuote(3, Quote("2", 4))]);
        Assert.Equal(state, IndexCalculator.Restore(config, state).CaptureState());
    }

    internal static IndexResult Calculate(IndexConfig config, IReadOnlyList<SourceQuote> quotes)
    {
        var index = new IndexCalculator(config);
        for (var i = 0; i < quotes.Count; i++)
        {
            Assert.Equal(QuoteUpdate.Accepted, index.Update(config.Sources[i].Id, quotes[i]));
        }

        return index.Calculate(quotes.Max(q => q.TimestampMicros));
    }

    internal static SourceOutcome[] Outcomes(IndexResult result, int count) => [.. Enumerable.Range(0, count).Select(result.OutcomeOf)];
}
