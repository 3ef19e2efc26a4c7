using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Options.Margin;
using Clearline.Options.Pricing;
using Clearline.Risk.Margin;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Portfolio margin in the engine (docs/options.md, "Portfolio margin in the engine"): an account's cross pools
/// margined by scenarios over all their positions together, the switch between models, and liquidation under it.
/// </summary>
public sealed class PortfolioMarginTests
{
    private const long OneBtc = 100_000_000;
    private const long Minute = 60_000_000;
    private static readonly DateOnly Expiry = new(2023, 11, 15);

    [Fact]
    public void A_hedged_book_needs_its_scenario_loss_and_cannot_go_back_to_standard_margin_it_does_not_meet()
    {
        var venue = new Venue(options: true, portfolio: true) { Now = Venue.FutureExpiry - (9 * 60 * Minute) };
        venue.Quote(36_000m);
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();
        venue.Deposit(1, Venue.Btc, 30 * OneBtc / 100, 1);
        venue.Deposit(2, Venue.Btc, 10 * OneBtc, 1);

        // Long a call, short the put of the same strike (a synthetic long forward), short 35,000 USD of the future:
        // in coin, (F − K)/F + K/F is constant, so no scenario loses; only the short put's contingency is left.
        venue.OptionOrder(Venue.Call, 0, 2, Side.Sell, 0.04m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Call, 0, 1, Side.Buy, 0.04m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Put, 0, 2, Side.Buy, 0.0005m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Put, 0, 1, Side.Sell, 0.0005m, 10).AssertAccepted();
        venue.Order(Venue.Future, 0, 2, Side.Buy, 36_000m, 3_500).AssertAccepted();
        venue.Order(Venue.Future, 0, 1, Side.Sell, 36_000m, 3_500).AssertAccepted();
        Assert.Equal((10L, -10L, -3_500L), (venue.Position(1, Venue.Call), venue.Position(1, Venue.Put), venue.Position(1, Venue.Future)));
        var standard = venue.Margin(1, Venue.Btc);

        var switched = venue.MarginModel(1, MarginModel.Portfolio);
        switched.AssertAccepted();
        var expected = ExpectedRequirement(venue);
        // Every currency is reported, so a reader learns the model even of empty pools.
        Assert.Equal(
            [.. Enumerable.Range(0, venue.Config.Currencies.All.Count).Select(c => new PortfolioMarginChanged(new AccountId(1), new CurrencyId(c), true, c == Venue.Btc.Value ? expected.Initial : Money.Zero, c == Venue.Btc.Value ? expected.Maintenance : Money.Zero))],
            switched.OfType<PortfolioMarginChanged>());
        var portfolio = venue.Margin(1, Venue.Btc);
        Assert.Equal(standard with { PositionInitial = expected.Initial, Maintenance = expected.Maintenance }, portfolio);

        // What is left is the contingency of 0.01 BTC per short BTC of options (10 lots of 0.1), and float noise.
        Assert.InRange(expected.Maintenance.Units, OneBtc / 100, (OneBtc / 100) + 10);
        Assert.True(portfolio.Initial.Units < standard.Initial.Units / 5, $"portfolio IM {portfolio.Initial} against standard {standard.Initial}");

        // Withdraw what only portfolio margin allows: going back to standard margin is then refused and changes nothing.
        var spare = (standard.MarginBalance - standard.Initial).Units + (OneBtc / 100);
        Assert.True(spare > 0);
        venue.Withdraw(1, Venue.Btc, spare, 2).AssertAccepted();
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.MarginModel(1, MarginModel.Standard).AssertRejected(RejectReason.MarginModelRequirementNotMet);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        // Time passes and the index moves: the requirement follows the new marks.
        venue.Now += 10 * Minute;
        venue.Quote(37_000m);
        Assert.Equal(ExpectedRequirement(venue), venue.House.TryGetPortfolioMargin(new AccountId(1), Venue.Btc, out var moved) ? moved : default);
        Assert.Equal((moved.Initial, moved.Maintenance), (venue.Margin(1, Venue.Btc).PositionInitial, venue.Margin(1, Venue.Btc).Maintenance));

        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
        var decoded = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), venue.Listed, clearing: venue.Config);
        Assert.Equal(venue.House.CaptureState(), decoded.Clearing!.CaptureState());
        Assert.True(decoded.Clearing.TryGetMargin(new AccountId(1), Venue.Btc, out var restored));
        Assert.Equal(venue.Margin(1, Venue.Btc), restored);
    }

    [Fact]
    public void A_naked_short_call_under_portfolio_margin_is_liquidated_when_a_rally_takes_its_equity()
    {
        var venue = ShortCall(Venue.Call, Venue.Btc, 25 * OneBtc / 100, 0.04m, out var sold);
        Assert.True(sold.OfType<PortfolioMarginChanged>().Single().Maintenance > Money.Zero);
        Assert.False(venue.Margin(1, Venue.Btc).IsLiquidatable);

        // Offers to take the liquidation, then a rally to 50,000: the short call is worth about 0.3 BTC, more than is left.
        venue.OptionOrder(Venue.Call, 0, 2, Side.Sell, 0.35m, 10).AssertAccepted();
        venue.Now += Minute;
        var rally = venue.Quote(50_000m);
        Assert.Contains(new LiquidationChanged(new AccountId(1), Venue.Btc, true), rally.OfType<LiquidationChanged>());
        Assert.True(venue.Position(1, Venue.Call) > -10, "the liquidation round should close some of the short call");
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void A_portfolio_pool_in_liquidation_hedges_its_delta_with_the_perpetual_before_closing_options()
    {
        var venue = ShortCall(Venue.LinearCall, Venue.Usdc, 8_000_000_000, 1_500m, out _);

        // Liquidity for the liquidation: perpetual offers just above where the index goes, and offers of the call.
        venue.Order(Venue.Linear, 0, 2, Side.Sell, 40_100m, 5_000).AssertAccepted();
        venue.OptionOrder(Venue.LinearCall, 0, 2, Side.Sell, 6_000m, 10).AssertAccepted();

        // At 40,000 the short call (1 BTC, delta about 0.999) is due. The first step buys 999 lots (0.999 BTC) of the
        // linear perpetual, which lowers the requirement (the worst scenario was a rally) but not enough.
        venue.Now += Minute;
        var rally = venue.Quote(40_000m);
        Assert.Contains(new LiquidationChanged(new AccountId(1), Venue.Usdc, true), rally.OfType<LiquidationChanged>());
        Assert.Equal((999L, -10L), (venue.Position(1, Venue.Linear), venue.Position(1, Venue.LinearCall)));
        var requirements = rally.OfType<PortfolioMarginChanged>().Select(p => p.Maintenance).ToList();
        Assert.True(requirements[^1] < requirements[0], $"the hedge should lower the requirement: {string.Join(", ", requirements)}");

        // Hedged, the next round closes the call through the book; the perpetual left alone is closed after it.
        venue.Now += 1_000_000;
        venue.Tick();
        Assert.Equal((999L, 0L), (venue.Position(1, Venue.Linear), venue.Position(1, Venue.LinearCall)));
        venue.Now += 1_000_000;
        var last = venue.Tick();
        Assert.Equal(0L, venue.Position(1, Venue.Linear));
        Assert.Contains(new LiquidationChanged(new AccountId(1), Venue.Usdc, false), last.OfType<LiquidationChanged>());
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void A_hedge_that_would_raise_the_requirement_is_not_made()
    {
        var venue = ShortCall(Venue.Call, Venue.Btc, 25 * OneBtc / 100, 0.04m, out _);
        venue.Order(Venue.Inverse, 0, 2, Side.Sell, 43_100m, 1_000).AssertAccepted();
        venue.Order(Venue.Inverse, 0, 2, Side.Sell, 47_100m, 10_000).AssertAccepted();
        venue.OptionOrder(Venue.Call, 0, 2, Side.Sell, 0.3m, 10).AssertAccepted();

        // At 43,000 a step of the inverse perpetual (1,000 lots) hedges the short call and that alone cures the pool.
        venue.Now += Minute;
        var first = venue.Quote(43_000m);
        Assert.Equal([true, false], first.OfType<LiquidationChanged>().Where(l => l.Account.Value == 1).Select(l => l.Liquidating));
        Assert.Equal((1_000L, -10L), (venue.Position(1, Venue.Inverse), venue.Position(1, Venue.Call)));

        // At 47,000 more of it would raise the requirement (a long inverse perpetual loses most on the extended table's
        // fall), so the step closes the call instead, and the next one the perpetual.
        venue.Now += Minute;
        venue.Quote(47_000m);
        Assert.Equal((1_000L, 0L), (venue.Position(1, Venue.Inverse), venue.Position(1, Venue.Call)));
        venue.Now += 1_000_000;
        venue.Tick();
        Assert.Equal(0L, venue.Position(1, Venue.Inverse));
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void A_switch_is_refused_without_portfolio_margin_for_an_unknown_account_and_during_liquidation()
    {
        var plain = new Venue(options: true) { Now = Venue.FutureExpiry - (9 * 60 * Minute) };
        plain.Deposit(1, Venue.Btc, OneBtc, 1);
        var before = CollateralTests.StateWithoutSequence(plain);
        plain.MarginModel(1, MarginModel.Portfolio).AssertRejected(RejectReason.PortfolioMarginUnavailable);
        plain.MarginModel(7, MarginModel.Standard).AssertRejected(RejectReason.UnknownAccount);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(plain));

        // Asking for the model the account has changes nothing and says nothing.
        var same = plain.MarginModel(1, MarginModel.Standard);
        same.AssertAccepted();
        Assert.Empty(same.OfType<PortfolioMarginChanged>());
        Assert.Equal(before, CollateralTests.StateWithoutSequence(plain));

        var venue = new Venue(portfolio: true);
        venue.Quote(36_000m);
        venue.Deposit(1, Venue.Btc, OneBtc / 100, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Order(Venue.Inverse, 0, 2, Side.Sell, 36_000m, 1_000).AssertAccepted();
        venue.Order(Venue.Inverse, 0, 1, Side.Buy, 36_000m, 1_000).AssertAccepted();
        venue.Halt(true); // a halted venue liquidates nothing, so the account stays locked
        venue.Quote(34_000m);
        Assert.True(venue.Margin(1, Venue.Btc).IsLiquidatable);
        venue.MarginModel(1, MarginModel.Portfolio).AssertRejected(RejectReason.AccountLocked);
    }

    /// <summary>
    /// Nine hours before the future's expiry, the index at 36,000 and a flat 50% surface on both expiries: account 1,
    /// on portfolio margin with <paramref name="collateral"/>, sells 10 lots (1 BTC) of <paramref name="call"/> at
    /// <paramref name="premium"/> to account 2, which has plenty.
    /// </summary>
    private static Venue ShortCall(InstrumentId call, CurrencyId currency, long collateral, decimal premium, out List<object> sold)
    {
        var venue = new Venue(options: true, portfolio: true) { Now = Venue.FutureExpiry - (9 * 60 * Minute) };
        venue.Quote(36_000m);
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();
        venue.FlatSurface(new DateOnly(2023, 11, 16), 0.5).AssertAccepted();
        venue.Deposit(1, currency, collateral, 1);
        venue.Deposit(2, currency, collateral * 1_000, 1);
        venue.MarginModel(1, MarginModel.Portfolio).AssertAccepted();
        venue.OptionOrder(call, 0, 2, Side.Buy, premium, 10).AssertAccepted();
        sold = venue.OptionOrder(call, 0, 1, Side.Sell, premium, 10);
        sold.AssertAccepted();
        return venue;
    }

    /// <summary>
    /// The requirement recomputed here from the engine's marks: one risk array per held instrument at the option's
    /// forward, mark IV and the current time (the marks were all priced at <see cref="Venue.Now"/>), the future's at its
    /// mark; summed in ascending instrument id, rounded up to satoshis.
    /// </summary>
    private static MarginRequirement ExpectedRequirement(Venue venue)
    {
        var margin = new PortfolioMargin(new PortfolioMarginParameters());
        var future = margin.CreateRiskArray(MarginInstrument.Future(MarginSettlement.Inverse, 10));
        future.Refresh(venue.House.PricesOf(Venue.Future).Mark.E8 / 1e8, 0, 0);
        var years = TimeToExpiry.Years(venue.Now, Venue.FutureExpiry);
        RiskArray Option(InstrumentId instrument, OptionType type)
        {
            var array = margin.CreateRiskArray(MarginInstrument.OptionOf(type, 35_000, MarginSettlement.Inverse, 0.1));
            var mark = venue.House.OptionMarkOf(instrument)!.Value;
            array.Refresh(mark.Forward.E8 / 1e8, mark.MarkVolatility, years);
            return array;
        }

        var result = margin.Evaluate(
        [
            new MarginPosition(future, venue.Position(1, Venue.Future)),
            new MarginPosition(Option(Venue.Call, OptionType.Call), venue.Position(1, Venue.Call)),
            new MarginPosition(Option(Venue.Put, OptionType.Put), venue.Position(1, Venue.Put)),
        ]);
        return new MarginRequirement(new Money((long)Math.Ceiling(result.Initial * 1e8)), new Money((long)Math.Ceiling(result.Maintenance * 1e8)));
    }
}
