using Clearline.Risk.Funding;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Funding;

public sealed class PremiumTests
{
    private static QuotePrice Usd(decimal value) => QuotePrice.TryFromDecimal(value, out var price) ? price : throw new ArgumentException("bad price");

    [Theory]
    [InlineData("50100", "50000", 2_000_000)] // 0.2%
    [InlineData("49900", "50000", -2_000_000)]
    [InlineData("50000", "50000", 0)]
    [InlineData("50000.00000001", "50000", 0)] // 2×10⁻¹³ truncates to zero
    [InlineData("65432.1", "65000", 6_647_692)] // 432.1 / 65000 = 0.006647692307...
    [InlineData("64567.9", "65000", -6_647_692)] // the mirror image truncates to the exact negative
    public void Premium_of_mark_is_the_fraction_over_index_truncated_toward_zero(string mark, string index, long ppb) =>
        Assert.Equal(new FundingRate(ppb), Premium.OfMark(Usd(decimal.Parse(mark, System.Globalization.CultureInfo.InvariantCulture)), Usd(decimal.Parse(index, System.Globalization.CultureInfo.InvariantCulture))));

    [Theory]
    [InlineData("50010", "50020", "50000", 200_000)] // bid above index: +0.02%
    [InlineData("49980", "49990", "50000", -200_000)] // ask below index: −0.02%
    [InlineData("49990", "50010", "50000", 0)] // index inside the impact spread
    public void Impact_premium_counts_only_the_side_that_crosses_the_index(string bid, string ask, string index, long ppb)
    {
        static QuotePrice P(string s) => Usd(decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new FundingRate(ppb), Premium.OfImpactPrices(P(bid), P(ask), P(index)));
    }

    [Fact]
    public void Mirror_images_give_exact_negatives()
    {
        var arbitrary = Arb.From(
            from index in Gen.Choose(1, int.MaxValue)
            from gap in Gen.Choose(0, int.MaxValue)
            select (Index: (long)index * 1_000, Gap: (long)gap));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(arbitrary, c =>
        {
            var index = new QuotePrice(c.Index);
            var above = Premium.OfMark(new QuotePrice(c.Index + c.Gap), index);
            var below = c.Index > c.Gap ? Premium.OfMark(new QuotePrice(c.Index - c.Gap), index) : -above;
            Assert.Equal(-above, below);
        }));
    }

    [Fact]
    public void Refuses_prices_that_are_not_positive_and_crossed_impact_prices()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Premium.OfMark(Usd(1), QuotePrice.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Premium.OfMark(QuotePrice.Zero, Usd(1)));
        Assert.Throws<ArgumentException>(() => Premium.OfImpactPrices(Usd(101), Usd(100), Usd(100)));
    }

    [Fact]
    public void Rate_converts_exactly_from_a_fraction()
    {
        Assert.True(FundingRate.TryFromDecimal(0.00025m, out var damper));
        Assert.Equal(new FundingRate(250_000), damper);
        Assert.Equal(0.00025m, damper.ToDecimal());
        Assert.False(FundingRate.TryFromDecimal(0.0000000001m, out _));
        Assert.Equal(new FundingRate(-5), new FundingRate(-9).Clamp(new FundingRate(-5), new FundingRate(5)));
    }
}
