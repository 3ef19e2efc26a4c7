using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Matching;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>Order entry: the pre-trade checks, then the book, with clearing following the book's events.</summary>
public sealed partial class Clearinghouse
{
    /// <summary>
    /// Places an order at sequencer time <paramref name="now"/> after the book's own validation and clearing's checks, in
    /// this order: a market not expired, a known account not being liquidated, trading not halted, a mark to margin at,
    /// the price band around the mark, the protected state, the kill switch and a market resuming reduce-only
    /// (risk-increasing orders refused), the position limit, funds (<see cref="PreTradeCheck"/>), then a reduce-only
    /// order's own rule. A refused order changes nothing.
    /// </summary>
    public void Submit<TSink>(in NewOrder order, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (Market(order.Instrument) is not { } market)
        {
            RejectUnknownInstrument(order.Instrument, CommandKind.NewOrder, order.Id, order.Account, ref sink);
            return;
        }

        if (market.Book.Validate(order, out var price) != 0)
        {
            market.Book.Submit(order, ref sink); // refuses it with the book's own reason
            return;
        }

        if (market.ClampsToBand && market.Mark.IsPositive && !market.IsWithinBand(order.Side, market.ToQuote(price)))
        {
            Submit(order with { Price = market.BandEdge(order.Side) }, now, ref sink);
            return;
        }

        var reason = Check(order.Account, market, now, order.Side, order.Quantity, price);
        if (reason == 0 && order.ReduceOnly)
        {
            reason = CheckReduceOnly(order, market);
        }

        if (reason != 0)
        {
            sink.OnRejected(new CommandRejected(order.Instrument, CommandKind.NewOrder, order.Id, order.Account, reason));
            return;
        }

        var clearing = new ClearingSink<TSink>(this, market, ref sink);
        market.Book.Submit(order, ref clearing);
    }

    /// <summary>
    /// Amends an order after the book's validation and the same checks as a new order, asked of the amended order with
    /// the old one taken out: shrinking or moving away from the mark is never refused for funds.
    /// </summary>
    public void Amend<TSink>(in AmendOrder amend, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (Market(amend.Instrument) is not { } market)
        {
            RejectUnknownInstrument(amend.Instrument, CommandKind.AmendOrder, amend.Id, amend.Account, ref sink);
            return;
        }

        if (market.Book.Validate(amend, out var old, out var quantity) != 0)
        {
            market.Book.Amend(amend, ref sink); // refuses it with the book's own reason
            return;
        }

        var remaining = new Quantity(quantity.Lots - old.Filled.Lots);
        var reason = Check(amend.Account, market, now, old.Side, remaining, amend.Price, old);
        if (reason != 0)
        {
            sink.OnRejected(new CommandRejected(amend.Instrument, CommandKind.AmendOrder, amend.Id, amend.Account, reason));
            return;
        }

        var clearing = new ClearingSink<TSink>(this, market, ref sink) { AmendedFrom = old };
        market.Book.Amend(amend, ref clearing);
    }

    public void Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (Market(cancel.Instrument) is not { } market)
        {
            RejectUnknownInstrument(cancel.Instrument, CommandKind.CancelOrder, cancel.Id, cancel.Account, ref sink);
            return;
        }

