namespace Clearline.Risk.Prices;

/// <summary>
/// How one index aggregates its constituents (docs/clearing.md, "Index and mark"). The constituents are fixed
/// configuration, held in ascending id order whatever order they were given in; a quote from any other source
/// is refused. Equal when every setting and every constituent is equal.
/// </summary>
public sealed record IndexConfig
{
    /// <summary>The result reports sources as bits of a <see cref="ulong"/>, one per constituent.</summary>
    public const int MaxSources = 64;

    public IndexConfig(IEnumerable<IndexSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        IndexSource[] sorted = [.. sources.OrderBy(s => s.Id)];
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Length, nameof(sources));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sorted.Length, MaxSources, nameof(sources));
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Weight is < 1 or > IndexSource.MaxWeight)
            {
                throw new ArgumentOutOfRangeException(nameof(sources), $"Source {sorted[i].Id} has weight {sorted[i].Weight}; weights are 1 to {IndexSource.MaxWeight}.");
            }

            if (i > 0 && sorted[i].Id == sorted[i - 1].Id)
            {
                throw new ArgumentException($"Source {sorted[i].Id} is listed twice.", nameof(sources));
            }
        }

        Sources = sorted;
    }

    /// <summary>The constituents in ascending id; a source's position here is its slot in <see cref="IndexResult"/>.</summary>
    public IReadOnlyList<IndexSource> Sources { get; }

    /// <summary>
    /// A quote older than this (sequencer time minus its timestamp, strictly greater) is stale and ignored.
    /// Default 10 s: many feeder rounds, so one late update does not drop a venue, yet a dead feed is gone quickly.
    /// </summary>
    public long StaleAfterMicros
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Staleness is a non-negative duration.");
    } = 10_000_000;

    /// <summary>Half-width of the band around the median, in millionths of the median. Default 5,000 = ±0.5% (Deribit).</summary>
    public int OutlierBandPpm
    {
        get;
        init => field = value is >= 0 and <= PriceMath.PpmScale ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The band is 0 to 1,000,000 ppm.");
    } = 5_000;

    public OutlierRule Outliers
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown outlier rule.");
    } = OutlierRule.Clip;

    /// <summary>
    /// Fewer fresh (and, with <see cref="OutlierRule.Drop"/>, in-band) sources than this give no index. Default 3:
    /// with two sources the median is their mean and clipping is symmetric around it, so one bad venue moves the
    /// index by half its error, unbounded; from three on, a single bad venue is outvoted and held within the band.
    /// No index means the protected state (no risk-increasing orders), a safe failure, so the stricter default wins.
    /// </summary>
    public int MinimumSources
    {
        get;
        init => field = value is >= 1 and <= MaxSources ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"The minimum is 1 to {MaxSources} sources.");
    } = 3;

    public bool Equals(IndexConfig? other) =>
        other is not null
        && StaleAfterMicros == other.StaleAfterMicros
        && OutlierBandPpm == other.OutlierBandPpm
        && Outliers == other.Outliers
        && MinimumSources == other.MinimumSources
        && Sources.SequenceEqual(other.Sources);

    public override int GetHashCode() => HashCode.Combine(StaleAfterMicros, OutlierBandPpm, Outliers, MinimumSources, Sources.Count);
}
