using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Options.Margin;
using Clearline.Risk;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;
using Clearline.Sequencing.Codecs;
using Clearline.Testing;

namespace Clearline.Clearing.Tests;

/// <summary>
/// An engine with clearing over three markets on one BTC index: <c>BTC-PERPETUAL</c> (inverse, 10 USD lots, tick 0.5,
/// settled in BTC), <c>BTC_USDC-PERPETUAL</c> (linear, 0.001 BTC lots, tick 1, settled in USDC) and the dated future
/// <c>BTC-15NOV23</c> (inverse as the perpetual, expiring at <see cref="FutureExpiry"/>). Commands go
/// through their journal form and <see cref="EngineState.Apply"/>, as in production; every command is also kept, so
/// a test can replay the stream.
/// </summary>
internal sealed class Venue
{
    public static readonly InstrumentId Inverse = new(1);
    public static readonly InstrumentId Linear = new(2);
    public static readonly InstrumentId Future = new(3);
    public static readonly CurrencyId Btc = new(0);
    public static readonly CurrencyId Usdc = new(2);
    public static readonly IndexId BtcUsd = new(0);

    public static readonly IReadOnlyList<InstrumentSpec> Markets =
    [
        new(Inverse, InstrumentName.Parse("BTC-PERPETUAL"), new TickSizeSchedule(0.5m), 10m, 10m, new Quantity(1_000_000), new Price(1L << 24)),
        new(Linear, InstrumentName.Parse("BTC_USDC-PERPETUAL"), new TickSizeSchedule(1m), 0.001m, 0.001m, new Quantity(1_000_000), new Price(1L << 23)),
        new(Future, InstrumentName.Parse("BTC-15NOV23"), new TickSizeSchedule(0.5m), 10m, 10m, new Quantity(1_000_000), new Price(1L << 24)),
    ];

    /// <summary>Options on the BTC index listed with <c>options: true</c>: a call and a put on the future's expiry (inverse), and a linear call a day later, with no future (its forward is the index).</summary>
    public static readonly InstrumentId Call = new(10);
    public static readonly InstrumentId Put = new(11);
    public static readonly InstrumentId LinearCall = new(12);

