using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Options.Pricing;
using Clearline.Risk;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;
using Clearline.Sequencing.Codecs;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Options in the engine (docs/options.md, "Options in the engine"): marks from the expiry's surface on the forward,
/// the premium paid at trade, standard option margin in the currency's pool, and cash settlement at expiry.
/// </summary>
public sealed class OptionTests
{
    private const long OneBtc = 100_000_000;
    private const long Minute = 60_000_000;
    private const double YearMicros = 365.0 * 86_400_000_000.0;
    private static readonly DateOnly Expiry = new(2023, 11, 15);

    [Fact]
    public void An_option_is_marked_from_its_surface_on_the_future_and_its_premium_is_paid_at_the_trade()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Deposit(3, Venue.Btc, OneBtc / 100, 1);

        // No surface, no mark: option orders are refused. Bad surfaces are refused and change nothing.
        venue.OptionOrder(Venue.Call, 1, 1, Side.Buy, 0.03m, 10).AssertRejected(RejectReason.NoVolatilitySurface);
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.Surface(new SetVolatilitySurface(Venue.BtcUsd, Expiry, 0.01, 0.1, 2, 0, 0.1)).AssertRejected(RejectReason.InvalidVolatilitySurface);
        venue.Surface(new SetVolatilitySurface(Venue.BtcUsd, Expiry, 0.01, 0.1, 0, 0, double.NaN)).AssertRejected(RejectReason.InvalidVolatilitySurface);
        venue.Surface(new SetVolatilitySurface(Venue.BtcUsd, new DateOnly(2023, 11, 17), 0.01, 0, 0, 0, 0.1)).AssertRejected(RejectReason.UnknownOptionExpiry);
        venue.Surface(new SetVolatilitySurface(new IndexId(5), Expiry, 0.01, 0, 0, 0, 0.1)).AssertRejected(RejectReason.UnknownOptionExpiry);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        // Mark = Black-76 at the surface's volatility on the future's mark (36,000), ÷ F for the coin premium, rounded up to 10⁻⁸.
        var marked = venue.FlatSurface(Expiry, 0.5);
        marked.AssertAccepted();
        Assert.Equal(36_000 * QuotePrice.Scale, venue.House.PricesOf(Venue.Future).Mark.E8);
        var callMark = ExpectedMark(OptionType.Call, 36_000, 35_000, venue.Now, 0.5);
        Assert.Equal(callMark, venue.House.PricesOf(Venue.Call).Mark.E8);
        Assert.Equal(ExpectedMark(OptionType.Put, 36_000, 35_000, venue.Now, 0.5), venue.House.PricesOf(Venue.Put).Mark.E8);
        Assert.Equal(callMark, marked.OfType<MarkPriceChanged>().Single(m => m.Instrument == Venue.Call).MarkE8);
        Assert.Equal(0.5, venue.House.OptionMarkOf(Venue.Call)!.Value.MarkVolatility, 12);

        // The mark IV is clamped into the configured band (30%..100% by default).
        venue.FlatSurface(Expiry, 2.0).AssertAccepted();
        Assert.Equal(1.0, venue.House.OptionMarkOf(Venue.Call)!.Value.MarkVolatility);
        Assert.Equal(ExpectedMark(OptionType.Call, 36_000, 35_000, venue.Now, 1.0), venue.House.PricesOf(Venue.Call).Mark.E8);
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();

        // Short 10 lots (1 BTC) at 0.03 BTC: the buyer pays 0.03 BTC at once, the seller receives it.
        venue.OptionOrder(Venue.Call, 1, 2, Side.Sell, 0.03m, 10).AssertAccepted();
        var trade = venue.OptionOrder(Venue.Call, 2, 1, Side.Buy, 0.03m, 10);
        Assert.Single(trade.OfType<Trade>());
        var premiums = trade.OfType<BalanceChanged>().Where(b => b.Reason == BalanceChangeReason.OptionPremium).ToDictionary(b => b.Account.Value, b => b.Change.Units);
        Assert.Equal(-3_000_000, premiums[1]);
        Assert.Equal(3_000_000, premiums[2]);
        Assert.Equal((10L, -10L), (venue.Position(1, Venue.Call), venue.Position(2, Venue.Call)));

