using Clearline.Risk.Prices;

namespace Clearline.Risk.Tests.Prices;

public sealed class PriceMathTests
{
    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(-5, 2, -3)]
    [InlineData(7, 4, 2)]
    [InlineData(6, 4, 2)]
    [InlineData(5, 4, 1)]
    [InlineData(-6, 4, -2)]
    [InlineData(1, 4, 0)]
    [InlineData(-1, 4, 0)]
    [InlineData(-3, 4, -1)]
    [InlineData(12, 3, 4)]
    public void Quotients_round_to_nearest_with_halves_away_from_zero(long numerator, long denominator, long expected) =>
        Assert.Equal(expected, PriceMath.DivideRounded(numerator, denominator));

    [Fact]
    public void A_quotient_beyond_a_long_throws() =>
        Assert.Throws<OverflowException>(() => PriceMath.DivideRounded((Int128)long.MaxValue * 4, 3));

    [Theory]
    [InlineData(10_020_000_000, 5_000, 50_100_000)]
    [InlineData(10_000_000_001, 5_000, 50_000_000)]
    [InlineData(199, 5_000, 0)]
    [InlineData(200, 5_000, 1)]
    [InlineData(long.MaxValue, 1_000_000, long.MaxValue)]
    public void Bands_and_caps_truncate_toward_zero(long price, int ppm, long expected) =>
        Assert.Equal(expected, PriceMath.PpmOf(price, ppm));

    [Fact]
    public void A_mid_is_rounded_half_up_and_a_crossed_or_non_positive_quote_is_refused()
    {
        Assert.True(SourceQuote.TryFromBidAsk(new QuotePrice(1), new QuotePrice(2), 7, out var quote));
        Assert.Equal(new SourceQuote(new QuotePrice(2), 7), quote);
        Assert.True(SourceQuote.TryFromBidAsk(new QuotePrice(long.MaxValue - 1), new QuotePrice(long.MaxValue), 0, out quote));
        Assert.Equal(long.MaxValue, quote.Mid.E8);
        Assert.True(SourceQuote.TryFromBidAsk(new QuotePrice(5), new QuotePrice(5), 0, out quote));
        Assert.Equal(5, quote.Mid.E8);
        Assert.False(SourceQuote.TryFromBidAsk(new QuotePrice(3), new QuotePrice(2), 0, out _));
        Assert.False(SourceQuote.TryFromBidAsk(QuotePrice.Zero, new QuotePrice(2), 0, out _));
    }
}