    /// <summary>Deribit's BTC option grid: 0.1 BTC lots, premium ticks of 0.0001 BTC, 0.0005 from 0.005 up; the linear call in 0.5 USDC ticks.</summary>
    public static readonly IReadOnlyList<InstrumentSpec> OptionMarkets =
    [
        new(Call, InstrumentName.Parse("BTC-15NOV23-35000-C"), new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]), 1m, 0.1m, new Quantity(100_000), new Price(100_000)),
        new(Put, InstrumentName.Parse("BTC-15NOV23-35000-P"), new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]), 1m, 0.1m, new Quantity(100_000), new Price(100_000)),
        new(LinearCall, InstrumentName.Parse("BTC_USDC-16NOV23-35000-C"), new TickSizeSchedule(0.5m), 1m, 0.1m, new Quantity(100_000), new Price(1L << 20)),
    ];

    /// <summary>The future's expiry, 2023-11-15 08:00 UTC in sequencer µs: about ten hours after <see cref="Now"/> starts.</summary>
    public const long FutureExpiry = 1_700_035_200_000_000;

    /// <summary>Deribit's BTC tiers: IM 2%, MM 1%, each + 0.005% per BTC.</summary>
    public static readonly MarginTiers Tiers = new(2_000_000, 5_000, 1_000_000, 5_000);

    /// <summary>The linear perpetual's discrete funding settles every minute, so short streams see many settlements.</summary>
    public const long DiscreteFundingInterval = 60_000_000;

    private readonly List<(long Timestamp, byte[] Command)> _journal = [];

    public Venue(
        int sources = 1,
        long staleAfterMicros = 10_000_000,
        long maxPositionLots = 500_000,
        int priceBandPpm = 0,
        PriceBandAction bandAction = PriceBandAction.Reject,
        DeficitPolicy deficitPolicy = DeficitPolicy.Socialise,
        long liquidationStepLots = 1_000,
        bool funding = false,
        CircuitBreakerConfig? breaker = null,
        VolatilityFeeConfig? volatilityFee = null,
        long settlementWindowMicros = 30 * 60 * 1_000_000L,
        bool options = false,
        bool portfolio = false)
    {
        Listed = options ? [.. Markets, .. OptionMarkets] : Markets;
        IEnumerable<MarketClearingConfig> optionConfigs = options
            ? [.. OptionMarkets.Select(o => new MarketClearingConfig(o.Id, BtcUsd, Tiers, maxPositionLots, new MarkConfig()) { LiquidationStepLots = 10, LiquidationFeePpm = 2_000, SettlementWindowMicros = settlementWindowMicros })]
            : [];
        Config = new ClearingConfig(
            SettlementCurrencies.Default,
            [new PriceIndexDefinition("btc_usd", new IndexConfig(Enumerable.Range(1, sources).Select(i => new IndexSource(i))) { MinimumSources = sources, StaleAfterMicros = staleAfterMicros })],
            [
                new MarketClearingConfig(Inverse, BtcUsd, Tiers, maxPositionLots, new MarkConfig())
                {
                    PriceBandPpm = priceBandPpm,
                    PriceBandAction = bandAction,
                    LiquidationStepLots = liquidationStepLots,
                    ContinuousFunding = funding ? ContinuousFundingConfig.Default : null,
                },
                new MarketClearingConfig(Linear, BtcUsd, Tiers, maxPositionLots, new MarkConfig())
                {
                    PriceBandPpm = priceBandPpm,
                    LiquidationStepLots = liquidationStepLots,
                    DiscreteFunding = funding ? new DiscreteFundingConfig(DiscreteFundingConfig.Default.InterestRate, DiscreteFundingConfig.Default.Band, intervalMicros: DiscreteFundingInterval) : null,
                    CircuitBreaker = breaker,
                    VolatilityFee = volatilityFee,
                },
                new MarketClearingConfig(Future, BtcUsd, Tiers, maxPositionLots, new MarkConfig())
                {
                    PriceBandPpm = priceBandPpm,
                    LiquidationStepLots = liquidationStepLots,
                    SettlementWindowMicros = settlementWindowMicros,
                },
                .. optionConfigs,
            ])
        { DeficitPolicy = deficitPolicy, PortfolioMargin = portfolio ? new PortfolioMarginParameters() : null };
        State = new EngineState(Listed, clearing: Config);
    }

    /// <summary>The markets this venue lists: <see cref="Markets"/>, and the <see cref="OptionMarkets"/> with <c>options: true</c>.</summary>
    public IReadOnlyList<InstrumentSpec> Listed { get; }

    public ClearingConfig Config { get; }

    public EngineState State { get; }

    public Clearinghouse House => State.Clearing!;

    /// <summary>Sequencer time in µs; tests move it forward.</summary>
    public long Now { get; set; } = 1_700_000_000_000_000;

    public IReadOnlyList<(long Timestamp, byte[] Command)> Journal => _journal;

    public static long Ticks(InstrumentId instrument, decimal usd) => instrument == Linear ? (long)usd : (long)(usd * 2);

    public List<object> Apply(byte[] command)
    {
        var sink = new RecordingSink([]);
        State.Apply(State.LastSequence + 1, Now, command, ref sink);
        _journal.Add((Now, command));
        return sink.Events;
    }

    public List<object> Deposit(int account, CurrencyId currency, long units, long requestId) =>
        Apply(Encode(buffer => CommandCodec.Encode(new Deposit(new AccountId(account), currency, new Money(units), requestId), buffer)));

    public List<object> Withdraw(int account, CurrencyId currency, long units, long requestId) =>
        Apply(Encode(buffer => CommandCodec.Encode(new Withdraw(new AccountId(account), currency, new Money(units), requestId), buffer)));

    public List<object> Transfer(int from, int to, CurrencyId currency, long units, long requestId) =>
        Apply(Encode(buffer => CommandCodec.Encode(new Transfer(new AccountId(from), new AccountId(to), currency, new Money(units), requestId), buffer)));

    public List<object> CreateSubaccount(int main, int sub) =>
        Apply(Encode(buffer => CommandCodec.Encode(new CreateSubaccount(new AccountId(main), new AccountId(sub)), buffer)));

    /// <summary>A quote for the BTC index from <paramref name="source"/>, in USD.</summary>
    public List<object> Quote(decimal usd, int source = 1) =>
        Apply(Encode(buffer => CommandCodec.Encode(new IndexQuote(BtcUsd, source, (long)(usd * QuotePrice.Scale)), buffer)));

    public List<object> Tick() => Apply(Encode(buffer => CommandCodec.Encode(default(PriceTick), buffer)));

    public List<object> Halt(bool halted) => Apply(Encode(buffer => CommandCodec.Encode(new SetTradingHalt(halted), buffer)));

    public List<object> KillSwitch(int account, bool engaged) =>
        Apply(Encode(buffer => CommandCodec.Encode(new SetKillSwitch(new AccountId(account), engaged), buffer)));

    public List<object> MarginModel(int account, MarginModel model) =>
        Apply(Encode(buffer => CommandCodec.Encode(new SetMarginModel(new AccountId(account), model), buffer)));

    public List<object> IsolatedMargin(int account, InstrumentId instrument, long collateral) =>
        Apply(Encode(buffer => CommandCodec.Encode(new SetIsolatedMargin(new AccountId(account), instrument, new Money(collateral)), buffer)));

    public List<object> Order(InstrumentId instrument, long id, int account, Side side, decimal usd, long lots, TimeInForce tif = TimeInForce.GoodTilCancelled, bool reduceOnly = false) =>
        Apply(Encode(buffer => CommandCodec.Encode(
            NewOrder.Limit(instrument, new OrderId(id), new AccountId(account), side, new Price(Ticks(instrument, usd)), new Quantity(lots), tif) with { ReduceOnly = reduceOnly },
            buffer)));

    /// <summary>An option order at a premium per underlying in the settlement currency (BTC for the inverse options, USDC for the linear call).</summary>
    public List<object> OptionOrder(InstrumentId instrument, long id, int account, Side side, decimal premium, long lots, TimeInForce tif = TimeInForce.GoodTilCancelled) =>
        Apply(Encode(buffer => CommandCodec.Encode(
            NewOrder.Limit(instrument, new OrderId(id), new AccountId(account), side, new Price((long)(premium / State.Markets.Single(m => m.Id == instrument).Ticks.TickSize)), new Quantity(lots), tif),
            buffer)));

    /// <summary>A flat volatility surface for the options of <paramref name="expiry"/> on the BTC index: raw SVI with b = 0 and a = σ²·T at the current time.</summary>
    public List<object> FlatSurface(DateOnly expiry, double volatility)
    {
        var years = ((ExpiryMs(expiry) * 1_000) - Now) / (365.0 * 86_400_000_000.0);
        return Surface(new SetVolatilitySurface(BtcUsd, expiry, volatility * volatility * years, 0, 0, 0, 0.1));
    }

    public List<object> Surface(SetVolatilitySurface surface) => Apply(Encode(buffer => CommandCodec.Encode(surface, buffer)));

    /// <summary>Lists an option on the BTC index expiring at 08:00 UTC on <paramref name="expiry"/>, struck at <paramref name="strike"/> USD.</summary>
    public List<object> ListOption(DateOnly expiry, decimal strike, OptionType type, SettlementType settlement = SettlementType.Inverse) =>
        ListOption(new ListOption(BtcUsd, ExpiryMs(expiry), (long)(strike * QuotePrice.Scale), type, settlement));

    public List<object> ListOption(ListOption listing) => Apply(Encode(buffer => CommandCodec.Encode(listing, buffer)));

    public List<object> DelistOption(InstrumentId instrument) => Apply(Encode(buffer => CommandCodec.Encode(new DelistOption(instrument), buffer)));

    /// <summary>08:00 UTC on <paramref name="expiry"/> in Unix ms, when options and futures expire.</summary>
    public static long ExpiryMs(DateOnly expiry) => new DateTimeOffset(expiry.Year, expiry.Month, expiry.Day, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public List<object> Cancel(InstrumentId instrument, long id, int account) =>
        Apply(Encode(buffer => CommandCodec.Encode(new CancelOrder(instrument, new OrderId(id), new AccountId(account)), buffer)));

    public List<object> Amend(InstrumentId instrument, long id, int account, decimal usd, long lots) =>
        Apply(Encode(buffer => CommandCodec.Encode(new AmendOrder(instrument, new OrderId(id), new AccountId(account), new Price(Ticks(instrument, usd)), new Quantity(lots)), buffer)));

    public MarginSummary Margin(int account, CurrencyId currency) =>
        House.TryGetMargin(new AccountId(account), currency, out var margin) ? margin : throw new InvalidOperationException($"no account {account}");

    public Money Balance(int account, CurrencyId currency) => Margin(account, currency).Balance;

    public long Position(int account, InstrumentId instrument) => House.PositionOf(new AccountId(account), instrument).Size;

    /// <summary>A fresh engine fed this venue's journal from the start: a full replay.</summary>
    public EngineState Replay()
    {
        var replay = new EngineState(Listed, clearing: Config);
        var sink = default(NoVenueEvents);
        foreach (var (timestamp, command) in _journal)
        {
            replay.Apply(replay.LastSequence + 1, timestamp, command, ref sink);
        }

        return replay;
    }

    private static byte[] Encode(Func<byte[], int> encode)
    {
        var buffer = new byte[CommandCodec.MaxSize];
        return buffer[..encode(buffer)];
    }
}

internal static class Events
{
    public static RejectReason? Rejection(this List<object> events) => events.OfType<CommandRejected>().Select(r => (RejectReason?)r.Reason).SingleOrDefault();

    public static void AssertAccepted(this List<object> events) => Assert.Null(events.Rejection());

    public static void AssertRejected(this List<object> events, RejectReason reason) => Assert.Equal(reason, events.Rejection());
}
