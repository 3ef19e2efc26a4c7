using System.Globalization;
using Clearline.Risk.Prices;

namespace Clearline.Risk.Tests.Prices;

/// <summary>Short spellings for prices and configurations in the price tests.</summary>
internal static class PriceTesting
{
    public const long Second = 1_000_000;

    /// <summary>A price written as decimal text ("100.2"), exact to 8 decimals.</summary>
    public static QuotePrice Usd(string text)
    {
        Assert.True(QuotePrice.TryFromDecimal(decimal.Parse(text, CultureInfo.InvariantCulture), out var price));
        return price;
    }

    public static SourceQuote Quote(string mid, long timestampMicros) => new(Usd(mid), timestampMicros);

    public static IndexConfig Sources(params int[] ids) => new(ids.Select(id => new IndexSource(id)));
}
