namespace Clearline.Risk.Prices;

/// <summary>
/// One index constituent (a spot venue, as the feeder numbers it) and its weight in the average; equal weights
/// give Deribit's equal-weighted index. The weight does not affect the median, only the average.
/// </summary>
public readonly record struct IndexSource(int Id, int Weight = 1)
{
    /// <summary>Bounds the weighted sum: 64 sources × this × a long price stays far inside Int128.</summary>
    public const int MaxWeight = 1_000_000;
}
