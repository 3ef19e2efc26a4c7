using Clearline.Domain;

namespace Clearline.Matching;

/// <summary>
/// A book's complete state as plain data, in priority order: what a snapshot stores and what a state hash
/// digests. <see cref="OrderBook.Restore"/> rebuilds a book that behaves exactly like the captured one.
/// Two states are equal when every field and every order, in order, is equal.
/// </summary>
public sealed record BookState(InstrumentId Instrument, long HighestAcceptedId, IReadOnlyList<RestingOrder> Bids, IReadOnlyList<RestingOrder> Asks)
{
    public bool Equals(BookState? other) =>
        other is not null
        && Instrument == other.Instrument
        && HighestAcceptedId == other.HighestAcceptedId
        && Bids.SequenceEqual(other.Bids)
        && Asks.SequenceEqual(other.Asks);

    public override int GetHashCode() => HashCode.Combine(Instrument, HighestAcceptedId, Bids.Count, Asks.Count);
}
