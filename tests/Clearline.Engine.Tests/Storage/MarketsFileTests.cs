using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Clearing;
using Clearline.Engine.Storage;
using Clearline.Options.Margin;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;
using Clearline.Testing;

namespace Clearline.Engine.Tests.Storage;

/// <summary><c>markets.json</c> gives back exactly the specs written, and refuses a file no engine could run.</summary>
public sealed class MarketsFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clearline-cli-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Written_markets_read_back_equal_tick_steps_and_decimals_included()
    {
        InstrumentSpec[] markets =
        [
            TestMarkets.Perpetual(0),
            new(
                new InstrumentId(3),
                InstrumentName.Parse("BTC-27DEC24-100000-C"),
                new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m), new TickSizeStep(0.5m, 0.0010m)]),
                contractSize: 1m,
                lotSize: 0.1m,
                maxOrderQuantity: new Quantity(100_000),
                maxPrice: new Price(100_000)),
            new(new InstrumentId(7), InstrumentName.Parse("ETH_USDC-PERPETUAL"), new TickSizeSchedule(0.05m), 0.001m, 0.001m, new Quantity(1 << 20), new Price(40_000_000), "USDC"),
        ];

        var limits = new EngineLimits(MaxRestingOrdersPerBook: 5000, InitialCapacityPerBook: 64);
        MarketsFile.Write(_directory, markets, limits);
        var configuration = MarketsFile.Read(_directory);
        var read = configuration.Markets;

        Assert.Equal(limits, configuration.Limits);
        Assert.Equal(markets.Length, read.Count);
        for (var i = 0; i < markets.Length; i++)
        {
            var (expected, actual) = (markets[i], read[i]);
            Assert.Equal(expected.Id, actual.Id);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Ticks.TickSize, actual.Ticks.TickSize);
            Assert.Equal(expected.Ticks.Steps, actual.Ticks.Steps);
            Assert.Equal(expected.ContractSize, actual.ContractSize);
            Assert.Equal(expected.LotSize, actual.LotSize);
            Assert.Equal(expected.MaxOrderQuantity, actual.MaxOrderQuantity);
            Assert.Equal(expected.MaxPrice, actual.MaxPrice);
            Assert.Equal(expected.SettlementCurrency, actual.SettlementCurrency);

            // Decimal equality ignores scale; the engine's spec fingerprint does not, so the text must round-trip too.
            Assert.Equal(expected.Ticks.Steps.Select(s => s.TickSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), actual.Ticks.Steps.Select(s => s.TickSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void The_clearing_configuration_round_trips_and_a_file_without_one_reads_as_a_bare_engine()
    {
        InstrumentSpec[] markets =
        [
            TestMarkets.Perpetual(0),
            new(new InstrumentId(1), InstrumentName.Parse("ETH_USDC-PERPETUAL"), new TickSizeSchedule(0.05m), 0.001m, 0.001m, new Quantity(1 << 20), new Price(40_000_000), "USDC"),
            new(new InstrumentId(2), InstrumentName.Parse("BTC-27DEC24-60000-C"), new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]), 1m, 0.1m, new Quantity(10_000), new Price(100_000)),
        ];
        var tiers = new MarginTiers(2_000_000, 5_000, 1_000_000, 4_000, 100);
        var clearing = new ClearingConfig(
            SettlementCurrencies.Default,
            [new PriceIndexDefinition("btc_usd", new IndexConfig([new IndexSource(1), new IndexSource(2, 3)]) { MinimumSources = 2, StaleAfterMicros = 7, OutlierBandPpm = 9, Outliers = OutlierRule.Drop })],
            [
                new MarketClearingConfig(new InstrumentId(0), new IndexId(0), tiers, 12_345, new MarkConfig { TimeConstantMicros = 11, BasisCapPpm = 13 })
                {
                    PriceBandPpm = 17,
                    PriceBandAction = PriceBandAction.Clamp,
                    LiquidationFeePpm = 19,
                    LiquidationStepLots = 23,
                    ContinuousFunding = new ContinuousFundingConfig(new FundingRate(29), new FundingRate(-31), new FundingRate(37)),
                    CircuitBreaker = new CircuitBreakerConfig(41, 43, 47, 53),
                    SettlementWindowMicros = 73,
                    VolatilityFee = new VolatilityFeeConfig(79, 83, 89),
                },
                new MarketClearingConfig(new InstrumentId(1), new IndexId(0), tiers, 10, new MarkConfig())
                {
                    DiscreteFunding = new DiscreteFundingConfig(new FundingRate(59), new FundingRate(61), cap: new FundingRate(67), intervalMicros: 71, offsetMicros: 3, weighting: PremiumWeighting.Linear),
                },
                new MarketClearingConfig(new InstrumentId(2), new IndexId(0), tiers, 10, new MarkConfig())
                {
                    Option = new OptionMarketConfig(101, 103, 107, 109, 113),
                },
            ])
        {
            DeficitPolicy = DeficitPolicy.AutoDeleverage,
            PortfolioMargin = new PortfolioMarginParameters(0.15, 3, new VolatilityShock(0.4, 0.2, 0.45, 0.8, 28, 0.31, 0.12), [new(-0.5, 0.3), new(1.1, 0.1)], 0.02, 0.03, 1.3, 0.01),
        };

        MarketsFile.Write(_directory, markets, clearing: clearing);
        var read = MarketsFile.Read(_directory).Clearing;

        Assert.NotNull(read);
        Assert.Equal(ClearingFingerprint.Render(clearing), ClearingFingerprint.Render(read));
        Assert.Contains(":option=101:103:107:109:113", ClearingFingerprint.Render(read), StringComparison.Ordinal);
        Assert.Contains("portfolio-margin=0.15:3:0.02:0.03:1.3:0.01:shock=0.4:0.2:0.45:0.8:28:0.31:0.12:extended=-0.5*0.3:extended=1.1*0.1", ClearingFingerprint.Render(read), StringComparison.Ordinal);

        MarketsFile.Write(_directory, markets);
        Assert.Null(MarketsFile.Read(_directory).Clearing);
    }

    [Fact]
    public void A_clearing_section_that_misses_a_market_is_refused()
    {
        InstrumentSpec[] markets =
        [
            TestMarkets.Perpetual(0),
            new(new InstrumentId(1), InstrumentName.Parse("ETH_USDC-PERPETUAL"), new TickSizeSchedule(0.05m), 0.001m, 0.001m, new Quantity(1 << 20), new Price(40_000_000), "USDC"),
        ];
        var clearing = new ClearingConfig(
            SettlementCurrencies.Default,
            [new PriceIndexDefinition("btc_usd", new IndexConfig([new IndexSource(1)]) { MinimumSources = 1 })],
            [new MarketClearingConfig(new InstrumentId(0), new IndexId(0), new MarginTiers(2_000_000, 0, 1_000_000, 0), 100, new MarkConfig())]);

        MarketsFile.Write(_directory, markets, clearing: clearing);

        var error = Assert.Throws<InvalidDataException>(() => MarketsFile.Read(_directory));
        Assert.Contains("has no clearing configuration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"markets": null}""")]
    [InlineData("""{"markets": [{"id": 0}]}""")]
    [InlineData("""{"markets": [], "extra": 1}""")]
    public void A_malformed_file_is_refused_naming_it(string text)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(MarketsFile.PathIn(_directory), text);

        var error = Assert.Throws<InvalidDataException>(() => MarketsFile.Read(_directory));
        Assert.StartsWith(MarketsFile.PathIn(_directory), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_instrument_id_twice_is_refused()
    {
        MarketsFile.Write(_directory, [TestMarkets.Perpetual(1), TestMarkets.Perpetual(1)]);

        var error = Assert.Throws<InvalidDataException>(() => MarketsFile.Read(_directory));
        Assert.Contains("instrument id 1 (T001-PERPETUAL) is listed twice", error.Message, StringComparison.Ordinal);
    }
}
