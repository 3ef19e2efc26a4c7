using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Isolated margin on <c>BTC_USDC-PERPETUAL</c> (0.001 BTC lots, USDC with 6 decimals, IM 2% and MM 1% plus 0.005%
/// per BTC). Account 1 sets 200 USDC of its 100,000 aside for the market and buys 100 lots at 50,000; account 2 buys
/// the same on cross margin; account 3 is the short.
/// </summary>
public sealed class IsolatedMarginTests
{
    private const long Usdc = 1_000_000;
    private const int Isolated = 1;
    private const int Cross = 2;
    private const int Short = 3;
    private const int Bidder = 10;

    [Fact]
    public void Isolating_moves_collateral_out_of_the_cross_balance_and_orders_are_checked_against_it_alone()
    {
        var venue = new Venue();
        venue.Quote(50_000m);
        venue.Deposit(Isolated, Venue.Usdc, 100_000 * Usdc, 1);

        var events = venue.IsolatedMargin(Isolated, Venue.Linear, 200 * Usdc);
        Assert.Equal(
            [
                new BalanceChanged(new AccountId(Isolated), Venue.Usdc, new Money(-200 * Usdc), new Money(99_800 * Usdc), BalanceChangeReason.IsolatedMargin),
                new BalanceChanged(new AccountId(Isolated), Venue.Usdc, new Money(200 * Usdc), new Money(200 * Usdc), BalanceChangeReason.IsolatedMargin, Venue.Linear),
            ],
            events.OfType<BalanceChanged>());
        Assert.True(venue.House.TryGetIsolatedMargin(new AccountId(Isolated), Venue.Linear, out var pool));
        Assert.Equal(new Money(200 * Usdc), pool.Balance);

        // The amount is absolute: sending it again changes nothing.
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.IsolatedMargin(Isolated, Venue.Linear, 200 * Usdc).AssertAccepted();
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        // 0.3 BTC needs about 300 USDC of initial margin: more than the pool holds, whatever the cross balance.
        venue.Deposit(Short, Venue.Usdc, 100_000 * Usdc, 1);
        venue.Order(Venue.Linear, 1, Short, Side.Sell, 50_000m, 100).AssertAccepted();
        venue.Order(Venue.Linear, 2, Isolated, Side.Buy, 50_000m, 300).AssertRejected(RejectReason.NotEnoughFunds);
        venue.Order(Venue.Linear, 3, Isolated, Side.Buy, 50_000m, 100).AssertAccepted();
        Assert.True(venue.House.TryGetIsolatedMargin(new AccountId(Isolated), Venue.Linear, out pool));
        Assert.True(pool.PositionInitial > Money.Zero);
        Assert.Equal(Money.Zero, venue.Margin(Isolated, Venue.Usdc).PositionInitial);

        // With a position the mode is fixed, and collateral leaves only down to the initial margin (about 100 USDC).
        venue.IsolatedMargin(Isolated, Venue.Linear, 0).AssertRejected(RejectReason.MarginModeLocked);
        venue.IsolatedMargin(Isolated, Venue.Linear, 50 * Usdc).AssertRejected(RejectReason.NotEnoughFunds);
        venue.IsolatedMargin(Isolated, Venue.Linear, 150 * Usdc).AssertAccepted();
        Assert.Equal(new Money(99_850 * Usdc), venue.Balance(Isolated, Venue.Usdc));

        // Flat again at 50,100, the pool holds its 100 USDC profit, and returning to cross margin brings it all home.
        venue.Order(Venue.Linear, 4, Short, Side.Buy, 50_100m, 100).AssertAccepted();
        venue.Order(Venue.Linear, 5, Isolated, Side.Sell, 50_100m, 100, TimeInForce.ImmediateOrCancel).AssertAccepted();
        Assert.Equal(0, venue.Position(Isolated, Venue.Linear));
        venue.IsolatedMargin(Isolated, Venue.Linear, 0).AssertAccepted();
        Assert.False(venue.House.TryGetIsolatedMargin(new AccountId(Isolated), Venue.Linear, out _));
        Assert.Equal(new Money(100_010 * Usdc), venue.Balance(Isolated, Venue.Usdc));
        InvariantTests.AssertInvariants(venue);
    }

    [Theory]
    [InlineData(-1L, RejectReason.AmountNegative)]
    [InlineData(100_001 * Usdc, RejectReason.NotEnoughFunds)]
    public void Bad_requests_are_refused_and_change_nothing(long collateral, RejectReason reason)
    {
        var venue = new Venue();
        venue.Quote(50_000m);
        venue.Deposit(Isolated, Venue.Usdc, 100_000 * Usdc, 1);
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.IsolatedMargin(Isolated, Venue.Linear, collateral).AssertRejected(reason);
        venue.IsolatedMargin(99, Venue.Linear, 1).AssertRejected(RejectReason.UnknownAccount);
        venue.IsolatedMargin(Isolated, new InstrumentId(42), 1).AssertRejected(RejectReason.UnknownInstrument);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));
    }

    [Fact]
    public void A_market_with_orders_cannot_change_margin_mode()
    {
        var venue = new Venue();
        venue.Quote(50_000m);
        venue.Deposit(Isolated, Venue.Usdc, 100_000 * Usdc, 1);
        venue.Order(Venue.Linear, 1, Isolated, Side.Buy, 49_000m, 10).AssertAccepted();
        venue.IsolatedMargin(Isolated, Venue.Linear, 200 * Usdc).AssertRejected(RejectReason.MarginModeLocked);
        venue.Cancel(Venue.Linear, 1, Isolated).AssertAccepted();
        venue.IsolatedMargin(Isolated, Venue.Linear, 200 * Usdc).AssertAccepted();
    }

    [Fact]
    public void A_crash_liquidates_the_isolated_position_alone_and_never_touches_the_cross_balance()
    {
        var venue = Opened(liquidationStepLots: 50);
        venue.Order(Venue.Linear, 100, Bidder, Side.Buy, 48_100m, 1_000).AssertAccepted();

        // At 48,450 the isolated pool has 200 − 0.1 × 1,550 = 45 USDC against about 48.5 of maintenance margin: due.
        // Account 2 holds the same position on its 100,000 USDC cross balance and is nowhere near.
        var events = venue.Quote(48_450m);
        Assert.Equal([new LiquidationChanged(new AccountId(Isolated), Venue.Usdc, true, Venue.Linear)], events.OfType<LiquidationChanged>().Where(l => l.Liquidating));
        Assert.Equal(50, venue.Position(Isolated, Venue.Linear));

        // Locked is only the isolated market: the account still withdraws from its cross balance.
        venue.Order(Venue.Linear, 0, Isolated, Side.Sell, 48_450m, 1).AssertRejected(RejectReason.AccountLocked);
        venue.Withdraw(Isolated, Venue.Usdc, 1 * Usdc, 2).AssertAccepted();

        for (var i = 0; i < 5 && venue.Position(Isolated, Venue.Linear) != 0; i++)
        {
            venue.Now += 1_000_000;
            venue.Tick();
        }

        Assert.Equal(0, venue.Position(Isolated, Venue.Linear));
        Assert.Equal(100, venue.Position(Cross, Venue.Linear));
        Assert.Equal(new Money(99_799 * Usdc), venue.Balance(Isolated, Venue.Usdc));
        Assert.True(venue.House.TryGetIsolatedMargin(new AccountId(Isolated), Venue.Linear, out var pool));
        Assert.InRange(pool.Balance.Units, 0, 200 * Usdc);
        Assert.True(venue.House.Ledger(Venue.Usdc).InsuranceFund > Money.Zero);
        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void A_bankrupt_isolated_position_loses_only_its_collateral_and_the_rest_is_covered_as_any_deficit()
    {
        var venue = Opened(liquidationStepLots: 1_000);

        // Nothing bids: at 47,000 the pool is 200 − 0.1 × 3,000 = −100 USDC. The position closes against the short at
        // the mark; the empty fund pays nothing and the 100 USDC are socialised, but never from account 1's own cross
        // balance.
        var events = venue.Quote(47_000m);
        Assert.Equal(0, venue.Position(Isolated, Venue.Linear));
        Assert.Equal(new Money(99_800 * Usdc), venue.Balance(Isolated, Venue.Usdc));
        Assert.True(venue.House.TryGetIsolatedMargin(new AccountId(Isolated), Venue.Linear, out var pool));
        Assert.Equal(Money.Zero, pool.Balance);
        Assert.Equal(new Money(100 * Usdc), venue.House.Ledger(Venue.Usdc).Socialised);
        Assert.DoesNotContain(events.OfType<BalanceChanged>(), b => b.Account.Value == Isolated && b.Isolated is null);
        Assert.Equal(100, venue.Position(Cross, Venue.Linear));
        InvariantTests.AssertInvariants(venue);
    }

    /// <summary>Account 1 long 100 lots on 200 USDC isolated, account 2 long 100 lots on cross, the short 200 lots; an empty book.</summary>
    private static Venue Opened(long liquidationStepLots)
    {
        var venue = new Venue(liquidationStepLots: liquidationStepLots);
        venue.Quote(50_000m);
        foreach (var account in (int[])[Isolated, Cross, Short, Bidder])
        {
            venue.Deposit(account, Venue.Usdc, 100_000 * Usdc, 1);
        }

        venue.IsolatedMargin(Isolated, Venue.Linear, 200 * Usdc).AssertAccepted();
        venue.Order(Venue.Linear, 1, Short, Side.Sell, 50_000m, 200).AssertAccepted();
        venue.Order(Venue.Linear, 2, Isolated, Side.Buy, 50_000m, 100).AssertAccepted();
        venue.Order(Venue.Linear, 3, Cross, Side.Buy, 50_000m, 100).AssertAccepted();
        return venue;
    }
}