        // The long's value at mark is in its margin balance and is its initial margin; the short needs the standard
        // option margin per lot (max(0.15 − OTM/U, 0.10) + m per BTC: in the money, 0.15 + m), its value a liability.
        var value = callMark * 1; // 10 lots × 0.1 BTC × mark per BTC = 1 × mark, in satoshis
        var longPool = venue.Margin(1, Venue.Btc);
        Assert.Equal((OneBtc - 3_000_000, value, value, 0L), (longPool.Balance.Units, longPool.Unrealised.Units, longPool.Initial.Units, longPool.Maintenance.Units));
        var shortPool = venue.Margin(2, Venue.Btc);
        var perLot = venue.House.OptionMarkOf(Venue.Call)!.Value.ShortPerLot;
        Assert.Equal((long)Math.Ceiling(0.1 * (0.15 + (callMark / 1e8)) * 1e8), perLot.Initial.Units);
        Assert.Equal((long)Math.Ceiling(0.1 * (0.075 + (callMark / 1e8)) * 1e8), perLot.Maintenance.Units);
        Assert.Equal((OneBtc + 3_000_000, -value, 10 * perLot.Initial.Units, 10 * perLot.Maintenance.Units), (shortPool.Balance.Units, shortPool.Unrealised.Units, shortPool.Initial.Units, shortPool.Maintenance.Units));

        // Pre-trade: a short needs its margin, a buy its premium; a small buy fits.
        var small = CollateralTests.StateWithoutSequence(venue);
        venue.OptionOrder(Venue.Call, 3, 3, Side.Sell, 0.03m, 10).AssertRejected(RejectReason.NotEnoughFunds);
        venue.OptionOrder(Venue.Put, 4, 3, Side.Buy, 0.02m, 10).AssertRejected(RejectReason.NotEnoughFunds);
        Assert.Equal(small, CollateralTests.StateWithoutSequence(venue));
        venue.OptionOrder(Venue.Put, 5, 3, Side.Buy, 0.002m, 10).AssertAccepted();

        // Time passes and the index moves: the marks follow, and the margin with them.
        venue.Now += 10 * Minute;
        venue.Quote(37_000m);
        Assert.Equal(ExpectedMark(OptionType.Call, 37_000, 35_000, venue.Now, 0.5), venue.House.PricesOf(Venue.Call).Mark.E8);
        Assert.Equal(-venue.House.PricesOf(Venue.Call).Mark.E8, venue.Margin(2, Venue.Btc).Unrealised.Units);

