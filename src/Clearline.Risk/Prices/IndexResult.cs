namespace Clearline.Risk.Prices;

/// <summary>
/// One index calculation: the price when <see cref="Status"/> is <see cref="IndexStatus.Valid"/>, and for every
/// constituent what became of it. Source sets are bit masks whose bit i is <c>IndexConfig.Sources[i]</c>, so the
/// result is a plain value (no allocation) that still names every source.
/// </summary>
/// <param name="Status">Valid, or why there is no index.</param>
/// <param name="Price">The index; null unless valid.</param>
/// <param name="Median">The median of the fresh mids, centre of the band; null when too few sources were fresh.</param>
/// <param name="FreshSlots">Sources with a fresh quote (including clipped and excluded ones).</param>
/// <param name="ClippedSlots">Fresh sources averaged at the band edge.</param>
/// <param name="ExcludedSlots">Fresh sources left out as outliers.</param>
/// <param name="StaleSlots">Sources whose latest quote is stale.</param>
public readonly record struct IndexResult(
    IndexStatus Status,
    QuotePrice? Price,
    QuotePrice? Median,
    ulong FreshSlots,
    ulong ClippedSlots,
    ulong ExcludedSlots,
    ulong StaleSlots)
{
    public bool IsValid => Status == IndexStatus.Valid;

    /// <summary>What became of the source at <paramref name="slot"/> (its position in <c>IndexConfig.Sources</c>).</summary>
    public SourceOutcome OutcomeOf(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, IndexConfig.MaxSources);
        var bit = 1UL << slot;
        return (bit & ExcludedSlots) != 0 ? SourceOutcome.Excluded
            : (bit & ClippedSlots) != 0 ? SourceOutcome.Clipped
            : (bit & FreshSlots) != 0 ? SourceOutcome.Fresh
            : (bit & StaleSlots) != 0 ? SourceOutcome.Stale
            : SourceOutcome.NoQuote;
    }
}
