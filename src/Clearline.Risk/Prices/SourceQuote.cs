namespace Clearline.Risk.Prices;

/// <summary>
/// A constituent's latest price as the index sees it: the mid, and the sequencer time of the command that
/// carried it (staleness is judged in sequencer time only, never a venue's or the feeder's clock).
/// </summary>
public readonly record struct SourceQuote(QuotePrice Mid, long TimestampMicros)
{
    /// <summary>
    /// The quote whose mid is (bid + ask) / 2 rounded half away from zero (halves up, prices being positive);
    /// false for a non-positive bid or a crossed quote (bid &gt; ask), which says nothing reliable about the price.
    /// </summary>
    public static bool TryFromBidAsk(QuotePrice bid, QuotePrice ask, long timestampMicros, out SourceQuote quote)
    {
        if (!bid.IsPositive || bid > ask)
        {
            quote = default;
            return false;
        }

        quote = new SourceQuote(new QuotePrice(PriceMath.DivideRounded((Int128)bid.E8 + ask.E8, 2)), timestampMicros);
        return true;
    }
}
