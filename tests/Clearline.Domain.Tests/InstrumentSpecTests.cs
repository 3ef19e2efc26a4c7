using Clearline.Domain.Instruments;
using FsCheck.Fluent;

namespace Clearline.Domain.Tests;

public class InstrumentSpecTests
{
    private static readonly TickSizeSchedule HalfUsd = new(0.5m);
    private static readonly TickSizeSchedule OneTick = new(1m);
    private static readonly TickSizeSchedule DeribitOption = new(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]);

    /// <summary>BTC-PERPETUAL: tick 0.5 USD, contracts and lots of 10 USD, max price 10,000,000 USD (20,000,000 ticks).</summary>
    private static InstrumentSpec BtcPerpetual(long maxLots = 1_000_000) => new(
        new InstrumentId(1), InstrumentName.Parse("BTC-PERPETUAL"), HalfUsd, contractSize: 10m, lotSize: 10m,
        new Quantity(maxLots), new Price(20_000_000));

    private static InstrumentSpec BtcOption() => new(
        new InstrumentId(2), InstrumentName.Parse("BTC-27DEC24-50000-C"), DeribitOption, contractSize: 1m, lotSize: 0.1m,
        new Quantity(100_000), new Price(100_000));

    private static InstrumentSpec With(Quantity maxQuantity, Price maxPrice, TickSizeSchedule? ticks = null) => new(
        new InstrumentId(3), InstrumentName.Parse("ETH-PERPETUAL"), ticks ?? OneTick, 1m, 1m, maxQuantity, maxPrice);

    [Fact]
    public void Limits_keep_products_and_book_sums_from_overflowing()
    {
        // Price × quantity fits Int128 with room to spare.
        Assert.True((Int128)InstrumentSpec.MaxPriceTicksLimit * InstrumentSpec.MaxOrderLotsLimit < Int128.One << 100);
        // Sums of maximal orders fit a long up to 2^23 - 1 of them; the book's default of 2^22 resting orders fits.
        Assert.True((Int128)InstrumentSpec.MaxOrderLotsLimit * ((1 << 23) - 1) <= long.MaxValue);
        Assert.True((Int128)InstrumentSpec.MaxOrderLotsLimit * (1 << 23) > long.MaxValue);
        Assert.True((Int128)InstrumentSpec.MaxOrderLotsLimit * (1 << 22) <= long.MaxValue);
    }

    [Fact]
    public void Bounds_at_the_limits_are_accepted()
    {
        var spec = With(new Quantity(InstrumentSpec.MaxOrderLotsLimit), new Price(InstrumentSpec.MaxPriceTicksLimit));
        Assert.Equal(new Quantity(InstrumentSpec.MaxOrderLotsLimit), spec.MaxOrderQuantity);
        Assert.Equal(new Price(InstrumentSpec.MaxPriceTicksLimit), spec.MaxPrice);
        var smallest = With(new Quantity(1), new Price(1));
        Assert.Equal(new Quantity(1), smallest.MaxOrderQuantity);
        Assert.Equal(new Price(1), smallest.MaxPrice);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(InstrumentSpec.MaxOrderLotsLimit + 1)]
    [InlineData(long.MaxValue)]
    public void Max_order_quantity_outside_1_to_the_limit_is_refused(long lots)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => With(new Quantity(lots), new Price(100)));
        Assert.Equal("maxOrderQuantity", exception.ParamName);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(InstrumentSpec.MaxPriceTicksLimit + 1)]
    [InlineData(long.MaxValue)]
    public void Max_price_outside_1_to_the_limit_is_refused(long ticks)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => With(new Quantity(100), new Price(ticks)));
        Assert.Equal("maxPrice", exception.ParamName);
    }

    [Fact]
    public void Max_price_off_the_grid_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => With(new Quantity(100), new Price(51), DeribitOption));
        Assert.Throws<ArgumentOutOfRangeException>(() => With(new Quantity(100), new Price(InstrumentSpec.MaxPriceTicksLimit), DeribitOption)); // 2^32 ≡ 1 (mod 5)
        Assert.Equal(new Price(55), With(new Quantity(100), new Price(55), DeribitOption).MaxPrice);
        Assert.Equal(new Price(49), With(new Quantity(100), new Price(49), DeribitOption).MaxPrice);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(1, 0)]
    [InlineData(1, -10)]
    public void Contract_and_lot_sizes_must_be_positive(int contractSize, int lotSize)
    {
        Assert.Throws<ArgumentException>(() => new InstrumentSpec(
            new InstrumentId(1), InstrumentName.Parse("BTC-PERPETUAL"), HalfUsd, contractSize, lotSize, new Quantity(10), new Price(10)));
    }

    [Fact]
    public void IsValidPrice_is_on_grid_and_within_one_tick_to_max()
    {
        var spec = BtcPerpetual();
        Assert.False(spec.IsValidPrice(new Price(0)));
        Assert.False(spec.IsValidPrice(new Price(-1)));
        Assert.False(spec.IsValidPrice(new Price(long.MinValue)));
        Assert.True(spec.IsValidPrice(new Price(1)));
        Assert.True(spec.IsValidPrice(new Price(100_001)));
        Assert.True(spec.IsValidPrice(new Price(20_000_000)));
        Assert.False(spec.IsValidPrice(new Price(20_000_001)));
        Assert.False(spec.IsValidPrice(new Price(long.MaxValue)));

        var option = BtcOption();
        Assert.True(option.IsValidPrice(new Price(49)));
        Assert.True(option.IsValidPrice(new Price(50)));
        Assert.False(option.IsValidPrice(new Price(51)));
        Assert.True(option.IsValidPrice(new Price(100_000)));
        Assert.False(option.IsValidPrice(new Price(100_005)));
    }

    [Fact]
    public void IsValidQuantity_is_one_lot_to_max()
    {
        var spec = BtcPerpetual(maxLots: 500);
        Assert.False(spec.IsValidQuantity(Quantity.Zero));
        Assert.False(spec.IsValidQuantity(new Quantity(-1)));
        Assert.False(spec.IsValidQuantity(new Quantity(long.MinValue)));
        Assert.True(spec.IsValidQuantity(new Quantity(1)));
        Assert.True(spec.IsValidQuantity(new Quantity(500)));
        Assert.False(spec.IsValidQuantity(new Quantity(501)));
        Assert.False(spec.IsValidQuantity(new Quantity(long.MaxValue)));
    }

    [Theory]
    [InlineData(10, 1L)]
    [InlineData(20, 2L)]
    [InlineData(1000, 100L)]
    public void TryToQuantity_accepts_whole_lots(int amount, long lots)
    {
        Assert.True(BtcPerpetual().TryToQuantity(amount, out var quantity));
        Assert.Equal(new Quantity(lots), quantity);
        Assert.Equal(amount, BtcPerpetual().ToAmount(quantity));
    }

    [Theory]
    [InlineData("15")]
    [InlineData("0")]
    [InlineData("-10")]
    [InlineData("5")]
    [InlineData("10.0000001")]
    [InlineData("-0.0000000000000000000000000001")]
    public void TryToQuantity_refuses_other_amounts(string amount)
    {
        Assert.False(BtcPerpetual().TryToQuantity(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), out var quantity));
        Assert.Equal(Quantity.Zero, quantity);
    }

    [Fact]
    public void TryToQuantity_with_a_fractional_lot()
    {
        var option = BtcOption();
        Assert.True(option.TryToQuantity(0.1m, out var quantity));
        Assert.Equal(new Quantity(1), quantity);
        Assert.True(option.TryToQuantity(1.2m, out quantity));
        Assert.Equal(new Quantity(12), quantity);
        Assert.True(option.TryToQuantity(25m, out quantity));
        Assert.Equal(new Quantity(250), quantity);
        Assert.Equal(25m, option.ToAmount(quantity));
        Assert.False(option.TryToQuantity(0.25m, out _));
        Assert.False(option.TryToQuantity(0.05m, out _));
    }

    [Fact]
    public void TryToQuantity_up_to_the_lot_limit()
    {
        var spec = BtcPerpetual();
        Assert.True(spec.TryToQuantity(InstrumentSpec.MaxOrderLotsLimit * 10m, out var quantity));
        Assert.Equal(new Quantity(InstrumentSpec.MaxOrderLotsLimit), quantity);
        Assert.False(spec.TryToQuantity((InstrumentSpec.MaxOrderLotsLimit + 1) * 10m, out _));
        Assert.False(spec.TryToQuantity(decimal.MaxValue - 5, out _)); // lot 10: the division cannot overflow
    }

    /// <summary>A Try method must report an absurd amount as false, not throw: amount / 0.1 overflows decimal.</summary>
    [Theory]
    [InlineData("79228162514264337593543950335")] // decimal.MaxValue
    [InlineData("10000000000000000000000000000")]
    public void TryToQuantity_of_a_huge_amount_is_false_not_an_exception(string amount)
    {
        Assert.False(BtcOption().TryToQuantity(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), out _));
    }

    [Fact]
    public void Expiry_is_08_00_UTC_on_the_named_day()
    {
        Assert.Null(BtcPerpetual().ExpiryTimestampMs);
        Assert.Equal(1_735_286_400_000L, BtcOption().ExpiryTimestampMs); // 2024-12-27T08:00:00Z
        Assert.Equal(1_467_705_600_000L, ForName("BTC-5JUL16").ExpiryTimestampMs); // 2016-07-05T08:00:00Z
        Assert.Equal(1_741_334_400_000L, ForName("XRP_USDC-7MAR25-0d625-P").ExpiryTimestampMs); // 2025-03-07T08:00:00Z
        Assert.Equal(946_713_600_000L, ForName("BTC-1JAN00").ExpiryTimestampMs); // 2000-01-01T08:00:00Z
        Assert.Equal(4_102_387_200_000L, ForName("BTC-31DEC99").ExpiryTimestampMs); // 2099-12-31T08:00:00Z
    }

    [Fact]
    public void Property_expiry_is_08_00_UTC()
    {
        var gen =
            from year in Gen.Choose(2000, 2099)
            from month in Gen.Choose(1, 12)
            from day in Gen.Choose(1, DateTime.DaysInMonth(year, month))
            select new DateOnly(year, month, day);
        PropertyConfig.Check(Prop.ForAll(gen.ToArbitrary(), date =>
        {
            var ms = ForName(InstrumentName.Future("ETH", date).ToString()).ExpiryTimestampMs!.Value;
            var daysSinceEpoch = date.DayNumber - new DateOnly(1970, 1, 1).DayNumber;
            Assert.Equal((daysSinceEpoch * 86_400_000L) + (8 * 3_600_000L), ms);
        }), 300);
    }

    [Fact]
    public void Inverse_settles_in_the_base_coin_and_is_quoted_in_USD()
    {
        var spec = BtcPerpetual();
        Assert.Equal(SettlementType.Inverse, spec.Settlement);
        Assert.Equal("BTC", spec.BaseCurrency);
        Assert.Equal("USD", spec.QuoteCurrency);
        Assert.Equal("BTC", spec.SettlementCurrency);
        Assert.Equal(InstrumentKind.Perpetual, spec.Kind);
        Assert.Null(spec.Strike);
        Assert.Null(spec.OptionType);
        Assert.Equal(new InstrumentId(1), spec.Id);
        Assert.Equal(10m, spec.ContractSize);
        Assert.Equal(10m, spec.LotSize);
        Assert.Same(HalfUsd, spec.Ticks);
    }

    [Fact]
    public void Linear_settles_in_the_quote_currency()
    {
        var spec = ForName("BTC_USDC-27DEC24-50000-C");
        Assert.Equal(SettlementType.Linear, spec.Settlement);
        Assert.Equal("BTC", spec.BaseCurrency);
        Assert.Equal("USDC", spec.QuoteCurrency);
        Assert.Equal("USDC", spec.SettlementCurrency);
        Assert.Equal(InstrumentKind.Option, spec.Kind);
        Assert.Equal(50000m, spec.Strike);
        Assert.Equal(OptionType.Call, spec.OptionType);
    }

    [Fact]
    public void Option_and_future_parts_come_from_the_name()
    {
        var option = BtcOption();
        Assert.Equal(InstrumentKind.Option, option.Kind);
        Assert.Equal(SettlementType.Inverse, option.Settlement);
        Assert.Equal("BTC", option.SettlementCurrency);
        Assert.Equal(50000m, option.Strike);
        Assert.Equal(OptionType.Call, option.OptionType);
        var future = ForName("ETH-28MAR25");
        Assert.Equal(InstrumentKind.Future, future.Kind);
        Assert.Equal("ETH", future.SettlementCurrency);
        Assert.Null(future.Strike);
    }

    [Fact]
    public void Explicit_settlement_currency_wins()
    {
        var spec = new InstrumentSpec(new InstrumentId(9), InstrumentName.Parse("BTC_USDC-PERPETUAL"), new TickSizeSchedule(1m), 0.001m, 0.001m,
            new Quantity(1000), new Price(1000), settlementCurrency: "USDT");
        Assert.Equal("USDT", spec.SettlementCurrency);
        Assert.Equal("USDC", spec.QuoteCurrency);
    }

    private static InstrumentSpec ForName(string name) =>
        new(new InstrumentId(7), InstrumentName.Parse(name), OneTick, 1m, 1m, new Quantity(1000), new Price(1000));
}
