namespace Clearline.Risk.Prices;

/// <summary>
/// A robust index over a fixed set of constituents (derivatives.md §1.5): the median of the fresh mids, each mid
/// outside median ± band clipped to the band edge (or dropped), then the weighted average. Holds the latest quote
/// per source; <see cref="Calculate"/> is a pure function of those quotes and the sequencer time.
/// </summary>
/// <remarks>
/// Deterministic: integers only, sources visited in ascending id, and the median taken from sorted values (equal
/// longs are indistinguishable, so the sort's stability cannot matter). A calculation allocates nothing and costs
/// O(n log n) for n ≤ <see cref="IndexConfig.MaxSources"/> sources; an update is a binary search.
/// Single-threaded: one writer owns it.
/// </remarks>
public sealed class IndexCalculator
{
    private readonly int[] _ids;
    private readonly int[] _weights;
    private readonly SourceQuote?[] _quotes;
    private long _latestTimestamp = long.MinValue;

    public IndexCalculator(IndexConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MinimumSources > config.Sources.Count)
        {
            throw new ArgumentException($"The minimum of {config.MinimumSources} sources exceeds the {config.Sources.Count} constituents: the index could never be valid.", nameof(config));
        }

        Config = config;
        _ids = new int[config.Sources.Count];
        _weights = new int[config.Sources.Count];
        _quotes = new SourceQuote?[config.Sources.Count];
        for (var i = 0; i < _ids.Length; i++)
        {
            (_ids[i], _weights[i]) = (config.Sources[i].Id, config.Sources[i].Weight);
        }
    }

    public IndexConfig Config { get; }

    /// <summary>Replaces the source's quote; anything but <see cref="QuoteUpdate.Accepted"/> changes nothing.</summary>
    public QuoteUpdate Update(int sourceId, SourceQuote quote)
    {
        var slot = Array.BinarySearch(_ids, sourceId);
        if (slot < 0)
        {
            return QuoteUpdate.UnknownSource;
        }

        if (!quote.Mid.IsPositive)
        {
            return QuoteUpdate.NotPositive;
        }

        if (_quotes[slot] is { } held && quote.TimestampMicros < held.TimestampMicros)
        {
            return QuoteUpdate.OutOfOrder;
        }

        _quotes[slot] = quote;
        _latestTimestamp = Math.Max(_latestTimestamp, quote.TimestampMicros);
        return QuoteUpdate.Accepted;
    }

    /// <summary>
    /// The index at sequencer time <paramref name="nowMicros"/>, which is never before a held quote (sequencer
    /// time does not go backwards, so an earlier time is a caller bug and throws).
    /// </summary>
    public IndexResult Calculate(long nowMicros)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nowMicros, _latestTimestamp);
        Span<long> sorted = stackalloc long[IndexConfig.MaxSources];
        var count = 0;
        ulong fresh = 0, stale = 0;
        for (var slot = 0; slot < _quotes.Length; slot++)
        {
            if (_quotes[slot] is not { } quote)
            {
                continue;
            }

            if (checked(nowMicros - quote.TimestampMicros) > Config.StaleAfterMicros)
            {
                stale |= 1UL << slot;
            }
            else
            {
                fresh |= 1UL << slot;
                sorted[count++] = quote.Mid.E8;
            }
        }

        if (count < Config.MinimumSources)
        {
            return new IndexResult(IndexStatus.TooFewFreshSources, null, null, fresh, 0, 0, stale);
        }

        sorted = sorted[..count];
        sorted.Sort();
        var median = Median(sorted);
        var width = PriceMath.PpmOf(median, Config.OutlierBandPpm);
        var (low, high) = (median - width, checked(median + width));
        var drop = Config.Outliers == OutlierRule.Drop;
        Int128 sum = 0;
        long weights = 0;
        var used = 0;
        ulong clipped = 0, excluded = 0;
        for (var slot = 0; slot < _quotes.Length; slot++)
        {
            if ((fresh & (1UL << slot)) == 0)
            {
                continue;
            }

            var mid = _quotes[slot]!.Value.Mid.E8;
            if (mid < low || mid > high)
            {
                if (drop)
                {
                    excluded |= 1UL << slot;
                    continue;
                }

                clipped |= 1UL << slot;
                mid = Math.Clamp(mid, low, high);
            }

            sum += (Int128)mid * _weights[slot];
            weights += _weights[slot];
            used++;
        }

        return used < Config.MinimumSources
            ? new IndexResult(IndexStatus.TooFewSourcesInBand, null, new QuotePrice(median), fresh, clipped, excluded, stale)
            : new IndexResult(IndexStatus.Valid, new QuotePrice(PriceMath.DivideRounded(sum, weights)), new QuotePrice(median), fresh, clipped, excluded, stale);
    }

    public IndexState CaptureState()
    {
        var quotes = new List<IndexSourceQuote>(_quotes.Length);
        for (var slot = 0; slot < _quotes.Length; slot++)
        {
            if (_quotes[slot] is { } quote)
            {
                quotes.Add(new IndexSourceQuote(_ids[slot], quote));
            }
        }

        return new IndexState(quotes);
    }

    /// <summary>
    /// A calculator that answers every later update and calculation exactly like the one that captured
    /// <paramref name="state"/>; a state no calculator under <paramref name="config"/> could hold is refused.
    /// </summary>
    public static IndexCalculator Restore(IndexConfig config, IndexState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var calculator = new IndexCalculator(config);
        var previousId = 0;
        for (var i = 0; i < state.Quotes.Count; i++)
        {
            var (id, quote) = state.Quotes[i];
            if (i > 0 && id <= previousId)
            {
                throw new ArgumentException($"Source {id} follows source {previousId}: quotes are held in strictly ascending source id.", nameof(state));
            }

            var answer = calculator.Update(id, quote);
            if (answer != QuoteUpdate.Accepted)
            {
                throw new ArgumentException($"The quote of source {id} is refused ({answer}).", nameof(state));
            }

            previousId = id;
        }

        return calculator;
    }

    /// <summary>The middle value; for an even count the mean of the two middle values, rounded half away from zero.</summary>
    private static long Median(ReadOnlySpan<long> sorted) =>
        sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : PriceMath.DivideRounded((Int128)sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2], 2);
}
