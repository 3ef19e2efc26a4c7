using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Risk.Margin;

namespace Clearline.Clearing;

/// <summary>Collateral: deposits, withdrawals, transfers within an account family, sub-accounts and the kill switch.</summary>
public sealed partial class Clearinghouse
{
    public void Deposit<TSink>(in Deposit deposit, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var request = new RequestRecord(CommandKind.Deposit, deposit.Account, deposit.Currency, deposit.Amount);
        var reason = Screen(deposit.Account, deposit.RequestId, request, out var replayed);
        if (replayed)
        {
            return;
        }

        if (reason == 0 && deposit.Account.Value <= 0)
        {
            reason = RejectReason.UnknownAccount;
        }

        if (reason != 0)
        {
            Reject(CommandKind.Deposit, deposit.Account, reason, ref sink);
            return;
        }

        var account = FindAccount(deposit.Account) ?? OpenAccount(deposit.Account, deposit.Account);
        ref var ledger = ref _ledgers[deposit.Currency.Value];
        ledger = ledger with { Deposited = ledger.Deposited + deposit.Amount };
        Credit(account, deposit.Currency.Value, deposit.Amount, BalanceChangeReason.Deposit, ref sink);
        _requests.Add(new RequestKey(deposit.Account.Value, deposit.RequestId), request);
    }

    public void Withdraw<TSink>(in Withdraw withdraw, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var request = new RequestRecord(CommandKind.Withdraw, withdraw.Account, withdraw.Currency, withdraw.Amount);
        var reason = Screen(withdraw.Account, withdraw.RequestId, request, out var replayed);
        if (replayed)
        {
            return;
        }

        var account = FindAccount(withdraw.Account);
        if (reason == 0)
        {
            reason = account is null ? RejectReason.UnknownAccount
                : account.IsLocked ? RejectReason.AccountLocked
                : withdraw.Amount > Withdrawable(account.Margins[withdraw.Currency.Value]) ? RejectReason.NotEnoughFunds
                : 0;
        }

        if (reason != 0)
        {
            Reject(CommandKind.Withdraw, withdraw.Account, reason, ref sink);
            return;
        }

        ref var ledger = ref _ledgers[withdraw.Currency.Value];
        ledger = ledger with { Withdrawn = ledger.Withdrawn + withdraw.Amount };
        Credit(account!, withdraw.Currency.Value, -withdraw.Amount, BalanceChangeReason.Withdrawal, ref sink);
        _requests.Add(new RequestKey(withdraw.Account.Value, withdraw.RequestId), request);
    }

    public void Transfer<TSink>(in Transfer transfer, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var request = new RequestRecord(CommandKind.Transfer, transfer.To, transfer.Currency, transfer.Amount);
        var reason = Screen(transfer.From, transfer.RequestId, request, out var replayed);
        if (replayed)
        {
            return;
        }

        var from = FindAccount(transfer.From);
        var to = FindAccount(transfer.To);
        if (reason == 0)
        {
            reason = from is null || to is null ? RejectReason.UnknownAccount
                : from == to || from.Main != to.Main ? RejectReason.TransferOutsideAccountFamily
                : from.IsLocked ? RejectReason.AccountLocked
                : transfer.Amount > Withdrawable(from.Margins[transfer.Currency.Value]) ? RejectReason.NotEnoughFunds
                : 0;
        }

        if (reason != 0)
        {
            Reject(CommandKind.Transfer, transfer.From, reason, ref sink);
            return;
        }

        Credit(from!, transfer.Currency.Value, -transfer.Amount, BalanceChangeReason.TransferOut, ref sink);
        Credit(to!, transfer.Currency.Value, transfer.Amount, BalanceChangeReason.TransferIn, ref sink);
        _requests.Add(new RequestKey(transfer.From.Value, transfer.RequestId), request);
    }

