namespace Clearline.Risk.Tests;

public sealed class QuotePriceTests
{
    [Theory]
    [InlineData("65432.1", 6_543_210_000_000)]
    [InlineData("0.00000001", 1)]
    [InlineData("-2.5", -250_000_000)]
    public void Converts_exactly_from_decimal(string text, long e8)
    {
        Assert.True(QuotePrice.TryFromDecimal(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), out var price));
        Assert.Equal(e8, price.E8);
        Assert.Equal(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), price.ToDecimal());
    }

    [Fact]
    public void Refuses_more_than_eight_decimals_and_overflow()
    {
        Assert.False(QuotePrice.TryFromDecimal(0.000000001m, out _));
        Assert.False(QuotePrice.TryFromDecimal(decimal.MaxValue, out _));
        Assert.Throws<OverflowException>(() => new QuotePrice(long.MaxValue) + new QuotePrice(1));
    }
}
