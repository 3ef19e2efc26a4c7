using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Engine.Pipeline;
using Clearline.Risk;
using Clearline.Server.Venue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearline.Server.Demo;

/// <summary>
/// Keeps the demo market alive: funds the demo accounts (idempotent deposits, so every start may send them), then on
/// timers moves a simulated index (a seeded random walk with occasional jumps, quoted by three sources per index),
/// sets a volatility surface on every option expiry (at start and every <see cref="SurfaceInterval"/>), has a market
/// maker quote five levels a side around each future's and perpetual's mark and two around a few options' marks per
/// round (<see cref="OptionsPerRound"/>, in turn), and a noise trader take liquidity in the futures now and then.
/// All of it is nondeterministic by nature and enters the venue only as journaled commands.
/// </summary>
internal sealed partial class DemoMarket(ServerOptions options, VenueEngine engine, VenueView view, ILogger<DemoMarket> logger) : BackgroundService
{
    private const int Levels = 5;

    /// <summary>Per-step volatility of the index walk (σ of the log return) and of each source around it.</summary>
    private const double StepVolatility = 0.0004;
    private const double SourceNoise = 0.0002;

    /// <summary>Chance per step of a jump of 1–3% either way.</summary>
    private const double JumpProbability = 0.002;

    /// <summary>Half-spread of the innermost quote and the distance between levels, as a fraction of the mark.</summary>
    private const decimal QuoteStep = 0.0005m;

    /// <summary>
    /// Options are quoted a few per round, in turn, two levels a side 3% of the mark apart (at least a tick), one to ten
    /// lots each: thirty options requoted every round would be most of the demo's order flow.
    /// </summary>
    private const int OptionsPerRound = 3;
    private const int OptionLevels = 2;
    private const decimal OptionQuoteStep = 0.03m;

    /// <summary>How often the option surfaces are set again, their at-the-money volatility moved a little.</summary>
    private static readonly TimeSpan SurfaceInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The demo surface's shape, the same in volatility at every expiry (so never a calendar arbitrage): raw SVI with
    /// b = 0.4·T, ρ = −0.3 (the put skew), m = 0, σ = 0.1, and a giving the at-the-money volatility.
    /// </summary>
    private const double SurfaceWingPerYear = 0.4;
    private const double SurfaceRho = -0.3;
    private const double SurfaceSigma = 0.1;

    private static readonly (string Index, double Start)[] StartPrices = [("btc_usd", 60_000), ("eth_usd", 3_000)];

    /// <summary>(currency, account, whole coins): the market maker and noise trader are funded deep, the trader like a person.</summary>
    private static readonly (int Account, string Currency, long Coins)[] Funding =
    [
        (DemoAccounts.MarketMaker, "BTC", 1_000), (DemoAccounts.MarketMaker, "ETH", 20_000), (DemoAccounts.MarketMaker, "USDC", 100_000_000),
        (DemoAccounts.NoiseTrader, "BTC", 100), (DemoAccounts.NoiseTrader, "ETH", 2_000), (DemoAccounts.NoiseTrader, "USDC", 10_000_000),
        (DemoAccounts.Trader, "BTC", 10), (DemoAccounts.Trader, "ETH", 200), (DemoAccounts.Trader, "USDC", 1_000_000),
    ];

    private readonly Random _random = new(options.Seed);
    private readonly TaskCompletionSource _funded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private double[] _indexPrices = [];
    private double _atTheMoneyVolatility = 0.55;
    private int _nextOption;