        Assert.Equal(2 * OneBtc + (OneBtc / 100), Enumerable.Range(1, 3).Sum(a => venue.Balance(a, Venue.Btc).Units));
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
        var decoded = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), venue.Listed, clearing: venue.Config);
        Assert.Equal(venue.House.CaptureState(), decoded.Clearing!.CaptureState());
        Assert.Equal(venue.State.ComputeStateHash().Root, decoded.ComputeStateHash().Root);
    }

    [Fact]
    public void A_linear_option_without_a_same_expiry_future_is_marked_on_the_index_in_usdc()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);
        venue.FlatSurface(new DateOnly(2023, 11, 16), 0.6).AssertAccepted();
        var years = (Venue.FutureExpiry + (86_400 * 1_000_000L) - venue.Now) / YearMicros;
        var expected = (long)Math.Ceiling(Black76.Price(OptionType.Call, 36_000, 35_000, years, 0.6, 0) * 1e8);
        Assert.Equal(expected, venue.House.PricesOf(Venue.LinearCall).Mark.E8);

        // A buy of 10 lots (1 BTC of underlying) at 1,200 USDC pays 1,200 USDC.
        venue.Deposit(1, Venue.Usdc, 100_000_000_000, 1);
        venue.Deposit(2, Venue.Usdc, 100_000_000_000, 1);
        venue.OptionOrder(Venue.LinearCall, 1, 2, Side.Sell, 1_200m, 10).AssertAccepted();
        venue.OptionOrder(Venue.LinearCall, 2, 1, Side.Buy, 1_200m, 10).AssertAccepted();
        Assert.Equal((100_000_000_000 - 1_200_000_000L, 100_000_000_000 + 1_200_000_000L), (venue.Balance(1, Venue.Usdc).Units, venue.Balance(2, Venue.Usdc).Units));
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void Options_settle_in_cash_at_the_index_average_and_out_of_the_money_ones_expire_worthless()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (40 * Minute) };
        venue.Quote(36_000m);
        for (var account = 1; account <= 3; account++)
        {
            venue.Deposit(account, Venue.Btc, OneBtc, 1);
        }

        venue.FlatSurface(Expiry, 0.5).AssertAccepted();
        venue.OptionOrder(Venue.Call, 1, 2, Side.Sell, 0.03m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Call, 2, 1, Side.Buy, 0.03m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Put, 3, 3, Side.Sell, 0.0005m, 20).AssertAccepted();
        venue.OptionOrder(Venue.Put, 4, 1, Side.Buy, 0.0005m, 20).AssertAccepted();
        venue.OptionOrder(Venue.Put, 5, 1, Side.Buy, 0.0001m, 5).AssertAccepted();

        // 36,000 over the first 20 minutes of the window, 37,500 over the last 10: the average is 36,500.
        for (var minute = -39; minute <= -1; minute++)
        {
            venue.Now = Venue.FutureExpiry + (minute * Minute);
            venue.Quote(minute < -10 ? 36_000m : 37_500m);
        }

        venue.Now = Venue.FutureExpiry + 1_000_000;
        var balances = Enumerable.Range(1, 3).Select(a => venue.Balance(a, Venue.Btc).Units).ToArray();
        var events = venue.Tick();
        // Both carry the index's delivery price: the window's average, 36,500.
        Assert.Contains(new TradingPhaseChanged(Venue.Call, TradingPhase.Delivered, 3_650_000_000_000), events);
        Assert.Contains(new TradingPhaseChanged(Venue.Put, TradingPhase.Delivered, 3_650_000_000_000), events);
        Assert.Equal(new OrderId(5), events.OfType<OrderCancelled>().Single().Order);

        // The call pays (36,500 − 35,000) / 36,500 BTC per BTC, rounded down to 10⁻⁸: 0.04109589; 1 BTC of calls.
        const long payoff = 4_109_589;
        Assert.Equal(payoff, events.OfType<MarkPriceChanged>().Single(m => m.Instrument == Venue.Call).MarkE8);
        Assert.Equal([balances[0] + payoff, balances[1] - payoff, balances[2]], Enumerable.Range(1, 3).Select(a => venue.Balance(a, Venue.Btc).Units));
        Assert.All(Enumerable.Range(1, 3), a => Assert.Equal((0L, 0L), (venue.Position(a, Venue.Call), venue.Position(a, Venue.Put))));
        Assert.Equal(3 * OneBtc, Enumerable.Range(1, 3).Sum(a => venue.Balance(a, Venue.Btc).Units));

        venue.OptionOrder(Venue.Call, 6, 1, Side.Buy, 0.03m, 1).AssertRejected(RejectReason.InstrumentExpired);
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
        var decoded = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), venue.Listed, clearing: venue.Config);
        Assert.Equal(venue.State.ComputeStateHash().Root, decoded.ComputeStateHash().Root);
    }

    [Fact]
    public void A_surface_with_calendar_arbitrage_against_its_neighbouring_expiries_is_refused()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);

        // 16 Nov (26 hours left) at 30%: total variance 0.09 × 26/8760. 15 Nov (2 hours) at 150% would carry
        // 2.25 × 2/8760, more variance to an earlier expiry; at 50% (0.25 × 2/8760) it is fine.
        venue.FlatSurface(new DateOnly(2023, 11, 16), 0.3).AssertAccepted();
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.FlatSurface(Expiry, 1.5).AssertRejected(RejectReason.InvalidVolatilitySurface);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();

        // And from the other side: the later expiry may not fall below the earlier one.
        venue.FlatSurface(new DateOnly(2023, 11, 16), 0.1).AssertRejected(RejectReason.InvalidVolatilitySurface);
        venue.FlatSurface(new DateOnly(2023, 11, 16), 0.2).AssertAccepted();
    }

    [Fact]
    public void Liquidation_closes_futures_before_options()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);
        venue.Deposit(1, Venue.Btc, OneBtc / 4, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Deposit(3, Venue.Btc, OneBtc, 1);
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();

        // Account 1: short 1 BTC of calls (the larger maintenance margin by far) and long 1,000 USD of the perpetual.
        venue.OptionOrder(Venue.Call, 1, 1, Side.Sell, 0.03m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Call, 2, 3, Side.Buy, 0.03m, 10).AssertAccepted();
        venue.Order(Venue.Inverse, 3, 2, Side.Sell, 36_000m, 100).AssertAccepted();
        venue.Order(Venue.Inverse, 4, 1, Side.Buy, 36_000m, 100).AssertAccepted();

        // The index jumps: the short call puts the pool under water. The first step closes the perpetual, the next the calls.
        venue.Now += Minute;
        venue.Quote(45_000m);
        Assert.Equal((0L, -10L), (venue.Position(1, Venue.Inverse), venue.Position(1, Venue.Call)));
        venue.Now += Minute;
        venue.Tick();
        Assert.Equal(0L, venue.Position(1, Venue.Call));
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void A_generated_chain_lists_in_the_engine_and_every_option_is_marked_from_its_expiry_surface()
    {
        var config = new OptionChainConfig(
            "BTC", null, new DateOnly(2023, 11, 14), Dailies: 1, Weeklies: 1, Monthlies: 0, Quarterlies: 0, Forward: 36_000m, StrikeSpacing: 1_000m, StrikesPerSide: 2,
            new TickSizeSchedule(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]), 0.1m, new Quantity(10_000), new Price(100_000));
        var chain = OptionChain.Generate(config, firstId: 0);
        var clearing = new ClearingConfig(
            SettlementCurrencies.Default,
            [new PriceIndexDefinition("btc_usd", new IndexConfig([new IndexSource(1)]) { MinimumSources = 1 })],
            [.. chain.Select(o => new MarketClearingConfig(o.Id, Venue.BtcUsd, Venue.Tiers, 1_000, new MarkConfig()))]);
        var state = new EngineState(chain, clearing: clearing);
        var now = Venue.FutureExpiry - (120 * Minute);
        var sink = default(NoVenueEvents);
        var sequence = 0L;
        void Apply(Func<byte[], int> encode)
        {
            var buffer = new byte[CommandCodec.MaxSize];
            state.Apply(++sequence, now, buffer.AsSpan(0, encode(buffer)), ref sink);
        }

        Apply(b => CommandCodec.Encode(new IndexQuote(Venue.BtcUsd, 1, 36_000 * QuotePrice.Scale), b));
        foreach (var expiry in OptionChain.Expiries(config))
        {
            var years = ((new DateTimeOffset(expiry.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000) - now) / YearMicros;
            Apply(b => CommandCodec.Encode(new SetVolatilitySurface(Venue.BtcUsd, expiry, 0.36 * years, 0, 0, 0, 0.1), b));
        }

        Assert.Equal(2 * 5 * 2, chain.Count); // 15 and 17 Nov 2023 (a Friday), 34,000..38,000, calls and puts
        Assert.All(chain, o => Assert.True(state.Clearing!.PricesOf(o.Id).Mark.IsPositive, $"{o.Name} has no mark"));
        Assert.All(chain, o => Assert.Equal(0.6, state.Clearing!.OptionMarkOf(o.Id)!.Value.MarkVolatility, 12));
    }

    /// <summary>The engine's rule: Black-76 through the kernel, ÷ F for the coin premium, rounded up to 10⁻⁸.</summary>
    private static long ExpectedMark(OptionType type, double forward, double strike, long now, double volatility) =>
        (long)Math.Ceiling(Black76.Price(type, forward, strike, (Venue.FutureExpiry - now) / YearMicros, volatility, 0) / forward * 1e8);
}