        var clearing = new ClearingSink<TSink>(this, market, ref sink);
        market.Book.Cancel(cancel, ref clearing);
    }

    public void CancelAll<TSink>(in CancelAllOrders cancel, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (cancel.Instrument is { } instrument)
        {
            if (Market(instrument) is not { } market)
            {
                RejectUnknownInstrument(instrument, CommandKind.CancelAllOrders, default, cancel.Account, ref sink);
                return;
            }

            CancelAllIn(market, cancel.Account, ref sink);
            return;
        }

        foreach (var market in _markets)
        {
            CancelAllIn(market, cancel.Account, ref sink);
        }
    }

    private void CancelAllIn<TSink>(MarketClearing market, AccountId account, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var clearing = new ClearingSink<TSink>(this, market, ref sink);
        market.Book.CancelAll(account, ref clearing);
    }

    private static void RejectUnknownInstrument<TSink>(InstrumentId instrument, CommandKind kind, OrderId order, AccountId account, ref TSink sink)
        where TSink : struct, IVenueEventSink =>
        sink.OnRejected(new CommandRejected(instrument, kind, order, account, RejectReason.UnknownInstrument));

    /// <summary>
    /// Clearing's verdict on resting <paramref name="quantity"/> at <paramref name="price"/>, with the order being amended
    /// (if any) taken out of the account's exposure first. An order "adds risk" when, with every resting order on its
    /// side filled, the position would be larger than it is now.
    /// </summary>
    private RejectReason Check(AccountId id, MarketClearing market, long now, Side side, Quantity quantity, Price price, RestingOrder? replacing = null)
    {
        if (HasClosed(market, now))
        {
            return market.IsDelisted ? RejectReason.InstrumentDelisted : RejectReason.InstrumentExpired;
        }

        var account = FindAccount(id);
        if (account is null)
        {
            return RejectReason.UnknownAccount;
        }

        var stake = account.FindStake(market.Slot);
        var poolIndex = stake >= 0 ? account.StakeAt(stake).Pool : market.Currency.Value;
        if (account.IsLocked || (account.Liquidating & (1UL << poolIndex)) != 0)
        {
            return RejectReason.AccountLocked;
        }

        if (TradingHalted || market.Phase == TradingPhase.Halted)
        {
            return RejectReason.TradingHalted;
        }

        if (!market.Mark.IsPositive)
        {
            return market.Option is null ? RejectReason.IndexUnavailable : RejectReason.NoVolatilitySurface;
        }

        if (!market.IsWithinBand(side, market.ToQuote(price)))
        {
            return RejectReason.PriceOutsideBand;
        }

        var exposure = stake >= 0
            ? account.StakeAt(stake).Exposure
            : new InstrumentExposure(market.Risk, Position.Flat, market.Mark, 0, 0, FineMoney.Zero);
        var pool = account.Margins[poolIndex];

        // The stake's cached contribution holds the position's initial margin and the reservation, so the check need not recompute them.
        var cached = stake >= 0 ? account.StakeAt(stake).Contribution : default;
        var (positionInitial, ordersMargin) = (cached.PositionInitial, cached.OrdersInitial);
        var scratch = default(InitialMarginMemo);
        ref var memo = ref stake >= 0 ? ref account.StakeAt(stake).Memo : ref scratch;
        if (replacing is { } old)
        {
            // Taking an order out changes only the order reservation: the position's unrealised PnL and margin in the
            // pool stand, and the stake (which exists, since the order rests) holds the reservation with the order in.
            exposure = exposure.WithoutOrder(old.Side, old.Remaining, market.ToQuote(old.Price));
            var ordersBefore = ordersMargin;
            ordersMargin = exposure.OrdersMarginGiven(positionInitial, ref memo);
            pool = pool with { OrdersInitial = pool.OrdersInitial - ordersBefore + ordersMargin };
        }

        var size = exposure.Position.Size;
        var worst = side == Side.Buy ? checked(size + exposure.BuyLots + quantity.Lots) : checked(size - exposure.SellLots - quantity.Lots);
        if (Math.Abs(worst) > Math.Abs(size))
        {
            if (market.IndexPrice is null)
            {
                return RejectReason.IndexUnavailable;
            }

            if (account.KillSwitch || market.Phase == TradingPhase.ReduceOnly)
            {
                return RejectReason.ReduceOnly;
            }
        }

        return PreTradeCheck.WouldExceed(pool, exposure, positionInitial, ordersMargin, side, quantity, market.ToQuote(price), ref memo) switch
        {
            PreTradeRejection.None => 0,
            PreTradeRejection.MaxPositionExceeded => RejectReason.MaxPositionExceeded,
            _ => RejectReason.NotEnoughFunds,
        };
    }

    /// <summary>
    /// A reduce-only order must face the position and be no larger than it, and must not rest: executing at once, it
    /// can then only shrink the position, whatever the account's other orders do later.
    /// </summary>
    private RejectReason CheckReduceOnly(in NewOrder order, MarketClearing market)
    {
        if (order.Type != OrderType.Market && order.TimeInForce == TimeInForce.GoodTilCancelled)
        {
            return RejectReason.ReduceOnlyMustNotRest;
        }

        var account = FindAccount(order.Account)!; // Check has found it
        var stake = account.FindStake(market.Slot);
        var size = stake < 0 ? 0 : account.StakeAt(stake).Exposure.Position.Size;
        var reduces = order.Side == Side.Buy ? size < 0 && order.Quantity.Lots <= -size : size > 0 && order.Quantity.Lots <= size;
        return reduces ? 0 : RejectReason.ReduceOnlyWouldIncrease;
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or removes (−1) resting quantity of an account's order in the market.</summary>
    internal void ChangeOrders(MarketClearing market, AccountId id, Side side, Quantity quantity, Price price, int sign)
    {
        if (!quantity.IsPositive)
        {
            return;
        }

        var account = FindAccount(id) ?? throw new InvalidOperationException($"account {id} has orders but is unknown to clearing");
        ref var stake = ref StakeOf(account, market);
        var quote = market.ToQuote(price);
        var after = sign > 0 ? stake.Exposure.WithOrder(side, quantity, quote) : stake.Exposure.WithoutOrder(side, quantity, quote);
        UpdateOrders(account, ref stake, after);
    }

    /// <summary>
    /// An amended order: its old resting quantity out and its new one in, as two <see cref="ChangeOrders"/> calls would
    /// do, with the account's pool updated once.
    /// </summary>
    internal void ReplaceOrder(MarketClearing market, AccountId id, Side side, Quantity oldQuantity, Price oldPrice, Quantity newQuantity, Price newPrice)
    {
        if (!oldQuantity.IsPositive && !newQuantity.IsPositive)
        {
            return;
        }

        var account = FindAccount(id) ?? throw new InvalidOperationException($"account {id} has orders but is unknown to clearing");
        ref var stake = ref StakeOf(account, market);
        var after = stake.Exposure;
        if (oldQuantity.IsPositive)
        {
            after = after.WithoutOrder(side, oldQuantity, market.ToQuote(oldPrice));
        }

        if (newQuantity.IsPositive)
        {
            after = after.WithOrder(side, newQuantity, market.ToQuote(newPrice));
        }

        UpdateOrders(account, ref stake, after);
    }

    /// <summary>
    /// Books a trade: both orders lose the traded quantity, both positions take the fill, realised PnL goes to the
    /// balances (rounded down) and the cut fractions to the ledger's residual. A self-trade moves no position.
    /// </summary>
    internal void Settle<TSink>(MarketClearing market, in Trade trade, Price takerLimit, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var takerSide = trade.AggressorSide;
        var makerSide = takerSide == Side.Buy ? Side.Sell : Side.Buy;
        var maker = FindAccount(trade.MakerAccount) ?? throw new InvalidOperationException($"maker {trade.MakerAccount} is unknown to clearing");
        var taker = FindAccount(trade.TakerAccount) ?? throw new InvalidOperationException($"taker {trade.TakerAccount} is unknown to clearing");
        var price = market.ToQuote(trade.Price);
        ref var makerStake = ref StakeOf(maker, market);
        var makerAfter = makerStake.Exposure.WithoutOrder(makerSide, trade.Quantity, price);
        if (ReferenceEquals(maker, taker))
        {
            Update(maker, market, ref makerStake, makerAfter.WithoutOrder(takerSide, trade.Quantity, market.ToQuote(takerLimit)));
            return;
        }

        ref var takerStake = ref StakeOf(taker, market);
        var takerAfter = takerStake.Exposure.WithoutOrder(takerSide, trade.Quantity, market.ToQuote(takerLimit));
        var (buyer, seller) = takerSide == Side.Buy ? (takerAfter, makerAfter) : (makerAfter, takerAfter);
        var outcome = TradeSettlement.Settle(market.Risk.Terms, buyer.Position, seller.Position, trade.Quantity, price);
        var ledger = _ledgers[market.Currency.Value];
        _ledgers[market.Currency.Value] = ledger with { Residual = ledger.Residual + outcome.Residual };
        var (takerPosition, takerRealised, makerPosition, makerRealised) = takerSide == Side.Buy
            ? (outcome.Buyer, outcome.BuyerRealised, outcome.Seller, outcome.SellerRealised)
            : (outcome.Seller, outcome.SellerRealised, outcome.Buyer, outcome.BuyerRealised);
        Book(maker, market, ref makerStake, makerAfter, makerPosition, makerRealised, ref sink);
        Book(taker, market, ref takerStake, takerAfter, takerPosition, takerRealised, ref sink);
        Watch(maker, makerStake.Pool, ref sink);
        Watch(taker, takerStake.Pool, ref sink);
    }

    /// <summary>
    /// Books the funding a position has accrued since it last settled, before its size changes: to the balance, and
    /// its opposite to the currency's funding pool, so credits and pool sum to zero exactly.
    /// </summary>
    private void SettleFunding<TSink>(Account account, MarketClearing market, MarketFunding funding, ref Stake stake, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var credit = market.AccruedFunding(stake);
        stake.FundingEntry = funding.Index;
        if (credit != Money.Zero)
        {
            ref var ledger = ref _ledgers[market.Currency.Value];
            ledger = ledger with { FundingPool = ledger.FundingPool - credit };
            Credit(account, stake.Pool, credit, BalanceChangeReason.Funding, ref sink, market);
        }
    }

    /// <summary>
    /// Books a stake's new position and realised PnL in its pool. The caller then watches both sides' pools (a trade
    /// can leave one due for liquidation or flat below zero), once both are booked: a deficit is not to be socialised
    /// before the counterparty's profit from the same trade is in its balance.
    /// </summary>
    private void Book<TSink>(Account account, MarketClearing market, ref Stake stake, in InstrumentExposure orders, Position position, Money realised, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (market.Funding is { } funding)
        {
            SettleFunding(account, market, funding, ref stake, ref sink);
        }

        if (market.Option is not null)
        {
            PayPremium(account, market, stake.Pool, ref position, ref sink);
        }

        if (realised != Money.Zero)
        {
            Credit(account, stake.Pool, realised, BalanceChangeReason.RealisedPnl, ref sink, market);
        }

        Update(account, market, ref stake, new InstrumentExposure(market.Risk, position, orders.Mark, orders.BuyLots, orders.SellLots, orders.OpenLoss));
        sink.OnPositionChanged(new PositionChanged(account.Id, market.Spec.Id, position.Size));
        if (account.IsPortfolio(stake.Pool))
        {
            RefreshPortfolio(account, stake.Pool, ref sink);
        }
    }
}
