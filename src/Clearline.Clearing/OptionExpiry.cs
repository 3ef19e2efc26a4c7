using Clearline.Options.Surfaces;

namespace Clearline.Clearing;

/// <summary>
/// The options of one index expiring on one day: they share a volatility surface and a forward, the mark of the
/// same-expiry future on that index when one is listed and marked, else the index itself (a synthetic forward).
/// </summary>
internal sealed class OptionExpiry(int index, DateOnly date, long expiryMicros, MarketClearing? future)
{
    public int Index { get; } = index;

    public DateOnly Date { get; } = date;

    public long ExpiryMicros { get; } = expiryMicros;

    /// <summary>The listed future on the same index expiring the same day, if any (the lowest instrument id).</summary>
    public MarketClearing? Future { get; } = future;

    /// <summary>The options, in ascending instrument id.</summary>
    public List<MarketClearing> Markets { get; } = [];

    /// <summary>The operator's surface; null until the first. Its <see cref="SviSlice.Years"/> is the time to expiry when it was set.</summary>
    public SviSlice? Surface { get; set; }
}
