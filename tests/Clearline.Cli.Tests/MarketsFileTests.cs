using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Engine;
using Clearline.Testing;

namespace Clearline.Cli.Tests;

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
