namespace Clearline.Risk.Prices;

/// <summary>
/// An index calculator's complete state as plain data: the latest quote of every source that has one, in
/// ascending source id. Everything else (median, band, outcomes) is recomputed from it, so this is what a
/// snapshot stores and a state hash digests. Equal when every quote, in order, is equal.
/// </summary>
public sealed record IndexState(IReadOnlyList<IndexSourceQuote> Quotes)
{
    public bool Equals(IndexState? other) => other is not null && Quotes.SequenceEqual(other.Quotes);

    public override int GetHashCode() => Quotes.Count;
}

/// <summary>A source's latest quote, as held in <see cref="IndexState"/>.</summary>
public readonly record struct IndexSourceQuote(int SourceId, SourceQuote Quote);
