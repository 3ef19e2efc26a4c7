using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Clearing.Tests;

public sealed class CollateralTests
{
    private const long OneBtc = 100_000_000;

    [Fact]
    public void A_repeated_deposit_is_answered_as_accepted_and_changes_nothing()
    {
        var venue = new Venue();
        var first = venue.Deposit(1, Venue.Btc, OneBtc, requestId: 7);
        Assert.Equal([new BalanceChanged(new AccountId(1), Venue.Btc, new Money(OneBtc), new Money(OneBtc), BalanceChangeReason.Deposit)], first);
        var hash = StateWithoutSequence(venue);

        Assert.Empty(venue.Deposit(1, Venue.Btc, OneBtc, requestId: 7));
        Assert.Equal(new Money(OneBtc), venue.Balance(1, Venue.Btc));
        Assert.Equal(OneBtc, venue.House.Ledger(Venue.Btc).Deposited.Units);

        venue.Deposit(1, Venue.Btc, 2 * OneBtc, requestId: 7).AssertRejected(RejectReason.RequestIdReused);
        Assert.Equal(hash, StateWithoutSequence(venue));

        venue.Deposit(2, Venue.Btc, OneBtc, requestId: 7).AssertAccepted();
        Assert.Equal(2 * OneBtc, venue.House.Ledger(Venue.Btc).Deposited.Units);
    }

    [Fact]
    public void Malformed_collateral_requests_are_refused_with_their_reason()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, OneBtc, requestId: 0).AssertRejected(RejectReason.InvalidRequestId);
        venue.Deposit(1, new CurrencyId(9), OneBtc, requestId: 1).AssertRejected(RejectReason.UnknownCurrency);
        venue.Deposit(1, Venue.Btc, 0, requestId: 1).AssertRejected(RejectReason.AmountNotPositive);
        venue.Deposit(0, Venue.Btc, OneBtc, requestId: 1).AssertRejected(RejectReason.UnknownAccount);
        venue.Withdraw(5, Venue.Btc, 1, requestId: 1).AssertRejected(RejectReason.UnknownAccount);
        Assert.Equal(0, venue.House.AccountCount);
    }

    [Fact]
    public void Withdrawals_are_limited_to_funds_not_held_for_initial_margin()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Withdraw(1, Venue.Btc, OneBtc + 1, 2).AssertRejected(RejectReason.NotEnoughFunds);

        venue.Quote(50_000m);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 50_000m, 100).AssertAccepted();
        var reserved = venue.Margin(1, Venue.Btc).Initial;
        Assert.True(reserved > Money.Zero);
        Assert.Equal(new Money(OneBtc) - reserved, venue.House.WithdrawableFunds(new AccountId(1), Venue.Btc));

        venue.Withdraw(1, Venue.Btc, OneBtc - reserved.Units + 1, 3).AssertRejected(RejectReason.NotEnoughFunds);
        venue.Withdraw(1, Venue.Btc, OneBtc - reserved.Units, 3).AssertAccepted();
        Assert.Equal(reserved, venue.Balance(1, Venue.Btc));
        Assert.Equal(OneBtc - reserved.Units, venue.House.Ledger(Venue.Btc).Withdrawn.Units);
    }

    [Fact]
    public void Transfers_stay_within_an_account_family()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Usdc, 1_000_000_000, 1);
        venue.Deposit(9, Venue.Usdc, 1_000_000_000, 1);
        venue.CreateSubaccount(1, 2).AssertAccepted();
        venue.CreateSubaccount(1, 3).AssertAccepted();
        venue.CreateSubaccount(2, 4).AssertRejected(RejectReason.InvalidSubaccount);
        venue.CreateSubaccount(1, 9).AssertRejected(RejectReason.AccountAlreadyExists);

        venue.Transfer(1, 2, Venue.Usdc, 300_000_000, 1).AssertRejected(RejectReason.RequestIdReused);
        venue.Transfer(1, 2, Venue.Usdc, 300_000_000, 2).AssertAccepted();
        venue.Transfer(2, 3, Venue.Usdc, 100_000_000, 1).AssertAccepted();
        Assert.Empty(venue.Transfer(2, 3, Venue.Usdc, 100_000_000, 1));
        venue.Transfer(1, 9, Venue.Usdc, 1, 3).AssertRejected(RejectReason.TransferOutsideAccountFamily);
        venue.Transfer(3, 3, Venue.Usdc, 1, 2).AssertRejected(RejectReason.TransferOutsideAccountFamily);
        venue.Transfer(3, 1, Venue.Usdc, 100_000_001, 2).AssertRejected(RejectReason.NotEnoughFunds);

        Assert.Equal(700_000_000, venue.Balance(1, Venue.Usdc).Units);
        Assert.Equal(200_000_000, venue.Balance(2, Venue.Usdc).Units);
        Assert.Equal(100_000_000, venue.Balance(3, Venue.Usdc).Units);
    }

    /// <summary>The state hash with the header leaf left out: a rejected command still advances the sequence.</summary>
    internal static string StateWithoutSequence(Venue venue) =>
        string.Join(",", venue.State.ComputeStateHash().Leaves.Skip(1).Select(l => l.Hash.ToString()));
}
