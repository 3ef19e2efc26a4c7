using Clearline.Risk.Prices;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Prices;

/// <summary>Index properties over random configurations and quote streams.</summary>
public sealed class IndexPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true);

    [Fact]
    public void The_index_matches_the_reference_and_lies_within_the_fresh_mids()
    {
        int valid = 0, clipped = 0, excluded = 0, invalid = 0;
        Check.One(Quick, Prop.ForAll(IndexScenario.Arbitrary(), scenario =>
        {
            var index = scenario.Run();
            var result = index.Calculate(scenario.Now);
            var (status, price) = ReferenceIndex.Calculate(scenario.Config, scenario.Updates, scenario.Now);
            Assert.Equal(status, result.Status);
            Assert.Equal(price, result.Price?.E8);

            var fresh = FreshMids(index, scenario.Now);
            Assert.Equal(fresh.Count, (int)ulong.PopCount(result.FreshSlots));
            Assert.Equal(0UL, result.FreshSlots & result.StaleSlots);
            Assert.Equal(result.ClippedSlots | result.ExcludedSlots, (result.ClippedSlots | result.ExcludedSlots) & result.FreshSlots);
            Assert.Equal(0UL, scenario.Config.Outliers == OutlierRule.Clip ? result.ExcludedSlots : result.ClippedSlots);
            if (result.Price is { } p)
            {
                Assert.InRange(p.E8, fresh.Min(), fresh.Max());
                Assert.InRange(result.Median!.Value.E8, fresh.Min(), fresh.Max());
            }

            valid += result.IsValid ? 1 : 0;
            invalid += result.IsValid ? 0 : 1;
            clipped += result.ClippedSlots != 0 ? 1 : 0;
            excluded += result.ExcludedSlots != 0 ? 1 : 0;
        }));

        Assert.True(valid > 500 && invalid > 100 && clipped > 100 && excluded > 100, $"valid {valid}, invalid {invalid}, clipped {clipped}, excluded {excluded}");
    }

    [Fact]
    public void Neither_the_order_of_updates_nor_the_order_of_configured_sources_changes_anything()
    {
        var gen =
            from scenario in IndexScenario.Generate(1)
            from updates in Gen.Shuffle(scenario.Updates)
            from sources in Gen.Shuffle(scenario.Config.Sources.ToArray())
            select (scenario, updates, sources);
        Check.One(Quick, Prop.ForAll(Arb.From(gen), t =>
        {
            var (scenario, updates, sources) = t;
            var config = new IndexConfig(sources)
            {
                OutlierBandPpm = scenario.Config.OutlierBandPpm,
                Outliers = scenario.Config.Outliers,
                MinimumSources = scenario.Config.MinimumSources,
                StaleAfterMicros = scenario.Config.StaleAfterMicros,
            };
            var original = scenario.Run();
            var permuted = IndexScenario.Run(config, updates);
            Assert.Equal(original.CaptureState(), permuted.CaptureState());
            Assert.Equal(original.Calculate(scenario.Now), permuted.Calculate(scenario.Now));
        }));
    }

    [Fact]
    public void A_source_beyond_the_band_moving_further_out_changes_nothing_unless_it_is_a_middle_value_of_an_even_count()
    {
        var moved = 0;
        var gen =
            from scenario in IndexScenario.Generate(3)
            from pick in Gen.Choose(0, 63)
            from distance in Gen.Choose(1, 1_000_000)
            select (scenario, pick, distance);
        Check.One(Quick.WithMaxTest(5_000), Prop.ForAll(Arb.From(gen), t =>
        {
            var (scenario, pick, distance) = t;
            var index = scenario.Run();
            var result = index.Calculate(scenario.Now);
            var outside = result.ClippedSlots | result.ExcludedSlots;
            if (result.Median is not { } median || outside == 0)
            {
                return;
            }

            var slot = NthSetBit(outside, pick % (int)ulong.PopCount(outside));
            var sourceId = scenario.Config.Sources[slot].Id;
            var held = index.CaptureState().Quotes.Single(q => q.SourceId == sourceId).Quote;
            var sorted = FreshMids(index, scenario.Now).Order().ToArray();
            var above = held.Mid > median;
            var middle = sorted.Length % 2 == 0 && held.Mid.E8 == sorted[above ? sorted.Length / 2 : (sorted.Length / 2) - 1];
            var step = Math.Max(1, held.Mid.E8 / 1_000_000 * distance);
            var further = above ? held.Mid.E8 + step : held.Mid.E8 - step;
            if (middle || further < 1)
            {
                return;
            }

            Assert.Equal(QuoteUpdate.Accepted, index.Update(sourceId, held with { Mid = new QuotePrice(further) }));
            var after = index.Calculate(scenario.Now);
            Assert.Equal(result.Price, after.Price);
            Assert.Equal(result.Median, after.Median);
            moved++;
        }));

        Assert.True(moved > 500, $"only {moved} moves");
    }

    [Fact]
    public void One_source_anywhere_keeps_the_index_within_a_band_of_the_others()
    {
        var checkedCount = 0;
        var gen =
            from scenario in IndexScenario.Generate(3)
            from pick in Gen.Choose(0, 63)
            from rogue in Gen.Choose(1, 2_000_000)
            select (scenario, pick, rogue);
        Check.One(Quick.WithMaxTest(5_000), Prop.ForAll(Arb.From(gen), t =>
        {
            var (scenario, pick, rogue) = t;
            var index = scenario.Run();
            var fresh = index.Calculate(scenario.Now).FreshSlots;
            if (ulong.PopCount(fresh) < 3)
            {
                return;
            }

            var slot = NthSetBit(fresh, pick % (int)ulong.PopCount(fresh));
            var sourceId = scenario.Config.Sources[slot].Id;
            var held = index.CaptureState().Quotes.Single(q => q.SourceId == sourceId).Quote;
            var others = index.CaptureState().Quotes
                .Where(q => q.SourceId != sourceId && scenario.Now - q.Quote.TimestampMicros <= scenario.Config.StaleAfterMicros)
                .Select(q => q.Quote.Mid.E8)
                .ToArray();
            index.Update(sourceId, held with { Mid = new QuotePrice(held.Mid.E8 / 100_000 * rogue) });
            if (index.Calculate(scenario.Now).Price is not { } price)
            {
                return;
            }

            var width = PriceMath.PpmOf(others.Max(), scenario.Config.OutlierBandPpm);
            Assert.InRange(price.E8, others.Min() - width, others.Max() + width);
            checkedCount++;
        }));

        Assert.True(checkedCount > 500, $"only {checkedCount} checked");
    }

    [Fact]
    public void A_restored_calculator_continues_identically()
    {
        var gen =
            from scenario in IndexScenario.Generate(1)
            from split in Gen.Choose(0, scenario.Updates.Length)
            select (scenario, split);
        Check.One(Quick, Prop.ForAll(Arb.From(gen), t =>
        {
            var (scenario, split) = t;
            var original = IndexScenario.Run(scenario.Config, scenario.Updates.Take(split));
            var restored = IndexCalculator.Restore(scenario.Config, original.CaptureState());
            Assert.Equal(original.CaptureState(), restored.CaptureState());
            foreach (var (source, quote) in scenario.Updates.Skip(split))
            {
                Assert.Equal(original.Update(source, quote), restored.Update(source, quote));
            }

            Assert.Equal(original.CaptureState(), restored.CaptureState());
            for (var wait = 0L; wait <= 12 * PriceTesting.Second; wait += 3 * PriceTesting.Second)
            {
                Assert.Equal(original.Calculate(scenario.Now + wait), restored.Calculate(scenario.Now + wait));
            }
        }));
    }

    [Fact]
    public void Updating_and_calculating_allocate_nothing()
    {
        var config = new IndexConfig(Enumerable.Range(0, IndexConfig.MaxSources).Select(i => new IndexSource(i * 3)));
        var index = new IndexCalculator(config);
        var sum = 0L;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < 10_000; t++)
        {
            index.Update(t % IndexConfig.MaxSources * 3, new SourceQuote(new QuotePrice(10_000_000_000L + (t * 7919 % 100_000_000)), t));
            sum += index.Calculate(t).Price?.E8 ?? 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    private static List<long> FreshMids(IndexCalculator index, long now) =>
        [.. index.CaptureState().Quotes.Where(q => now - q.Quote.TimestampMicros <= index.Config.StaleAfterMicros).Select(q => q.Quote.Mid.E8)];

    private static int NthSetBit(ulong bits, int n)
    {
        for (var i = 0; i < n; i++)
        {
            bits &= bits - 1;
        }

        return System.Numerics.BitOperations.TrailingZeroCount(bits);
    }
}
