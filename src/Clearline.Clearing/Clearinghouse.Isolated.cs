using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Clearing;

/// <summary>
/// Isolated margin: a stake may hold a pool of its own, funded from the account's cross balance, so that its
/// liquidation takes no more than the collateral set aside for it and the rest of the account never props it up.
/// </summary>
public sealed partial class Clearinghouse
{
    /// <summary>
    /// Sets the isolated collateral of the account's stake in a market (<see cref="SetIsolatedMargin"/>): isolating a
    /// cross-margined market, topping up or releasing collateral, or returning to cross margin with the whole pool.
    /// Collateral moves only within what the giving side could withdraw, so neither side is left short of initial margin.
    /// </summary>
    public void SetIsolatedMargin<TSink>(in SetIsolatedMargin command, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var reason = CheckIsolatedMargin(command, out var account, out var market);
        if (reason != 0)
        {
            sink.OnRejected(new CommandRejected(command.Instrument, CommandKind.SetIsolatedMargin, default, command.Account, reason));
            return;
        }

        ref var stake = ref StakeOf(account!, market!);
        var cross = market!.Currency.Value;
        if (account!.IsolatedMarket(stake.Pool) < 0)
        {
            if (command.Collateral > Money.Zero)
            {
                MovePool(account, ref stake, account.OpenIsolatedPool(market.Slot));
                Move(account, cross, stake.Pool, command.Collateral, ref sink);
            }

            return;
        }

        var change = command.Collateral - account.Margins[stake.Pool].Balance;
        if (command.Collateral == Money.Zero)
        {
            // Reported even when the pool is empty: an isolated pool left at zero by this reason is how a reader sees it close.
            var isolated = stake.Pool;
            Move(account, isolated, cross, -change, ref sink);
            MovePool(account, ref stake, cross);
            account.CloseIsolatedPool(isolated);
        }
        else if (change > Money.Zero)
        {
            Move(account, cross, stake.Pool, change, ref sink);
        }
        else if (change < Money.Zero)
        {
            Move(account, stake.Pool, cross, -change, ref sink);
        }
    }

    private RejectReason CheckIsolatedMargin(in SetIsolatedMargin command, out Account? account, out MarketClearing? market)
    {
        account = FindAccount(command.Account);
        market = Market(command.Instrument);
        if (market is null)
        {
            return RejectReason.UnknownInstrument;
        }

        if (account is null)
        {
            return RejectReason.UnknownAccount;
        }

        if (command.Collateral < Money.Zero)
        {
            return RejectReason.AmountNegative;
        }

        if (account.Liquidating != 0)
        {
            return RejectReason.AccountLocked;
        }

        var index = account.FindStake(market.Slot);
        if (index < 0 && !market.Mark.IsPositive)
        {
            return RejectReason.IndexUnavailable; // a stake is opened at the mark
        }

        var pool = index < 0 ? market.Currency.Value : account.StakeAt(index).Pool;
        var isolated = account.IsolatedMarket(pool) >= 0;
        if (isolated == (command.Collateral > Money.Zero))
        {
            // Staying in the mode: only the amount changes, within what the giving pool could withdraw.
            var change = isolated ? command.Collateral - account.Margins[pool].Balance : Money.Zero;
            var giver = change > Money.Zero ? market.Currency.Value : pool;
            return Abs(change) > Withdrawable(account.Margins[giver]) ? RejectReason.NotEnoughFunds : 0;
        }

        if (index >= 0 && (!account.StakeAt(index).Exposure.Position.IsFlat || (account.StakeAt(index).Exposure.BuyLots | account.StakeAt(index).Exposure.SellLots) != 0))
        {
            return RejectReason.MarginModeLocked;
        }

        // Back to cross, a flat pool without orders gives all it holds; one the insurance fund could not make whole keeps its hole.
        return isolated ? (account.Margins[pool].Balance < Money.Zero ? RejectReason.NotEnoughFunds : 0)
            : !account.CanOpenIsolatedPool ? RejectReason.TooManyIsolatedPositions
            : command.Collateral > Withdrawable(account.Margins[market.Currency.Value]) ? RejectReason.NotEnoughFunds
            : 0;
    }

    /// <summary>Moves a stake's contribution to another of the account's pools.</summary>
    private static void MovePool(Account account, ref Stake stake, int pool)
    {
        account.Margins[stake.Pool] = account.Margins[stake.Pool].Remove(stake.Contribution);
        stake.Pool = pool;
        account.Margins[pool] = account.Margins[pool].Add(stake.Contribution);
    }

    private void Move<TSink>(Account account, int from, int to, Money amount, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        Credit(account, from, -amount, BalanceChangeReason.IsolatedMargin, ref sink);
        Credit(account, to, amount, BalanceChangeReason.IsolatedMargin, ref sink);
    }

    private static Money Abs(Money money) => money < Money.Zero ? -money : money;
}
