namespace Clearline.Risk.Prices;

/// <summary>How a perpetual's or future's mark follows its book (docs/clearing.md, "Index and mark").</summary>
public sealed record MarkConfig
{
    /// <summary>
    /// τ of the basis EMA in sequencer microseconds: a step in the basis is 63% through after τ and 95% after 3τ.
    /// Default 30 s, the figure Deribit quotes for its premium EMA.
    /// </summary>
    public long TimeConstantMicros
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The time constant is at least 1 µs.");
    } = 30_000_000;

    /// <summary>
    /// The basis never exceeds this many millionths of the index, either way. Default 100,000 = 10% (Deribit's old
    /// published rule). Below 100% so that the mark of a positive index stays positive.
    /// </summary>
    public int BasisCapPpm
    {
        get;
        init => field = value is >= 0 and < PriceMath.PpmScale ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The cap is 0 to 999,999 ppm.");
    } = 100_000;
}
