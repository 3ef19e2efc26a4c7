using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Clearing.Tests;

/// <summary>
/// A scripted flash crash on <c>BTC_USDC-PERPETUAL</c> (0.001 BTC lots, USDC with 6 decimals, IM 2% and MM 1% plus
/// 0.005% per BTC). Two leveraged longs bought from one well-funded short at 50,000: account 1 holds 100 lots on
/// 200 USDC, account 2 holds 150 lots on 225 USDC. Account 10 rests bids below the market.
/// </summary>
public sealed class LiquidationTests
{
    private const long Usdc = 1_000_000;
    private const int Short = 3;
    private const int Bidder = 10;

    [Fact]
    public void A_crash_liquidates_the_account_at_risk_through_the_book_in_bounded_steps_and_pays_the_fee_to_the_fund()
    {
        var venue = Crash(liquidationStepLots: 100);
        venue.Order(Venue.Linear, 100, Bidder, Side.Buy, 48_800m, 60).AssertAccepted();
        venue.Order(Venue.Linear, 101, Bidder, Side.Buy, 48_600m, 200).AssertAccepted();

        // At 48,900 account 2 has 225 − 0.15 × 1,100 = 60 USDC against a maintenance margin of about 73.4: due.
        // Account 1 has 90 against about 48.9: healthy. Account 2's bankruptcy price is 48,900 − 60 / 0.15 = 48,500.
        var events = venue.Quote(48_900m);
        Assert.Equal(new LiquidationChanged(new AccountId(2), Venue.Usdc, true), events.OfType<LiquidationChanged>().First());
        var liquidationOrder = events.OfType<OrderAccepted>().Single().Order;
        Assert.Equal((new AccountId(2), Side.Sell, TimeInForce.ImmediateOrCancel, 100L), (liquidationOrder.Account, liquidationOrder.Side, liquidationOrder.TimeInForce, liquidationOrder.Quantity.Lots));
        Assert.Equal(48_500, liquidationOrder.Price.Ticks);
        Assert.Equal([(48_800L, 60L), (48_600L, 40L)], events.OfType<Trade>().Select(t => (t.Price.Ticks, t.Quantity.Lots)));
        Assert.Equal(50, venue.Position(2, Venue.Linear));
        Assert.Equal(100, venue.Position(1, Venue.Linear));

        // The fee is 0.75% of what was closed, at the mark: 0.1 BTC × 48,900 × 0.0075 = 36.675 USDC.
        var fee = events.OfType<BalanceChanged>().Single(b => b.Reason == BalanceChangeReason.LiquidationFee);
        Assert.Equal(new Money(-36_675_000), fee.Change);
        Assert.Equal(new Money(36_675_000), venue.House.Ledger(Venue.Usdc).InsuranceFund);

        // Locked: no orders, no withdrawals, until healthy.
        venue.Order(Venue.Linear, 0, 2, Side.Sell, 48_900m, 1).AssertRejected(RejectReason.AccountLocked);
        venue.Withdraw(2, Venue.Usdc, 1, 9).AssertRejected(RejectReason.AccountLocked);

        // Each later price update is one more step, until the pool is healthy or flat.
        for (var i = 0; i < 5 && venue.House.CaptureState().Accounts.Single(a => a.Id.Value == 2).Liquidating != 0; i++)
        {
            venue.Now += 1_000_000;
            venue.Tick();
        }

        Assert.Equal(0u, venue.House.CaptureState().Accounts.Single(a => a.Id.Value == 2).Liquidating);
        Assert.False(venue.Margin(2, Venue.Usdc).IsLiquidatable);
        Assert.True(venue.Balance(2, Venue.Usdc) >= Money.Zero);
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void When_several_accounts_are_due_the_largest_maintenance_margin_goes_first()
    {
        var venue = Crash(liquidationStepLots: 1_000, account2Deposit: 260);
        venue.Order(Venue.Linear, 100, Bidder, Side.Buy, 48_400m, 1_000).AssertAccepted();

        // At 48,450 both are due (account 1: 45 USDC against about 48.5; account 2: 27.5 against about 72.7), and
        // account 2, with 150 lots to account 1's 100, carries the larger maintenance margin.
        var events = venue.Quote(48_450m);
        Assert.Equal([2, 1], events.OfType<OrderAccepted>().Select(a => a.Order.Account.Value));
        Assert.Equal([2, 1], events.OfType<Trade>().Select(t => t.TakerAccount.Value).Distinct());
        Assert.Equal(0, venue.Position(1, Venue.Linear));
        Assert.Equal(0, venue.Position(2, Venue.Linear));
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void A_gap_past_the_bankruptcy_price_is_covered_by_the_fund_then_socialised_to_the_unit()
    {
        var venue = Crash(liquidationStepLots: 100);
        FillTheFund(venue);
        var fund = venue.House.Ledger(Venue.Usdc).InsuranceFund;
        Assert.True(fund > Money.Zero);

        // Nothing bids: at 45,000 account 1 is 200 − 0.1 × 5,000 = −300 USDC. The book takes nothing, so its 100 lots
        // close against the short at the mark; the fund pays what it holds and the rest is taken from the positive
        // balances of the accounts not being liquidated, in proportion.
        var events = venue.Quote(45_000m);
        Assert.Equal(0, venue.Position(1, Venue.Linear));
        Assert.Empty(events.OfType<Trade>());
        Assert.Equal(Money.Zero, venue.Balance(1, Venue.Usdc));
        Assert.Equal(Money.Zero, venue.House.Ledger(Venue.Usdc).InsuranceFund);
        var cover = events.OfType<BalanceChanged>().Single(b => b.Reason == BalanceChangeReason.InsuranceCover);
        Assert.Equal((new AccountId(1), fund), (cover.Account, cover.Change));

        var socialised = venue.House.Ledger(Venue.Usdc).Socialised;
        Assert.Equal(new Money(300 * Usdc) - fund, socialised);
        var haircuts = events.OfType<BalanceChanged>().Where(b => b.Reason == BalanceChangeReason.SocialisedLoss && b.Change < Money.Zero).ToList();
        Assert.Equal(socialised.Units, -haircuts.Sum(h => h.Change.Units));
        var before = haircuts.ToDictionary(h => h.Account, h => (decimal)(h.Balance - h.Change).Units);
        Assert.Equal([Short, Bidder], before.Keys.Select(a => a.Value).Order());
        var total = before.Values.Sum();
        foreach (var haircut in haircuts)
        {
            // Each share is the pro-rata amount rounded down, or one unit more for the first accounts.
            var exact = socialised.Units * before[haircut.Account] / total;
            Assert.InRange(-haircut.Change.Units, decimal.Floor(exact), decimal.Floor(exact) + 1);
        }

        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void Under_auto_deleveraging_the_most_profitable_leveraged_opposite_position_takes_the_loss_at_the_bankruptcy_price()
    {
        var venue = Crash(liquidationStepLots: 100, policy: DeficitPolicy.AutoDeleverage);

        // A second short, less leveraged, ranks below account 3, which is far more profitable per unit of margin.
        venue.Deposit(4, Venue.Usdc, 1_000_000 * Usdc, 1);
        venue.Order(Venue.Linear, 200, 4, Side.Sell, 50_000m, 10).AssertAccepted();
        venue.Deposit(5, Venue.Usdc, 1_000 * Usdc, 1);
        venue.Order(Venue.Linear, 201, 5, Side.Buy, 50_000m, 10).AssertAccepted();
        var shortBefore = venue.Position(Short, Venue.Linear);

        var events = venue.Quote(45_000m);
        Assert.Equal(0, venue.Position(1, Venue.Linear));
        Assert.Equal(0, venue.Position(2, Venue.Linear));
        Assert.Equal(shortBefore + 250, venue.Position(Short, Venue.Linear));
        Assert.Equal(-10, venue.Position(4, Venue.Linear));
        Assert.Equal(Money.Zero, venue.House.Ledger(Venue.Usdc).Socialised);
        Assert.DoesNotContain(events.OfType<BalanceChanged>(), b => b.Reason == BalanceChangeReason.SocialisedLoss);

        // Closed at their bankruptcy prices, the longs end with nothing below zero and almost nothing above it.
        Assert.InRange(venue.Balance(1, Venue.Usdc).Units, 0, 1);
        Assert.InRange(venue.Balance(2, Venue.Usdc).Units, 0, 1);
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void An_account_due_that_the_book_cannot_take_is_closed_against_the_opposite_holder_at_the_mark_and_keeps_its_equity()
    {
        var venue = Crash(liquidationStepLots: 100);

        // No bids and a shallow move: account 2 is due but not bankrupt, and the book has nothing for it.
        var events = venue.Quote(48_900m);
        Assert.Contains(new LiquidationChanged(new AccountId(2), Venue.Usdc, true), events.OfType<LiquidationChanged>());
        Assert.Equal(0, venue.Position(2, Venue.Linear));
        Assert.True(venue.Balance(2, Venue.Usdc) > Money.Zero, "closed at the mark, account 2 keeps its equity");
        Assert.Contains(new LiquidationChanged(new AccountId(2), Venue.Usdc, false), events.OfType<LiquidationChanged>());
        InvariantTests.AssertInvariants(venue);
    }

    /// <summary>The two longs, the short, and a funded bidder, all at 50,000 with an empty book after.</summary>
    [Theory]
    // A minute of ±2% swings over a one-hour time constant annualises to about 1,450%.
    [InlineData(100_000, 9_000, 9_000, 9_000)] // a floor of 10% of that, capped at 0.9%: the cap binds
    [InlineData(570, 9_000, 7_501, 8_999)] // 0.057% of it, about 0.83%: the floor itself, above the flat fee and below the cap
    [InlineData(10, 9_000, 7_500, 7_500)] // 0.001% of it, about 0.015%: below the flat 0.75%, which stands
    public void A_volatile_mark_raises_the_liquidation_fee_up_to_its_cap(int sharePpm, int capPpm, int lowestPpm, int highestPpm)
    {
        var venue = Crash(liquidationStepLots: 100, volatilityFee: new VolatilityFeeConfig(3_600_000_000, sharePpm, capPpm));
        venue.Order(Venue.Linear, 100, Bidder, Side.Buy, 48_800m, 300).AssertAccepted();

        // A minute of swings between 50,000 and 49,000 every second, then the crash that liquidates account 2.
        for (var i = 0; i < 60; i++)
        {
            venue.Now += 1_000_000;
            venue.Quote(i % 2 == 0 ? 49_000m : 50_000m);
        }

        Assert.InRange(venue.House.LiquidationFeeOf(Venue.Linear), lowestPpm, highestPpm);
        venue.Now += 1_000_000;
        var events = venue.Quote(48_900m);
        var feePpm = venue.House.LiquidationFeeOf(Venue.Linear); // with the crash's own move in the estimate
        Assert.InRange(feePpm, lowestPpm, highestPpm);

        // The fee on the 100 lots (0.1 BTC) closed, at the mark 48,900, in USDC's 6 decimals.
        var fee = events.OfType<BalanceChanged>().Single(b => b.Reason == BalanceChangeReason.LiquidationFee);
        Assert.Equal(-(4_890 * Usdc * feePpm / 1_000_000), fee.Change.Units);
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    private static Venue Crash(long liquidationStepLots, DeficitPolicy policy = DeficitPolicy.Socialise, long account2Deposit = 225, VolatilityFeeConfig? volatilityFee = null)
    {
        var venue = new Venue(deficitPolicy: policy, liquidationStepLots: liquidationStepLots, volatilityFee: volatilityFee);
        venue.Quote(50_000m);
        venue.Deposit(1, Venue.Usdc, 200 * Usdc, 1);
        venue.Deposit(2, Venue.Usdc, account2Deposit * Usdc, 1);
        venue.Deposit(Short, Venue.Usdc, 100_000 * Usdc, 1);
        venue.Deposit(Bidder, Venue.Usdc, 100_000 * Usdc, 1);
        venue.Order(Venue.Linear, 1, Short, Side.Sell, 50_000m, 250).AssertAccepted();
        venue.Order(Venue.Linear, 2, 1, Side.Buy, 50_000m, 100).AssertAccepted();
        venue.Order(Venue.Linear, 3, 2, Side.Buy, 50_000m, 150).AssertAccepted();
        Assert.Equal((100L, 150L, -250L), (venue.Position(1, Venue.Linear), venue.Position(2, Venue.Linear), venue.Position(Short, Venue.Linear)));
        return venue;
    }

    /// <summary>Liquidates account 2 through bids at 48,800 (its fees fill the fund) and lets account 10 take its bids away.</summary>
    private static void FillTheFund(Venue venue)
    {
        venue.Order(Venue.Linear, 100, Bidder, Side.Buy, 48_800m, 150).AssertAccepted();
        venue.Quote(48_900m);
        for (var i = 0; i < 5 && venue.Position(2, Venue.Linear) != 0; i++)
        {
            venue.Now += 1_000_000;
            venue.Tick();
        }

        Assert.Equal(0, venue.Position(2, Venue.Linear));
        venue.Apply(CancelAll(Bidder));
    }

    private static byte[] CancelAll(int account)
    {
        var buffer = new byte[Sequencing.Codecs.CommandCodec.MaxSize];
        return buffer[..Sequencing.Codecs.CommandCodec.Encode(new CancelAllOrders(new AccountId(account)), buffer)];
    }
}
