using Clearline.Risk.Prices;

namespace Clearline.Risk.Tests.Prices;

/// <summary>
/// The index rules written as plainly as possible, in <see cref="decimal"/> with the framework's rounding, to hold
/// <see cref="IndexCalculator"/> to: newest quote per source wins (the later one on equal times), fresh when at
/// most the staleness limit old, median, band truncated toward zero, clip or drop, weighted mean rounded half away.
/// </summary>
internal static class ReferenceIndex
{
    public static (IndexStatus Status, long? Price) Calculate(IndexConfig config, IEnumerable<(int Source, SourceQuote Quote)> updates, long now)
    {
        var latest = new SortedDictionary<int, SourceQuote>();
        foreach (var (source, quote) in updates)
        {
            if (config.Sources.Any(s => s.Id == source) && quote.Mid.E8 > 0
                && (!latest.TryGetValue(source, out var held) || held.TimestampMicros <= quote.TimestampMicros))
            {
                latest[source] = quote;
            }
        }

        var fresh = latest.Where(p => now - p.Value.TimestampMicros <= config.StaleAfterMicros)
            .Select(p => (Mid: (decimal)p.Value.Mid.E8, config.Sources.Single(s => s.Id == p.Key).Weight))
            .ToList();
        if (fresh.Count < config.MinimumSources)
        {
            return (IndexStatus.TooFewFreshSources, null);
        }

        var sorted = fresh.Select(f => f.Mid).Order().ToList();
        var median = sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : Math.Round((sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2, MidpointRounding.AwayFromZero);
        var width = Math.Truncate(median * config.OutlierBandPpm / 1_000_000m);
        var kept = fresh
            .Where(f => config.Outliers == OutlierRule.Clip || Math.Abs(f.Mid - median) <= width)
            .Select(f => (Mid: Math.Clamp(f.Mid, median - width, median + width), f.Weight))
            .ToList();
        if (kept.Count < config.MinimumSources)
        {
            return (IndexStatus.TooFewSourcesInBand, null);
        }

        var mean = kept.Sum(k => k.Mid * k.Weight) / kept.Sum(k => k.Weight);
        return (IndexStatus.Valid, (long)Math.Round(mean, MidpointRounding.AwayFromZero));
    }
}
