using Clearline.Domain.Instruments;

namespace Clearline.Domain.Tests;

public sealed class OptionChainTests
{
    private static readonly OptionChainConfig Btc = new(
        "BTC", null, new DateOnly(2024, 12, 20), Dailies: 2, Weeklies: 2, Monthlies: 2, Quarterlies: 2, Forward: 61_234m, StrikeSpacing: 1_000m, StrikesPerSide: 2,
        new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]), 0.1m, new Quantity(10_000), new Price(100_000));

    [Fact]
    public void Expiries_are_dailies_weeklies_monthlies_and_quarterlies_after_the_listing_date_without_repeats()
    {
        // Listed on Friday 20 Dec 2024: 21 and 22 Dec; Fridays 27 Dec and 3 Jan; last Fridays of Dec and Jan (27 Dec,
        // 31 Jan); last Fridays of the quarter months Dec and Mar (27 Dec, 28 Mar).
        Assert.Equal(
            [new DateOnly(2024, 12, 21), new DateOnly(2024, 12, 22), new DateOnly(2024, 12, 27), new DateOnly(2025, 1, 3), new DateOnly(2025, 1, 31), new DateOnly(2025, 3, 28)],
            OptionChain.Expiries(Btc));

        // A month whose last Friday is the listing day or before it is skipped.
        Assert.Equal([new DateOnly(2025, 1, 31)], OptionChain.Expiries(Btc with { ListingDate = new DateOnly(2024, 12, 27), Dailies = 0, Weeklies = 0, Monthlies = 1, Quarterlies = 0 }));
    }

    [Fact]
    public void Strikes_are_spaced_around_the_forward_with_a_call_and_a_put_each_and_exact_deribit_names()
    {
        var chain = OptionChain.Generate(Btc, firstId: 100);
        Assert.Equal(6 * 5 * 2, chain.Count);
        Assert.Equal(Enumerable.Range(100, chain.Count), chain.Select(s => s.Id.Value));
        Assert.Equal(
            ["BTC-21DEC24-59000-C", "BTC-21DEC24-59000-P", "BTC-21DEC24-60000-C", "BTC-21DEC24-60000-P", "BTC-21DEC24-61000-C"],
            chain.Take(5).Select(s => s.Name.ToString()));
        Assert.Contains(chain, s => s.Name.ToString() == "BTC-27DEC24-60000-C");
        Assert.Equal("BTC-28MAR25-63000-P", chain[^1].Name.ToString());
        Assert.All(chain, s =>
        {
            Assert.Equal(InstrumentKind.Option, s.Kind);
            Assert.Equal("BTC", s.SettlementCurrency);
            Assert.Equal(s.Name, InstrumentName.Parse(s.Name.ToString()));
            Assert.Equal(8 * 3_600_000, s.ExpiryTimestampMs!.Value % 86_400_000);
        });

        var linear = OptionChain.Generate(Btc with { QuoteCurrency = "USDC", Forward = 1_200m, StrikeSpacing = 500m, StrikesPerSide = 3, Ticks = new TickSizeSchedule(0.5m) }, firstId: 0);
        Assert.Equal("BTC_USDC-21DEC24-500-C", linear[0].Name.ToString());
        Assert.Equal("USDC", linear[0].SettlementCurrency);
        Assert.Equal(6 * 5 * 2, linear.Count); // 500..2,500 around 1,000: the strikes 0 and −500 are dropped
    }
}
