using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Clearing.Tests;

public sealed class TradingTests
{
    private const long OneBtc = 100_000_000;

    [Fact]
    public void Orders_wait_for_a_mark_and_an_account()
    {
        var venue = new Venue();
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 10).AssertRejected(RejectReason.UnknownAccount);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 10).AssertRejected(RejectReason.IndexUnavailable);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 10).AssertAccepted();
        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 0m, 10).AssertRejected(RejectReason.PriceOutOfBounds);
    }

    [Fact]
    public void An_order_beyond_the_available_funds_is_refused_and_changes_nothing()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, 100_000, 1);
        venue.Quote(50_000m);
        var before = CollateralTests.StateWithoutSequence(venue);

        // 10,000 lots of 10 USD = 2 BTC at 50,000: initial margin above 2% of that, far beyond 0.001 BTC.
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 10_000).AssertRejected(RejectReason.NotEnoughFunds);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 50_000m, 10).AssertAccepted();
        Assert.True(venue.Margin(1, Venue.Btc).AvailableFunds >= Money.Zero);
    }

    [Fact]
    public void Orders_beyond_the_price_band_around_the_mark_are_refused()
    {
        var venue = new Venue(priceBandPpm: 50_000);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 52_500m, 10).AssertAccepted();
        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 52_500.5m, 10).AssertRejected(RejectReason.PriceOutsideBand);
        venue.Order(Venue.Inverse, 3, 1, Side.Sell, 47_500m, 10).AssertAccepted();
        venue.Order(Venue.Inverse, 4, 1, Side.Sell, 47_499.5m, 10).AssertRejected(RejectReason.PriceOutsideBand);
        venue.Order(Venue.Inverse, 5, 1, Side.Buy, 40_000m, 10).AssertAccepted();
        venue.Amend(Venue.Inverse, 5, 1, 60_000m, 10).AssertRejected(RejectReason.PriceOutsideBand);
    }

    [Fact]
    public void With_clamping_an_order_beyond_the_band_is_re_priced_to_its_edge_and_then_checked_as_any_order()
    {
        var venue = new Venue(priceBandPpm: 50_000, bandAction: PriceBandAction.Clamp);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Quote(50_000.2m); // band ±2,500.01: the edges fall between ticks, so clamping rounds inward
        venue.Order(Venue.Inverse, 1, 2, Side.Sell, 52_000m, 10).AssertAccepted();

        // A buy at 60,000 becomes a buy at 52,500 (the last tick at or below 52,500.21) and takes the 52,000 ask.
        var buy = venue.Order(Venue.Inverse, 2, 1, Side.Buy, 60_000m, 10);
        Assert.Equal(Venue.Ticks(Venue.Inverse, 52_500m), buy.OfType<OrderAccepted>().Single().Order.Price.Ticks);
        Assert.Equal(Venue.Ticks(Venue.Inverse, 52_000m), buy.OfType<Trade>().Single().Price.Ticks);

        // A sell at 1 becomes a sell at 47,500.5 (the first tick at or above 47,500.19) and rests.
        var sell = venue.Order(Venue.Inverse, 3, 1, Side.Sell, 1m, 10);
        Assert.Equal(Venue.Ticks(Venue.Inverse, 47_500.5m), sell.OfType<OrderAccepted>().Single().Order.Price.Ticks);

        // Within the band nothing changes; an amendment names its price and is still refused beyond it.
        Assert.Equal(Venue.Ticks(Venue.Inverse, 47_000m), venue.Order(Venue.Inverse, 4, 1, Side.Buy, 47_000m, 10).OfType<OrderAccepted>().Single().Order.Price.Ticks);
        venue.Amend(Venue.Inverse, 4, 1, 60_000m, 10).AssertRejected(RejectReason.PriceOutsideBand);
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void The_position_limit_counts_resting_orders_on_the_same_side()
    {
        var venue = new Venue(maxPositionLots: 100);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 49_000m, 60).AssertAccepted();
        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 49_000m, 41).AssertRejected(RejectReason.MaxPositionExceeded);
        venue.Order(Venue.Inverse, 3, 1, Side.Sell, 51_000m, 100).AssertAccepted();
    }

    [Fact]
    public void Closing_an_inverse_position_realises_q_times_the_difference_of_reciprocals()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 100).AssertAccepted();
        var trade = venue.Order(Venue.Inverse, 2, 2, Side.Sell, 50_000m, 100);
        Assert.Contains(new PositionChanged(new AccountId(1), Venue.Inverse, 100), trade);
        Assert.Contains(new PositionChanged(new AccountId(2), Venue.Inverse, -100), trade);

        venue.Quote(40_000m);

        // 1,000 USD long from 50,000 at 40,000: 1,000 × (1/50,000 − 1/40,000) = −0.005 BTC.
        Assert.Equal(-500_000, venue.Margin(1, Venue.Btc).Unrealised.Units);
        Assert.Equal(500_000, venue.Margin(2, Venue.Btc).Unrealised.Units);
        venue.Order(Venue.Inverse, 3, 1, Side.Sell, 40_000m, 100).AssertAccepted();
        var close = venue.Order(Venue.Inverse, 4, 2, Side.Buy, 40_000m, 100);
        Assert.Contains(new BalanceChanged(new AccountId(1), Venue.Btc, new Money(-500_000), new Money(OneBtc - 500_000), BalanceChangeReason.RealisedPnl, Market: Venue.Inverse), close);
        Assert.Contains(new BalanceChanged(new AccountId(2), Venue.Btc, new Money(500_000), new Money(OneBtc + 500_000), BalanceChangeReason.RealisedPnl, Market: Venue.Inverse), close);
        Assert.Equal(0, venue.Position(1, Venue.Inverse));
        Assert.Equal(0, venue.House.Ledger(Venue.Btc).Residual.Units);
        Assert.Equal(Money.Zero, venue.Margin(1, Venue.Btc).Initial);
    }

    [Fact]
    public void A_mark_move_remargins_every_holder()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 100);
        venue.Order(Venue.Inverse, 2, 2, Side.Sell, 50_000m, 100);
        var atEntry = venue.Margin(1, Venue.Btc);

        venue.Quote(45_000m);

        // v(S, M) = −1,000/45,000 BTC = −2,222,222.2 sat against a cost of −2,000,000 sat; rounded down.
        var after = venue.Margin(1, Venue.Btc);
        Assert.Equal(-222_223, after.Unrealised.Units);
        Assert.True(after.Maintenance > atEntry.Maintenance, "the same USD size is more BTC at a lower price");
        Assert.Equal(222_222, venue.Margin(2, Venue.Btc).Unrealised.Units);
    }

    [Fact]
    public void Without_a_valid_index_only_orders_that_reduce_are_taken()
    {
        var venue = new Venue(sources: 1, staleAfterMicros: 10_000_000);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 100);
        venue.Order(Venue.Inverse, 2, 2, Side.Sell, 50_000m, 100);

        venue.Now += 10_000_001;
        var tick = venue.Tick();
        Assert.Contains(new MarkPriceChanged(Venue.Inverse, 0, 0), tick);

        venue.Order(Venue.Inverse, 3, 1, Side.Buy, 50_000m, 10).AssertRejected(RejectReason.IndexUnavailable);
        venue.Order(Venue.Inverse, 4, 2, Side.Sell, 50_000m, 10).AssertRejected(RejectReason.IndexUnavailable);
        venue.Order(Venue.Inverse, 5, 1, Side.Sell, 51_000m, 60).AssertAccepted();
        venue.Order(Venue.Inverse, 6, 1, Side.Sell, 51_000m, 40).AssertAccepted();
        venue.Order(Venue.Inverse, 8, 1, Side.Sell, 51_000m, 101).AssertRejected(RejectReason.IndexUnavailable);

        venue.Quote(50_500m);
        venue.Order(Venue.Inverse, 9, 1, Side.Buy, 50_000m, 10).AssertAccepted();
    }

    [Fact]
    public void The_kill_switch_cancels_every_order_and_leaves_the_account_reduce_only()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(1, Venue.Usdc, 10_000_000_000, 2);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 49_000m, 10).AssertAccepted();
        venue.Order(Venue.Linear, 2, 1, Side.Sell, 51_000m, 10).AssertAccepted();

        var events = venue.KillSwitch(1, engaged: true);
        Assert.Equal(2, events.OfType<OrderCancelled>().Count());
        Assert.Equal(Money.Zero, venue.Margin(1, Venue.Btc).Initial);
        Assert.Equal(Money.Zero, venue.Margin(1, Venue.Usdc).Initial);
        venue.Order(Venue.Inverse, 3, 1, Side.Buy, 49_000m, 10).AssertRejected(RejectReason.ReduceOnly);

        venue.KillSwitch(1, engaged: false).AssertAccepted();
        venue.Order(Venue.Inverse, 4, 1, Side.Buy, 49_000m, 10).AssertAccepted();
    }

    [Fact]
    public void A_reduce_only_order_may_shrink_the_position_never_grow_or_flip_it_and_never_rest()
    {
        var venue = new Venue();
        venue.Quote(50_000m);
        for (var account = 1; account <= 4; account++)
        {
            venue.Deposit(account, Venue.Btc, OneBtc, 1);
        }

        venue.Order(Venue.Inverse, 1, 2, Side.Sell, 50_000m, 100).AssertAccepted();
        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 50_000m, 100).AssertAccepted();
        venue.Order(Venue.Inverse, 3, 3, Side.Buy, 49_990m, 500).AssertAccepted();
        venue.Order(Venue.Inverse, 4, 3, Side.Sell, 50_010m, 500).AssertAccepted();
        var before = CollateralTests.StateWithoutSequence(venue);

        venue.Order(Venue.Inverse, 5, 1, Side.Sell, 49_990m, 101, TimeInForce.ImmediateOrCancel, reduceOnly: true).AssertRejected(RejectReason.ReduceOnlyWouldIncrease);
        venue.Order(Venue.Inverse, 6, 1, Side.Buy, 50_010m, 10, TimeInForce.ImmediateOrCancel, reduceOnly: true).AssertRejected(RejectReason.ReduceOnlyWouldIncrease);
        venue.Order(Venue.Inverse, 7, 4, Side.Sell, 49_990m, 10, TimeInForce.FillOrKill, reduceOnly: true).AssertRejected(RejectReason.ReduceOnlyWouldIncrease);
        venue.Order(Venue.Inverse, 8, 1, Side.Sell, 49_990m, 60, reduceOnly: true).AssertRejected(RejectReason.ReduceOnlyMustNotRest);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        venue.Order(Venue.Inverse, 9, 1, Side.Sell, 49_990m, 60, TimeInForce.ImmediateOrCancel, reduceOnly: true).AssertAccepted();
        venue.Order(Venue.Inverse, 10, 2, Side.Buy, 50_010m, 100, TimeInForce.FillOrKill, reduceOnly: true).AssertAccepted();
        Assert.Equal((40L, 0L), (venue.Position(1, Venue.Inverse), venue.Position(2, Venue.Inverse)));
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void An_amendment_is_checked_as_the_order_it_becomes()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, 1_000_000, 1);
        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 49_000m, 100).AssertAccepted();
        venue.Amend(Venue.Inverse, 1, 1, 49_000m, 100_000).AssertRejected(RejectReason.NotEnoughFunds);
        venue.Amend(Venue.Inverse, 1, 1, 48_000m, 50).AssertAccepted();
        var reserved = venue.Margin(1, Venue.Btc).OrdersInitial;
        venue.Cancel(Venue.Inverse, 1, 1).AssertAccepted();
        Assert.True(reserved > Money.Zero);
        Assert.Equal(Money.Zero, venue.Margin(1, Venue.Btc).OrdersInitial);
    }
}
