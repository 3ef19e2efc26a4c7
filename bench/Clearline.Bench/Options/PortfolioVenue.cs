using Clearline.Bench.Engine;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Options.Margin;
using Clearline.Options.Pricing;
using Clearline.Risk;
using Clearline.Sequencing.Codecs;

namespace Clearline.Bench.Options;

/// <summary>
/// An engine venue for portfolio margin through the real command path: <c>BTC-PERPETUAL</c> (inverse, 10 USD lots)
/// and a Deribit-style inverse BTC option chain on one index (listed 2023-11-14: 2 dailies, 2 weeklies, 3 monthlies,
/// 2 quarterlies, 7 distinct expiries; 25 strikes 2,000 USD apart around 60,000, calls and puts: 350 options in 0.1 BTC
/// lots on Deribit's stepped premium grid), with portfolio margin offered at its default parameters. Set-up, every
/// step a journal-form command through <see cref="EngineState.Apply"/>: deposits, an index quote at 60,000, one SVI
/// surface per expiry (a skewed smile, 60% at the money, scaled in time so the expiries are free of calendar
/// arbitrage), then each trader takes distinct option positions (seeded, signed 1..10 lots) from one market maker at
/// the mark, on standard margin, and finally switches to portfolio margin (<see cref="SetMarginModel"/>).
/// </summary>
public sealed class PortfolioVenue
{
    public static readonly IndexId Index = Risk.RiskVenue.Index;

    public const int Source = Risk.RiskVenue.Source;

    public static readonly InstrumentId Perpetual = new(0);

    /// <summary>The market maker; the traders are accounts 2..traders + 1.</summary>
    public const int MarketMaker = 1;

    /// <summary>Sequencer time of the first command: 2023-11-14 22:13:20 UTC, about ten hours before the first expiry.</summary>
    public const long StartMicros = 1_700_000_000_000_000;

    /// <summary>The index at set-up, in USD (10⁻⁸ units).</summary>
    public const long IndexE8 = 60_000 * QuotePrice.Scale;

    private const long OneBtc = 100_000_000;

    /// <summary>1,000 BTC a trader: far above what either model asks of 100 positions of at most 1 BTC, so no set-up order, switch or tick is refused or liquidates.</summary>
    private const long TraderDeposit = 1_000 * OneBtc;

    /// <summary>10,000,000 BTC: the market maker takes the other side of every set-up trade on standard margin.</summary>
    private const long MarketMakerDeposit = 10_000_000 * OneBtc;

