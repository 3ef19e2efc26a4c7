using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Engine.Storage;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Server.Demo;

/// <summary>
/// The demo venue a fresh data directory starts with: BTC and ETH inverse perpetuals, BTC_USDC and ETH_USDC linear
/// perpetuals and a quarterly BTC future, on two indices (btc_usd, eth_usd) of three sources each, with Deribit-like
/// ticks, contract sizes and margin tiers (docs/clearing.md). Written once to <c>markets.json</c>; later starts and
/// replays read it back, so the dated future keeps the expiry it was created with.
/// </summary>
internal static class DemoMarkets
{
    public const int SourcesPerIndex = 3;

    /// <summary>5% either side of the mark: far enough for the demo's quotes, close enough to stop a fat finger.</summary>
    private const int PriceBandPpm = 50_000;

    /// <summary>IM 2%, MM 1%, each + 0.005% per BTC (Deribit, January 2022).</summary>
    private static readonly MarginTiers BtcTiers = new(2_000_000, 5_000, 1_000_000, 5_000);

    /// <summary>The same bases + 0.0004% per ETH.</summary>
    private static readonly MarginTiers EthTiers = new(2_000_000, 400, 1_000_000, 400);

    public static EngineConfiguration Create(DateOnly today)
    {
        var future = QuarterlyExpiryAfter(today.AddDays(30));
        InstrumentSpec[] markets =
        [
            Spec(0, InstrumentName.Perpetual("BTC"), 0.5m, 10m, 10_000_000m, maxLots: 1_000_000),
            Spec(1, InstrumentName.Perpetual("ETH"), 0.05m, 1m, 1_000_000m, maxLots: 10_000_000),
            Spec(2, InstrumentName.Perpetual("BTC", "USDC"), 1m, 0.001m, 10_000_000m, maxLots: 1_000_000),
            Spec(3, InstrumentName.Perpetual("ETH", "USDC"), 0.1m, 0.01m, 1_000_000m, maxLots: 1_000_000),
            Spec(4, InstrumentName.Future("BTC", future), 2.5m, 10m, 10_000_000m, maxLots: 1_000_000),
        ];

        var btcUsd = new IndexId(0);
        var ethUsd = new IndexId(1);
        var clearing = new ClearingConfig(
            SettlementCurrencies.Default,
            [Index("btc_usd"), Index("eth_usd")],
            [
                Perpetual(0, btcUsd, BtcTiers, 1_000_000),
                Perpetual(1, ethUsd, EthTiers, 10_000_000),
                Perpetual(2, btcUsd, BtcTiers, 1_000_000),
                Perpetual(3, ethUsd, EthTiers, 1_000_000),
                Market(4, btcUsd, BtcTiers, 1_000_000),
            ]);
        return new EngineConfiguration(markets, new Engine.EngineLimits(), clearing);
    }

    /// <summary>The last Friday of March, June, September or December on or after <paramref name="from"/>.</summary>
    internal static DateOnly QuarterlyExpiryAfter(DateOnly from)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); ; month = month.AddMonths(1))
        {
            if (month.Month % 3 != 0)
            {
                continue;
            }

            var last = month.AddMonths(1).AddDays(-1);
            var friday = last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Friday + 7) % 7));
            if (friday >= from)
            {
                return friday;
            }
        }
    }

    private static InstrumentSpec Spec(int id, InstrumentName name, decimal tick, decimal lot, decimal maxPrice, long maxLots)
    {
        var schedule = new TickSizeSchedule(tick);
        return new InstrumentSpec(new InstrumentId(id), name, schedule, contractSize: lot, lotSize: lot, new Quantity(maxLots), new Price((long)(maxPrice / tick)));
    }

    private static PriceIndexDefinition Index(string name) =>
        new(name, new IndexConfig(Enumerable.Range(1, SourcesPerIndex).Select(i => new IndexSource(i))) { MinimumSources = SourcesPerIndex });

    /// <summary>Deribit-style settings: a ±5% band, 0.75% liquidation fee, and a breaker at 10% within 5 minutes (halt 2 minutes, then 2 minutes reduce-only).</summary>
    private static MarketClearingConfig Market(int instrument, IndexId index, MarginTiers tiers, long maxPositionLots) =>
        new(new InstrumentId(instrument), index, tiers, maxPositionLots, new MarkConfig())
        {
            PriceBandPpm = PriceBandPpm,
            CircuitBreaker = new CircuitBreakerConfig(100_000, 300_000_000, 120_000_000, 120_000_000),
        };

    /// <summary>A perpetual also pays Deribit's continuous funding (damper 0.025%, caps ±0.5% per 8 hours).</summary>
    private static MarketClearingConfig Perpetual(int instrument, IndexId index, MarginTiers tiers, long maxPositionLots) =>
        Market(instrument, index, tiers, maxPositionLots) with { ContinuousFunding = ContinuousFundingConfig.Default };
}
