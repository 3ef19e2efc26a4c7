using Clearline.Risk.Prices;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Prices;

/// <summary>A random index configuration, a stream of source quotes and the time of the calculation.</summary>
internal sealed record IndexScenario(IndexConfig Config, (int Source, SourceQuote Quote)[] Updates, long Now)
{
    public IndexCalculator Run() => Run(Config, Updates);

    public static IndexCalculator Run(IndexConfig config, IEnumerable<(int Source, SourceQuote Quote)> updates)
    {
        var index = new IndexCalculator(config);
        foreach (var (source, quote) in updates)
        {
            index.Update(source, quote);
        }

        return index;
    }

    public override string ToString() =>
        $"band {Config.OutlierBandPpm} ppm, {Config.Outliers}, min {Config.MinimumSources}, stale after {Config.StaleAfterMicros}, now {Now}, sources "
        + string.Join(' ', Config.Sources.Select(s => $"{s.Id}×{s.Weight}"))
        + ", updates " + string.Join(' ', Updates.Select(u => $"{u.Source}:{u.Quote.Mid.E8}@{u.Quote.TimestampMicros}"));

    public static Arbitrary<IndexScenario> Arbitrary(int minSources = 1) => Arb.From(Generate(minSources));

    /// <summary>
    /// 1–12 sources with distinct ids, mids around a common centre (most within a few bands, some far out), up to
    /// three quotes per source with distinct timestamps, some sources never quoted, some stale at the end.
    /// </summary>
    public static Gen<IndexScenario> Generate(int minSources) =>
        from count in Gen.Choose(minSources, 12)
        from ids in Gen.Shuffle(Enumerable.Range(0, 100))
        from equalWeights in Gen.Elements(true, false)
        from weights in Gen.ArrayOf(Gen.Choose(1, 5), count)
        from band in Gen.Elements(0, 1_000, 5_000, 20_000, 100_000)
        from drop in Gen.Elements(false, true)
        from minimum in Gen.Choose(1, count)
        from staleAfter in Gen.Elements(2 * PriceTesting.Second, 10 * PriceTesting.Second, 30 * PriceTesting.Second)
        from centre in Gen.Choose(1, 200_000)
        from quotes in Gen.ArrayOf(Quotes(centre * 100_000_000L), count)
        from wait in Gen.Frequency((3, Gen.Choose(0, 1_000_000)), (1, Gen.Choose(0, 15_000_000)))
        let config = new IndexConfig(ids.Take(count).Select((id, i) => new IndexSource(id, equalWeights ? 1 : weights[i])))
        {
            OutlierBandPpm = band,
            Outliers = drop ? OutlierRule.Drop : OutlierRule.Clip,
            MinimumSources = minimum,
            StaleAfterMicros = staleAfter,
        }
        let updates = quotes.SelectMany((qs, i) => qs.Select(q => (Source: ids[i], Quote: q))).ToArray()
        select new IndexScenario(config, updates, updates.Select(u => u.Quote.TimestampMicros).DefaultIfEmpty(0).Max() + wait);

    private static Gen<SourceQuote[]> Quotes(long centre) =>
        from count in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Constant(1)), (3, Gen.Choose(2, 3)))
        from times in Gen.Shuffle(Enumerable.Range(0, 30))
        from mids in Gen.ArrayOf(Mid(centre), count)
        select mids.Select((mid, i) => new SourceQuote(new QuotePrice(mid), times[i] * PriceTesting.Second)).ToArray();

    /// <summary>Mostly within ±3% of the centre (so bands of 0.1–10% split them), sometimes ±60%, sometimes exactly the centre.</summary>
    private static Gen<long> Mid(long centre) =>
        Gen.Frequency(
            (2, Gen.Constant(centre)),
            (7, Gen.Choose(-30_000, 30_000).Select(ppm => centre + (centre / 1_000_000 * ppm))),
            (1, Gen.Choose(-600_000, 600_000).Select(ppm => Math.Max(1, centre + (centre / 1_000_000 * ppm)))));
}
