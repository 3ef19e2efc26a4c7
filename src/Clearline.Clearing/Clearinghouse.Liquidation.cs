using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Risk;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// Liquidation: a pool whose maintenance margin reaches its margin balance is locked and reduced one bounded step per
/// price update, through the book at the bankruptcy price, largest risk first; what the book cannot take is closed
/// against opposite holders; a negative balance left on a flat pool is covered by the insurance fund and then
/// socialised. Rules in docs/clearing.md, "Liquidation".
/// </summary>
public sealed partial class Clearinghouse
{
    private const long PpmScale = 1_000_000;

    /// <summary>The pools being liquidated, as (account slot, pool); order does not matter, each round sorts them.</summary>
    private readonly List<PoolRef> _liquidations = [];

    /// <summary>The round's command sequence and how many of its order ids (<see cref="OrderIds"/>) it has used.</summary>
    private (long Sequence, int Used) _roundIds;

    /// <summary>Locks the pool if it is due for liquidation; covers its deficit if it is flat and below zero.</summary>
    private void Watch<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var margin = account.Margins[pool];
        if (margin.IsLiquidatable)
        {
            Lock(account, pool, ref sink);
        }
        else if (margin.Maintenance == Money.Zero && margin.MarginBalance < Money.Zero)
        {
            CoverDeficit(account, pool, ref sink);
        }
    }

    private void Lock<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var bit = 1UL << pool;
        if ((account.Liquidating & bit) != 0)
        {
            return;
        }

        account.Liquidating |= bit;
        _liquidations.Add(new PoolRef(account.Slot, pool));
        var (currency, isolated) = PoolOwner(account, pool);
        sink.OnLiquidationChanged(new LiquidationChanged(account.Id, currency, true, isolated));
    }

    private void Unlock<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        account.Liquidating &= ~(1UL << pool);
        var (currency, isolated) = PoolOwner(account, pool);
        sink.OnLiquidationChanged(new LiquidationChanged(account.Id, currency, false, isolated));
    }

    /// <summary>
    /// One round: every pool in liquidation takes one step, the largest maintenance margin first (ties by account id,
    /// then cross pools by currency before isolated ones by instrument). Pools found due during the round (a counterparty of a forced close) wait for the next one, and
    /// so do those left when the command's 63 order ids are spent.
    /// </summary>
    private void Liquidate<TSink>(long sequence, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (_liquidations.Count == 0)
        {
            return;
        }

        _roundIds = (sequence, 0);
        var round = _liquidations.ToArray();
        Array.Sort(round, (a, b) =>
        {
            var (x, y) = (_accounts[a.Slot], _accounts[b.Slot]);
            var byRisk = y.Margins[b.Pool].Maintenance.Units.CompareTo(x.Margins[a.Pool].Maintenance.Units);
            return byRisk != 0 ? byRisk : x.Id.Value != y.Id.Value ? x.Id.Value.CompareTo(y.Id.Value) : PoolOrder(x, a.Pool).CompareTo(PoolOrder(y, b.Pool));
        });
        foreach (var pool in round)
        {
            if (_roundIds.Used == OrderIds.PerCommand - 1)
            {
                break;
            }

            Step(_accounts[pool.Slot], pool.Pool, ref sink);
        }

        _liquidations.RemoveAll(p => (_accounts[p.Slot].Liquidating & (1UL << p.Pool)) == 0);
    }

    /// <summary>A pool's place in a canonical order that does not depend on when pools were opened: cross pools by currency, then isolated ones by instrument.</summary>
    private long PoolOrder(Account account, int pool) =>
        account.IsolatedMarket(pool) is var market and >= 0 ? (1L << 32) + _markets[market].Spec.Id.Value : pool;

    /// <summary>
    /// One step for one pool: release it if healthy; otherwise cancel the orders of its stakes, then, unless that
    /// market is halted, close up to the market's step size of its riskiest position through the book, limited at the
    /// bankruptcy price, and if the book takes nothing, close that whole position against opposite holders. A
    /// portfolio pool about to close an option first hedges its delta with the perpetual, if that takes a lot or more.
    /// </summary>
    private void Step<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (!account.Margins[pool].IsLiquidatable)
        {
            Unlock(account, pool, ref sink);
            return;
        }

        CancelOrders(account, pool, ref sink);
        var riskiest = RiskiestStake(account, pool);
        var market = _markets[account.StakeAt(riskiest).Market];
        if (TradingHalted || market.Phase == TradingPhase.Halted)
        {
            return; // a halted market takes no liquidation either: the pool stays locked until it reopens
        }

        // Under portfolio margin an option is closed only once the pool's delta is hedged; a close books as a trade,
        // whose watch already covers a pool it leaves flat and below zero.
        var hedged = account.IsPortfolio(pool) && market.Option is not null && HedgeDelta(account, pool, market.Index, ref sink) > 0;
        if (!hedged && CloseThroughBook(account, market, ref sink) == 0)
        {
            CloseAgainstHolders(account, market, ref sink);
        }

        if (!account.Margins[pool].IsLiquidatable)
        {
            Unlock(account, pool, ref sink);
        }
    }

    private void CancelOrders<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        for (var i = 0; i < account.StakeCount; i++)
        {
            ref var stake = ref account.StakeAt(i);
            if (stake.Pool == pool && (stake.Exposure.BuyLots | stake.Exposure.SellLots) != 0)
            {
                CancelAllIn(_markets[stake.Market], account.Id, ref sink);
            }
        }
    }

    /// <summary>
    /// The stake in the pool with the largest maintenance margin, ties to the lower instrument id, perpetuals and
    /// futures before options (Deribit's order: options only once no future is left), or under portfolio margin
    /// options first, the futures being their hedge. A liquidatable pool has one.
    /// </summary>
    private int RiskiestStake(Account account, int pool)
    {
        var optionsFirst = account.IsPortfolio(pool);
        var best = -1;
        for (var i = 0; i < account.StakeCount; i++)
        {
            ref var stake = ref account.StakeAt(i);
            if (stake.Pool != pool || stake.Exposure.Position.IsFlat)
            {
                continue;
            }

            if (best < 0)
            {
                best = i;
                continue;
            }

            ref var leader = ref account.StakeAt(best);
            var byKind = (_markets[leader.Market].Option is not null).CompareTo(_markets[stake.Market].Option is not null) * (optionsFirst ? -1 : 1);
            if (byKind != 0)
            {
                best = byKind > 0 ? i : best;
                continue;
            }

            var byRisk = stake.Contribution.Maintenance.CompareTo(leader.Contribution.Maintenance);
            if (byRisk > 0 || (byRisk == 0 && stake.Market < leader.Market))
            {
                best = i;
            }
        }

        return best >= 0 ? best : throw new InvalidOperationException($"account {account.Id} is liquidatable in pool {pool} without a position there");
    }

    /// <summary>
    /// Sends an immediate-or-cancel order for up to the step size of the position, priced at its bankruptcy price
    /// (the least favourable tick at which closing it all leaves the pool at zero or above), and charges the
    /// liquidation fee on what filled. Returns the lots filled.
    /// </summary>
    private long CloseThroughBook<TSink>(Account account, MarketClearing market, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        ref var stake = ref account.StakeAt(account.FindStake(market.Slot));
        var size = stake.Exposure.Position.Size;
        if (!TryBankruptcyTick(account, market, stake, out var limit))
        {
            return 0;
        }

        var lots = Math.Min(Math.Min(Math.Abs(size), market.LiquidationStepLots), market.Spec.MaxOrderQuantity.Lots);
        _roundIds.Used++;
        var order = new NewOrder(
            market.Spec.Id, OrderIds.Liquidation(_roundIds.Sequence, _roundIds.Used), account.Id, size > 0 ? Side.Sell : Side.Buy,
            OrderType.Limit, TimeInForce.ImmediateOrCancel, limit, new Quantity(lots));
        var clearing = new ClearingSink<TSink>(this, market, ref sink);
        market.Book.Submit(order, ref clearing);

        var filled = Math.Abs(size) - Math.Abs(SizeIn(account, market));
        if (filled > 0)
        {
            ChargeLiquidationFee(account, market, filled, ref sink);
        }

        return filled;
    }

    /// <summary>
    /// The fee on <paramref name="lots"/> closed, at the mark, rounded down and never more than the pool's margin
    /// balance: the fund takes only what the account has.
    /// </summary>
    private void ChargeLiquidationFee<TSink>(Account account, MarketClearing market, long lots, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var value = market.Risk.Terms.MarkValue(lots, market.Mark);
        var fee = new FineMoney(Int128.Abs(value.Units) * market.LiquidationFeePpm / PpmScale).FloorToMoney();
        var pool = PoolOf(account, market);
        var equity = account.Margins[pool].MarginBalance;
        fee = fee < equity ? fee : equity > Money.Zero ? equity : Money.Zero;
        if (fee == Money.Zero)
        {
            return;
        }

        ref var ledger = ref _ledgers[market.Currency.Value];
        ledger = ledger with { InsuranceFund = ledger.InsuranceFund + fee };
        Credit(account, pool, -fee, BalanceChangeReason.LiquidationFee, ref sink, market);
    }

    /// <summary>
    /// Closes the whole position off the book against holders of opposite positions, highest rank (profit × leverage)
    /// first, ties by account id. The price is the mark when closing there leaves the pool at zero or above, or when
    /// the policy socialises the loss; under auto-deleveraging, after the insurance fund has paid what it can, it is
    /// the bankruptcy price, so the holders taken bear what remains.
    /// </summary>
    private void CloseAgainstHolders<TSink>(Account account, MarketClearing market, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var stake = account.StakeAt(account.FindStake(market.Slot));
        var price = market.Mark;
        var deficit = -EquityAfterClose(account, market, stake, price);
        if (deficit > Money.Zero && Config.DeficitPolicy == DeficitPolicy.AutoDeleverage)
        {
            PayFromFund(account, stake.Pool, deficit, ref sink);
            price = BankruptcyPrice(account, market, stake);
        }

        var remaining = Math.Abs(stake.Exposure.Position.Size);
        var liquidatedSells = stake.Exposure.Position.Size > 0;
        foreach (var holder in RankHolders(account, market, liquidatedSells))
        {
            var other = _accounts[holder.Slot];
            var lots = Math.Min(remaining, Math.Abs(SizeIn(other, market)));
            var (seller, buyer) = liquidatedSells ? (account, other) : (other, account);
            SettleOffBook(market, buyer, seller, new Quantity(lots), price, ref sink);
            remaining -= lots;
            if (remaining == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException($"open interest in {market.Spec.Name} does not balance: {remaining} lots of account {account.Id} found no counterparty");
    }

    /// <summary>A transfer of position between two accounts at <paramref name="price"/>, booked as a trade is, with no order and no fee.</summary>
    private void SettleOffBook<TSink>(MarketClearing market, Account buyer, Account seller, Quantity quantity, QuotePrice price, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        ref var buyerStake = ref StakeOf(buyer, market);
        ref var sellerStake = ref StakeOf(seller, market);
        var outcome = TradeSettlement.Settle(market.Risk.Terms, buyerStake.Exposure.Position, sellerStake.Exposure.Position, quantity, price);
        ref var ledger = ref _ledgers[market.Currency.Value];
        ledger = ledger with { Residual = ledger.Residual + outcome.Residual };
        Book(buyer, market, ref buyerStake, buyerStake.Exposure, outcome.Buyer, outcome.BuyerRealised, ref sink);
        Book(seller, market, ref sellerStake, sellerStake.Exposure, outcome.Seller, outcome.SellerRealised, ref sink);
        Watch(buyer, buyerStake.Pool, ref sink);
        Watch(seller, sellerStake.Pool, ref sink);
    }

    /// <summary>
    /// Holders on the other side of a liquidated position, ranked by unrealised PnL × leverage (notional over margin
    /// balance), highest first, ties by account id. Off the hot path: only a liquidation the book cannot absorb asks.
    /// </summary>
    private List<RankedHolder> RankHolders(Account liquidated, MarketClearing market, bool liquidatedSells)
    {
        var ranked = new List<RankedHolder>();
        foreach (var slot in market.Holders)
        {
            var account = _accounts[slot];
            var stake = account.StakeAt(account.FindStake(market.Slot));
            var size = stake.Exposure.Position.Size;
            if (account == liquidated || size == 0 || (size > 0) == liquidatedSells)
            {
                continue;
            }

            var notional = Int128.Abs(market.Risk.Terms.MarkValue(size, market.Mark).Units) / FineMoney.PerMoneyUnit;
            var equity = account.Margins[stake.Pool].MarginBalance.Units;
            var score = (Int128)stake.Contribution.Unrealised.Units * notional / Math.Max(1, equity);
            ranked.Add(new RankedHolder(score, account.Id.Value, slot));
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return ranked;
    }

    /// <summary>
    /// Covers a flat pool's negative balance: first from the insurance fund, then, for what the fund lacks, from the
    /// other positive cross-margin balances in the currency, pro rata (<see cref="Socialise"/>).
    /// </summary>
    private void CoverDeficit<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var deficit = -account.Margins[pool].Balance;
        var rest = deficit - PayFromFund(account, pool, deficit, ref sink);
        if (rest > Money.Zero)
        {
            Socialise(account, pool, rest, ref sink);
        }
    }

    /// <summary>Pays up to <paramref name="amount"/> from the insurance fund into the account's pool; returns what was paid.</summary>
    private Money PayFromFund<TSink>(Account account, int pool, Money amount, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        ref var ledger = ref _ledgers[PoolOwner(account, pool).Currency.Value];
        var paid = amount < ledger.InsuranceFund ? amount : ledger.InsuranceFund;
        if (paid > Money.Zero)
        {
            ledger = ledger with { InsuranceFund = ledger.InsuranceFund - paid };
            Credit(account, pool, paid, BalanceChangeReason.InsuranceCover, ref sink);
        }

        return paid;
    }

    /// <summary>
    /// Takes <paramref name="loss"/> from the positive balances in the pool's currency, cross and isolated, of accounts
    /// not being liquidated, in proportion to each, shares rounded down and the units left over taken one each in
    /// ascending account id (cross pool, then isolated ones by instrument), and pays it into the bankrupt pool. If all
    /// those balances together are smaller, all of them are taken and the rest stays on the bankrupt pool as a negative
    /// balance: the venue is then insolvent in that currency, and it shows.
    /// </summary>
    private void Socialise<TSink>(Account bankrupt, int pool, Money loss, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var currency = PoolOwner(bankrupt, pool).Currency;
        var bearers = Bearers(currency);
        Int128 total = 0;
        foreach (var (account, p) in bearers)
        {
            total += account.Margins[p].Balance.Units;
        }

        if (total == 0)
        {
            return;
        }

        var taken = loss.Units < total ? loss.Units : (long)total;
        var shares = new long[bearers.Count];
        var left = taken;
        for (var i = 0; i < bearers.Count; i++)
        {
            var (account, p) = bearers[i];
            shares[i] = (long)(taken * (Int128)account.Margins[p].Balance.Units / total);
            left -= shares[i];
        }

        for (var i = 0; i < bearers.Count; i++)
        {
            var (account, p) = bearers[i];
            if (left > 0 && shares[i] < account.Margins[p].Balance.Units)
            {
                shares[i]++;
                left--;
            }

            if (shares[i] > 0)
            {
                Credit(account, p, new Money(-shares[i]), BalanceChangeReason.SocialisedLoss, ref sink);
            }
        }

        ref var ledger = ref _ledgers[currency.Value];
        ledger = ledger with { Socialised = ledger.Socialised + new Money(taken) };
        Credit(bankrupt, pool, new Money(taken), BalanceChangeReason.SocialisedLoss, ref sink);
        foreach (var (account, p) in bearers)
        {
            Watch(account, p, ref sink);
        }
    }

    /// <summary>The pools with a positive balance in the currency of accounts not being liquidated, in canonical order.</summary>
    private List<(Account Account, int Pool)> Bearers(CurrencyId currency)
    {
        var bearers = new List<(Account Account, int Pool)>();
        foreach (var account in _accounts)
        {
            for (var p = 0; account.Liquidating == 0 && p < account.Margins.Length; p++)
            {
                var market = account.IsolatedMarket(p);
                var inCurrency = market >= 0 ? _markets[market].Currency == currency : p == currency.Value;
                if (inCurrency && account.Margins[p].Balance > Money.Zero)
                {
                    bearers.Add((account, p));
                }
            }
        }

        // Slots and pool numbers follow the order things happened in, which a restored clearinghouse does not share.
        bearers.Sort((a, b) => a.Account.Id != b.Account.Id ? a.Account.Id.Value.CompareTo(b.Account.Id.Value) : PoolOrder(a.Account, a.Pool).CompareTo(PoolOrder(b.Account, b.Pool)));
        return bearers;
    }

    /// <summary>The pool's margin balance if the whole position in the market closed at <paramref name="price"/> and everything else stayed at mark.</summary>
    private static Money EquityAfterClose(Account account, MarketClearing market, in Stake stake, QuotePrice price)
    {
        var position = stake.Exposure.Position;
        // The accrued funding stays: closing books it to the balance.
        var others = account.Margins[stake.Pool].MarginBalance - stake.Contribution.Unrealised + market.AccruedFunding(stake);
        var close = position.Apply(market.Risk.Terms, position.Size > 0 ? Side.Sell : Side.Buy, new Quantity(Math.Abs(position.Size)), price);
        return others + close.Realised.FloorToMoney();
    }

    /// <summary>
    /// The bankruptcy price on the tick grid: for a long, the lowest tick at which closing it all leaves the pool at
    /// zero or above; for a short, the highest. Searched within half to twice the mark (a pool due for liquidation has
    /// little margin left, so its bankruptcy price is near the mark); false when no tick there does.
    /// </summary>
    private static bool TryBankruptcyTick(Account account, MarketClearing market, in Stake stake, out Price limit)
    {
        var terms = market.Risk.Terms;
        var stakeCopy = stake;
        var isLong = stake.Exposure.Position.Size > 0;
        var low = Math.Max(1, ((market.Mark.E8 / 2) + terms.TickE8 - 1) / terms.TickE8);
        var high = Math.Min(market.Spec.MaxPrice.Ticks, market.Mark.E8 * 2 / terms.TickE8);
        var found = Boundary(low, high, isLong, t => EquityAfterClose(account, market, stakeCopy, terms.ToQuotePrice(new Price(t))) >= Money.Zero, out var tick);
        if (found)
        {
            // Off-grid ticks (stepped schedules) move away from the position's loss, where the pool stays at zero or above.
            while (!market.Spec.Ticks.IsOnGrid(new Price(tick)))
            {
                tick += isLong ? 1 : -1;
            }

            found = tick >= 1 && tick <= market.Spec.MaxPrice.Ticks;
        }

        limit = new Price(tick);
        return found;
    }

    /// <summary>
    /// The bankruptcy price at quote precision (10⁻⁸), for closing off the book: the least favourable price within
    /// half to twice the mark at which the pool stays at zero or above, or the most favourable one there when none
    /// does; the remainder is then covered as any deficit is.
    /// </summary>
    private static QuotePrice BankruptcyPrice(Account account, MarketClearing market, in Stake stake)
    {
        var stakeCopy = stake;
        var isLong = stake.Exposure.Position.Size > 0;
        var (low, high) = (Math.Max(1, market.Mark.E8 / 2), market.Mark.E8 * 2);
        return Boundary(low, high, isLong, p => EquityAfterClose(account, market, stakeCopy, new QuotePrice(p)) >= Money.Zero, out var price)
            ? new QuotePrice(price)
            : new QuotePrice(isLong ? high : low);
    }

    /// <summary>
    /// Binary search in [<paramref name="low"/>, <paramref name="high"/>] for the boundary of a monotone predicate: the
    /// lowest passing value when it passes upward (<paramref name="passesUpward"/>), else the highest. False when even
    /// the most favourable end fails.
    /// </summary>
    private static bool Boundary(long low, long high, bool passesUpward, Func<long, bool> passes, out long boundary)
    {
        boundary = passesUpward ? high : low;
        if (low > high || !passes(boundary))
        {
            return false;
        }

        while (low < high)
        {
            if (passesUpward)
            {
                var mid = low + ((high - low) / 2);
                (low, high) = passes(mid) ? (low, mid) : (mid + 1, high);
            }
            else
            {
                var mid = high - ((high - low) / 2);
                (low, high) = passes(mid) ? (mid, high) : (low, mid - 1);
            }
        }

        boundary = low;
        return true;
    }

    private readonly record struct PoolRef(int Slot, int Pool);

    private readonly record struct RankedHolder(Int128 Score, int Id, int Slot);
}
