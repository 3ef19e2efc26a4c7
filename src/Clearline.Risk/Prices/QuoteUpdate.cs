namespace Clearline.Risk.Prices;

/// <summary>The answer to a source quote: accepted, or why it changed nothing.</summary>
public enum QuoteUpdate
{
    Accepted,

    /// <summary>The source is not a constituent of this index.</summary>
    UnknownSource,

    /// <summary>The mid is zero or negative.</summary>
    NotPositive,

    /// <summary>Older than the quote already held for the source: a late retransmission must not roll it back.</summary>
    OutOfOrder,
}