    public void CreateSubaccount<TSink>(in CreateSubaccount create, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var main = FindAccount(create.Main);
        var reason = main is null ? RejectReason.UnknownAccount
            : main.Main != main.Id || create.Subaccount == create.Main || create.Subaccount.Value <= 0 ? RejectReason.InvalidSubaccount
            : FindAccount(create.Subaccount) is not null ? RejectReason.AccountAlreadyExists
            : 0;
        if (reason != 0)
        {
            Reject(CommandKind.CreateSubaccount, create.Subaccount, reason, ref sink);
            return;
        }

        OpenAccount(create.Subaccount, create.Main);
    }

    /// <summary>Engaging cancels every order of the account, in market order, and leaves it reduce-only.</summary>
    public void SetKillSwitch<TSink>(in SetKillSwitch command, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (FindAccount(command.Account) is not { } account)
        {
            Reject(CommandKind.SetKillSwitch, command.Account, RejectReason.UnknownAccount, ref sink);
            return;
        }

        account.KillSwitch = command.Engaged;
        if (command.Engaged)
        {
            CancelAll(new CancelAllOrders(command.Account), ref sink);
        }
    }

    /// <summary>
    /// What may leave an account in a currency: the balance, but no more than the funds not needed for initial margin
    /// (unrealised profit cannot be withdrawn, an unrealised loss reduces what can), never below zero.
    /// </summary>
    public Money WithdrawableFunds(AccountId account, CurrencyId currency) =>
        FindAccount(account) is { } a && (uint)currency.Value < (uint)_ledgers.Length ? Withdrawable(a.Margins[currency.Value]) : Money.Zero;

    /// <summary>What may leave a pool (<see cref="WithdrawableFunds(AccountId, CurrencyId)"/>).</summary>
    private static Money Withdrawable(in MarginSummary pool)
    {
        var limit = pool.AvailableFunds < pool.Balance ? pool.AvailableFunds : pool.Balance;
        return limit > Money.Zero ? limit : Money.Zero;
    }

    /// <summary>
    /// The checks common to collateral requests: a positive request id, a known currency, a positive amount, and the
    /// id not yet used by this account. <paramref name="replayed"/>: the same request was accepted before under this id,
    /// so it is answered as accepted and changes nothing.
    /// </summary>
    private RejectReason Screen(AccountId account, long requestId, in RequestRecord request, out bool replayed)
    {
        replayed = false;
        if (requestId <= 0)
        {
            return RejectReason.InvalidRequestId;
        }

        if (_requests.TryGetValue(new RequestKey(account.Value, requestId), out var earlier))
        {
            replayed = earlier == request;
            return replayed ? 0 : RejectReason.RequestIdReused;
        }

        return (uint)request.Currency.Value >= (uint)_ledgers.Length ? RejectReason.UnknownCurrency
            : request.Amount <= Money.Zero ? RejectReason.AmountNotPositive
            : 0;
    }

    /// <summary>
    /// Moves a pool's balance: an isolated pool's change is reported with the market it belongs to, and a change that
    /// comes from a market (<paramref name="source"/>) with that market.
    /// </summary>
    private void Credit<TSink>(Account account, int pool, Money change, BalanceChangeReason reason, ref TSink sink, MarketClearing? source = null)
        where TSink : struct, IVenueEventSink
    {
        var balance = account.Margins[pool].Balance + change;
        account.SetBalance(pool, balance);
        var (currency, isolated) = PoolOwner(account, pool);
        sink.OnBalanceChanged(new BalanceChanged(account.Id, currency, change, balance, reason, isolated, source?.Spec.Id));
    }

    /// <summary>A pool's currency and, for an isolated pool, its instrument.</summary>
    private (CurrencyId Currency, InstrumentId? Isolated) PoolOwner(Account account, int pool) =>
        account.IsolatedMarket(pool) is var market and >= 0 ? (_markets[market].Currency, _markets[market].Spec.Id) : (new CurrencyId(pool), null);

    private static void Reject<TSink>(CommandKind kind, AccountId account, RejectReason reason, ref TSink sink)
        where TSink : struct, IVenueEventSink =>
        sink.OnRejected(new CommandRejected(default, kind, default, account, reason));
}