    /// <summary>Completes once the demo accounts' deposits are durable.</summary>
    public Task Funded => _funded.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await FundAsync().ConfigureAwait(false);
            _funded.SetResult();
        }
        catch (InvalidOperationException e)
        {
            _funded.SetException(e);
            throw;
        }

        if (!options.DemoMarket)
        {
            return;
        }

        _indexPrices = [.. StartPrices.Select(s => view.IndexPrice(s.Index) is { } recovered ? (double)recovered : s.Start)];
        var nextQuote = TimeSpan.Zero;
        var nextSurface = TimeSpan.Zero;
        var elapsed = TimeSpan.Zero;
        using var timer = new PeriodicTimer(options.FeedInterval);
        do
        {
            try
            {
                await MoveIndicesAsync().ConfigureAwait(false);
                if (elapsed >= nextSurface)
                {
                    await RollChainAsync().ConfigureAwait(false);
                    await SetSurfacesAsync().ConfigureAwait(false);
                    nextSurface = elapsed + SurfaceInterval;
                }

                if (elapsed >= nextQuote)
                {
                    await QuoteAsync().ConfigureAwait(false);
                    await TakeAsync().ConfigureAwait(false);
                    nextQuote = elapsed + options.QuoteInterval;
                }
            }
            catch (InvalidOperationException e) when (stoppingToken.IsCancellationRequested)
            {
                // The engine stopped under a round in flight: shutting down.
                LogStopped(e.Message);
                return;
            }

            elapsed += options.FeedInterval;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task FundAsync()
    {
        var currencies = view.Clearing.Currencies;
        foreach (var (account, code, coins) in Funding)
        {
            var currency = currencies.Get(code);
            var index = currencies.All.ToList().IndexOf(currency);
            // A fixed request id per account and currency: the repeat at the next start is answered as done and changes nothing.
            var result = await engine.SubmitAsync(new Deposit(new AccountId(account), new CurrencyId(index), new Money(coins * currency.UnitsPerCoin), 1 + index)).ConfigureAwait(false);
            if (result.Outcome != CommandOutcome.Accepted)
            {
                throw new InvalidOperationException($"funding demo account {account} in {code} failed: {result.Outcome} {result.Reason}");
            }
        }
    }

    private async Task MoveIndicesAsync()
    {
        var quotes = new List<Task<CommandResult>>();
        for (var i = 0; i < _indexPrices.Length; i++)
        {
            var step = StepVolatility * Normal();
            if (_random.NextDouble() < JumpProbability)
            {
                step += (_random.Next(2) == 0 ? -1 : 1) * (0.01 + (0.02 * _random.NextDouble()));
            }

            _indexPrices[i] *= Math.Exp(step);
            for (var source = 1; source <= DemoMarkets.SourcesPerIndex; source++)
            {
                var price = _indexPrices[i] * (1 + (SourceNoise * Normal()));
                quotes.Add(engine.SubmitAsync(new IndexQuote(new IndexId(i), source, (long)Math.Round(price * QuotePrice.Scale))).AsTask());
            }
        }

        await Task.WhenAll(quotes).ConfigureAwait(false);
    }

    /// <summary>
    /// Lists the next weekly expiry of the BTC chain once one has passed by the wall clock (<see cref="DemoMarkets.ChainRoll"/>),
    /// strikes around the index now; the surfaces set next give it its marks.
    /// </summary>
    private async Task RollChainAsync()
    {
        var futures = view.Markets.Where(m => m.Spec.Kind == Domain.Instruments.InstrumentKind.Future).Select(m => m.Spec.Name.Expiry!.Value).ToHashSet();
        List<DateOnly> weeklies =
        [
            .. view.Markets
                .Where(m => m.Option is not null && m.IndexName == "btc_usd" && m.Spec.Settlement == Domain.Instruments.SettlementType.Inverse && !futures.Contains(m.Spec.Name.Expiry!.Value))
                .Select(m => m.Spec.Name.Expiry!.Value)
                .Distinct(),
        ];
        if (weeklies.Count == 0)
        {
            return;
        }

        foreach (var listing in DemoMarkets.ChainRoll(weeklies, DateTimeOffset.UtcNow, (decimal)_indexPrices[0]))
        {
            var result = await engine.SubmitAsync(listing).ConfigureAwait(false);
            if (result.Outcome != CommandOutcome.Accepted)
            {
                LogListingRefused(listing.ExpiryTimestampMs, listing.StrikeE8 / QuotePrice.Scale, listing.Type, result.Reason);
            }
        }
    }

    /// <summary>
    /// Sets every option expiry still to come a surface of the demo shape (<see cref="SurfaceWingPerYear"/>) at an
    /// at-the-money volatility that wanders between 45% and 65%, nearest expiry first. The slice is total variance at
    /// the time left by the wall clock; the engine takes it at its sequencer time, a few milliseconds apart.
    /// </summary>
    private async Task SetSurfacesAsync()
    {
        _atTheMoneyVolatility = Math.Clamp(_atTheMoneyVolatility + (0.01 * Normal()), 0.45, 0.65);
        var now = DateTimeOffset.UtcNow;
        var expiries = view.Markets
            .Where(m => m.Spec.Kind == Domain.Instruments.InstrumentKind.Option && !m.IsDelivered)
            .Select(m => (m.IndexName, Date: m.Spec.Name.Expiry!.Value))
            .Distinct()
            .Order();
        foreach (var (indexName, date) in expiries)
        {
            var years = (new DateTimeOffset(date.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero) - now).TotalDays / 365.0;
            if (years <= 0)
            {
                continue;
            }

            var b = SurfaceWingPerYear * years;
            var a = (_atTheMoneyVolatility * _atTheMoneyVolatility * years) - (b * SurfaceSigma);
            var index = new IndexId(view.Clearing.Indices.ToList().FindIndex(i => i.Name == indexName));
            var result = await engine.SubmitAsync(new SetVolatilitySurface(index, date, a, b, SurfaceRho, 0, SurfaceSigma)).ConfigureAwait(false);
            if (result.Outcome != CommandOutcome.Accepted)
            {
                LogSurfaceRefused(indexName, date, result.Reason);
            }
        }
    }

    /// <summary>
    /// Replaces the market maker's quotes in every market with a mark: the new levels first, then the old orders are
    /// cancelled, so a book is never empty in between. A new quote that would meet an old one of the other side
    /// (the mark jumped) cancels the old one instead of trading with it.
    /// </summary>
    private async Task QuoteAsync()
    {
        foreach (var market in FuturesAndPerpetuals)
        {
            await QuoteAsync(market, Levels, QuoteStep, mark => Lots(market, mark, 2_000m, 40_000m)).ConfigureAwait(false);
        }

        var options = view.Markets.Where(m => m.Spec.Kind == Domain.Instruments.InstrumentKind.Option && !m.IsDelisted).ToList();
        for (var i = 0; i < Math.Min(OptionsPerRound, options.Count); i++)
        {
            var option = options[_nextOption++ % options.Count];
            await QuoteAsync(option, OptionLevels, OptionQuoteStep, _ => new Quantity(_random.Next(1, 11))).ConfigureAwait(false);
        }
    }

    /// <summary>One market's requote: <paramref name="levels"/> a side, <paramref name="step"/> of the mark apart (at least a tick), the new before the old go.</summary>
    private async Task QuoteAsync(MarketView market, int levels, decimal step, Func<decimal, Quantity> size)
    {
        var maker = new AccountId(DemoAccounts.MarketMaker);
        var (markE8, _) = view.Prices(market);
        if (markE8 <= 0)
        {
            return;
        }

        var old = view.OpenOrderIds(DemoAccounts.MarketMaker, market);
        var quotes = new List<Task<CommandResult>>();
        var mark = new QuotePrice(markE8).ToDecimal();
        var (bid, ask) = (Price.Zero, Price.Zero);
        for (var level = 1; level <= levels; level++)
        {
            // Each level at least a tick beyond the one before: near zero, a step of the mark can be less than a tick.
            var (nextBid, nextAsk) = (Down(market, mark * (1 - (step * level))), Up(market, mark * (1 + (step * level))));
            (bid, ask) = level == 1 ? (nextBid, nextAsk) : (Min(nextBid, market.Spec.Ticks.NextDown(bid)), Max(nextAsk, market.Spec.Ticks.NextUp(ask)));
            foreach (var (side, price) in (ReadOnlySpan<(Side, Price)>)[(Side.Buy, bid), (Side.Sell, ask)])
            {
                if (price.Ticks > 0 && market.Spec.IsValidPrice(price))
                {
                    var order = NewOrder.Limit(market.Spec.Id, default, maker, side, price, size(mark)) with { SelfTradePrevention = SelfTradePrevention.CancelResting };
                    quotes.Add(engine.SubmitAsync(order).AsTask());
                }
            }
        }

        await Task.WhenAll(quotes).ConfigureAwait(false);
        await Task.WhenAll(old.Select(id => engine.SubmitAsync(new CancelOrder(market.Spec.Id, new OrderId(id), maker)).AsTask())).ConfigureAwait(false);
    }

    private static Price Min(Price a, Price b) => a.Ticks <= b.Ticks ? a : b;

    private static Price Max(Price a, Price b) => a.Ticks >= b.Ticks ? a : b;

    /// <summary>Now and then the noise trader crosses the spread with a small immediate-or-cancel order.</summary>
    private Task TakeAsync()
    {
        var markets = FuturesAndPerpetuals;
        var market = markets[_random.Next(markets.Count)];
        var (markE8, _) = view.Prices(market);
        if (markE8 <= 0 || _random.NextDouble() > 0.5)
        {
            return Task.CompletedTask;
        }

        var mark = new QuotePrice(markE8).ToDecimal();
        var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var limit = side == Side.Buy ? Up(market, mark * 1.003m) : Down(market, mark * 0.997m);
        var order = NewOrder.Limit(market.Spec.Id, default, new AccountId(DemoAccounts.NoiseTrader), side, limit, Lots(market, mark, 500m, 5_000m), TimeInForce.ImmediateOrCancel);
        return engine.SubmitAsync(order).AsTask();
    }

    /// <summary>The markets the maker quotes and the noise trader takes: not the options, whose sizes are in coins.</summary>
    private List<MarketView> FuturesAndPerpetuals => [.. view.Markets.Where(m => m.Spec.Kind != Domain.Instruments.InstrumentKind.Option)];

    /// <summary>A random size worth between the two USD amounts, in lots (at least one).</summary>
    private Quantity Lots(MarketView market, decimal mark, decimal minUsd, decimal maxUsd)
    {
        var usd = minUsd + ((maxUsd - minUsd) * (decimal)_random.NextDouble());
        var lotUsd = market.Spec.Settlement == Domain.Instruments.SettlementType.Inverse ? market.Spec.LotSize : market.Spec.LotSize * mark;
        return new Quantity(Math.Max(1, (long)(usd / lotUsd)));
    }

    /// <summary>The highest price on the market's grid at or below <paramref name="price"/> (zero when none).</summary>
    private static Price Down(MarketView market, decimal price)
    {
        var ticks = new Price(Math.Max(0, (long)Math.Floor(price / market.Spec.Ticks.TickSize)));
        return ticks.Ticks == 0 || market.Spec.Ticks.IsOnGrid(ticks) ? ticks : market.Spec.Ticks.NextDown(ticks);
    }

    /// <summary>The lowest price on the market's grid at or above <paramref name="price"/>.</summary>
    private static Price Up(MarketView market, decimal price)
    {
        var ticks = new Price(Math.Max(1, (long)Math.Ceiling(price / market.Spec.Ticks.TickSize)));
        return market.Spec.Ticks.IsOnGrid(ticks) ? ticks : market.Spec.Ticks.NextUp(ticks);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo surface for {Index} {Expiry} refused: {Reason}")]
    private partial void LogSurfaceRefused(string index, DateOnly expiry, RejectReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo option listing expiring {ExpiryMs} at {Strike} ({Type}) refused: {Reason}")]
    private partial void LogListingRefused(long expiryMs, long strike, Domain.Instruments.OptionType type, RejectReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "demo market stopped: {Reason}")]
    private partial void LogStopped(string reason);
}