    private static readonly OptionChainConfig Chain = new(
        "BTC", null, new DateOnly(2023, 11, 14), Dailies: 2, Weeklies: 2, Monthlies: 3, Quarterlies: 2, Forward: 60_000m, StrikeSpacing: 2_000m, StrikesPerSide: 12,
        new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]), LotSize: 0.1m, new Quantity(10_000), new Price(10_000));

    /// <summary>How many options the chain lists: the most positions a trader can hold.</summary>
    public static readonly int ListedOptions = OptionChain.Generate(Chain, firstId: 1).Count;

    private readonly byte[] _buffer = new byte[CommandCodec.MaxSize];
    private VenueCountingSink _sink;
    private readonly int[] _heldOption;
    private long _nextOrderId = 1;

    /// <summary>Builds the venue and its positions; throws if any set-up command is refused or anything liquidates.</summary>
    public PortfolioVenue(int traders, int positionsPerTrader, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(traders);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(positionsPerTrader);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(positionsPerTrader, ListedOptions);
        Options = OptionChain.Generate(Chain, firstId: 1);
        Traders = traders;
        var perpetual = new InstrumentSpec(Perpetual, InstrumentName.Perpetual("BTC"), new TickSizeSchedule(0.5m), 10m, 10m, new Quantity(1_000_000), new Price(1L << 24));
        var config = Risk.RiskVenue.Config([perpetual, .. Options]) with { PortfolioMargin = new PortfolioMarginParameters() };
        State = new EngineState([perpetual, .. Options], clearing: config);
        Btc = Risk.RiskVenue.Currency(perpetual);

        Apply(CommandCodec.Encode(new Deposit(new AccountId(MarketMaker), Btc, new Money(MarketMakerDeposit), 1), _buffer));
        for (var t = 0; t < traders; t++)
        {
            Apply(CommandCodec.Encode(new Deposit(TraderAt(t), Btc, new Money(TraderDeposit), 1), _buffer));
        }

        Apply(QuoteCommand(IndexE8));
        foreach (var expiry in OptionChain.Expiries(Chain))
        {
            Apply(CommandCodec.Encode(Surface(expiry), _buffer));
        }

        _heldOption = new int[traders];
        var random = new Prng(Prng.Derive(seed, 0x706D_656E));
        var order = new int[Options.Count];
        for (var t = 0; t < traders; t++)
        {
            // A partial Fisher–Yates shuffle picks distinct options.
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            for (var i = 0; i < positionsPerTrader; i++)
            {
                var j = i + random.Next(order.Length - i);
                (order[i], order[j]) = (order[j], order[i]);
                var lots = random.NextInclusive(1, 10);
                Trade(t, order[i], random.Chance(0.5) ? Side.Buy : Side.Sell, lots);
            }

            _heldOption[t] = order[0];
        }

        for (var t = 0; t < traders; t++)
        {
            Apply(CommandCodec.Encode(new SetMarginModel(TraderAt(t), MarginModel.Portfolio), _buffer));
        }

        if (Sink.Rejected != 0 || Sink.LiquidationChanges != 0 || Sink.Trades != (long)traders * positionsPerTrader)
        {
            throw new InvalidOperationException($"set-up: {Sink.Rejected} refused, {Sink.LiquidationChanges} liquidation changes, {Sink.Trades} trades for {traders} × {positionsPerTrader} positions");
        }
    }

    public EngineState State { get; }

    public CurrencyId Btc { get; }

    /// <summary>The listed options, ascending by id.</summary>
    public IReadOnlyList<InstrumentSpec> Options { get; }

    public int Traders { get; }

    /// <summary>Sequencer time of the last command applied (µs).</summary>
    public long Now { get; private set; } = StartMicros;

    /// <summary>What every command applied so far has emitted.</summary>
    public VenueCountingSink Sink => _sink;

    public static AccountId TraderAt(int trader) => new(MarketMaker + 1 + trader);

    /// <summary>An index quote in its journal form.</summary>
    public static byte[] QuoteCommand(long priceE8)
    {
        var buffer = new byte[CommandCodec.MaxSize];
        return buffer[..CommandCodec.Encode(new IndexQuote(Index, Source, priceE8), buffer)];
    }

    /// <summary>Applies one journal-form command at sequencer time <see cref="Now"/> + <paramref name="elapsedMicros"/>.</summary>
    public void Apply(ReadOnlySpan<byte> command, long elapsedMicros = 1)
    {
        Now += elapsedMicros;
        State.Apply(State.LastSequence + 1, Now, command, ref _sink);
    }

    /// <summary>An option the trader holds (the first it was given), by position in <see cref="Options"/>.</summary>
    public int HeldOption(int trader) => _heldOption[trader];

    /// <summary>The market maker rests <paramref name="lots"/> of an option at its mark against the trader's side; the taker's IOC in its journal form is returned, not applied.</summary>
    public ReadOnlySpan<byte> RestAgainst(int trader, int option, Side side, int lots)
    {
        var spec = Options[option];
        var price = PriceAtMark(spec);
        Apply(CommandCodec.Encode(NewOrder.Limit(spec.Id, new OrderId(_nextOrderId++), new AccountId(MarketMaker), side == Side.Buy ? Side.Sell : Side.Buy, price, new Quantity(lots)), _buffer));
        var length = CommandCodec.Encode(NewOrder.Limit(spec.Id, new OrderId(_nextOrderId++), TraderAt(trader), side, price, new Quantity(lots), TimeInForce.ImmediateOrCancel), _buffer);
        return _buffer.AsSpan(0, length);
    }

    private void Trade(int trader, int option, Side side, int lots) => Apply(RestAgainst(trader, option, side, lots));

    private void Apply(int length) => Apply(_buffer.AsSpan(0, length));

    /// <summary>The option's mark in premium ticks, on the stepped grid, at least one tick.</summary>
    private Price PriceAtMark(InstrumentSpec spec)
    {
        var ticks = Math.Max(1, (long)Math.Round(State.Clearing!.PricesOf(spec.Id).Mark.E8 / (spec.Ticks.TickSize * QuotePrice.Scale)));
        var price = new Price(ticks);
        return spec.Ticks.IsOnGrid(price) ? price : spec.Ticks.NextDown(price);
    }

    /// <summary>
    /// Total variance w(k) = T·(0.36 + 0.1·(ρk + √(k² + 0.01) − 0.1)), ρ = −0.3: 60% at the money with a put skew;
    /// proportional to the time left, so a later expiry's total variance is above an earlier one's everywhere.
    /// </summary>
    private SetVolatilitySurface Surface(DateOnly expiry)
    {
        const double atTheMoney = 0.6, wing = 0.1, sigma = 0.1;
        var years = TimeToExpiry.Years(Now + 1, new DateTimeOffset(expiry.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000);
        return new SetVolatilitySurface(Index, expiry, years * ((atTheMoney * atTheMoney) - (wing * sigma)), years * wing, -0.3, 0, sigma);
    }
}
