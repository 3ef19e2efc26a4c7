using Clearline.Api.Subscriptions;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Engine.Pipeline;
using Clearline.Engine.Storage;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Server.Rpc;

namespace Clearline.Server.Venue;

/// <summary>
/// The read model every query and channel is served from: books, orders, trades, positions, balances and prices,
/// kept from the pipeline's event stream on the publisher thread (never by reading the engine's live state), seeded
/// once from the recovered state before the pipeline starts. One lock guards it; events are applied and their
/// notifications published under it, so a snapshot sent to a new subscriber and the changes after it line up.
/// </summary>
/// <remarks>
/// Events are delivered before the acknowledgement of the command that caused them, so a caller that has awaited its
/// command finds its effects here. Closed orders and trades go on to the <see cref="HistoryStore"/>, which outlives a
/// restart; the engine state, and so the seeded model, holds only what is open.
/// </remarks>
internal sealed partial class VenueView : IEngineEventConsumer
{
    /// <summary>Closed orders kept in memory for <c>private/get_order_state</c>; older ones are read from the history store.</summary>
    public const int ClosedOrderCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly SubscriptionHub _hub;
    private readonly HistoryStore _history;
    private readonly long _recordFrom;
    private readonly bool _catchingUp;
    private readonly InstrumentSpec[] _configured;

    // Replaced whole, never changed in place, when an option is listed: queries on other threads read them without the lock.
    private volatile MarketView[] _markets;
    private volatile MarketView?[] _marketsById;
    private volatile Dictionary<string, MarketView> _marketsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, OrderView> _orders = [];
    private readonly Queue<long> _closedOrders = new();
    private readonly Dictionary<int, AccountView> _accounts = [];
    private readonly int _currencyCount;

    // Changes of the current batch, published when it ends.
    private readonly List<OrderView> _changedOrders = [];
    private readonly HashSet<long> _changedOrderIds = [];
    private readonly List<(int Account, UserTradeDto Trade)> _newUserTrades = [];
    private readonly HashSet<(int Account, int Currency)> _dirtyPortfolios = [];
    private readonly HashSet<string> _changedIndices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remarkedOptionIndices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _optionMarksPublishedMs = new(StringComparer.Ordinal);

    private long _batchTimestampUs;
    private long _sequence;

    /// <summary>
    /// The read model the pipeline feeds; with <paramref name="catchUpFrom"/>, one that writes to history only what
    /// commands from that sequence on did and keeps the rows already there (see <see cref="HistoryCatchUp"/>).
    /// </summary>
    public VenueView(EngineConfiguration configuration, SubscriptionHub hub, HistoryStore history, long? catchUpFrom = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(history);
        var clearing = configuration.Clearing ?? throw new ArgumentException("the venue runs with clearing", nameof(configuration));
        _hub = hub;
        _history = history;
        _recordFrom = catchUpFrom ?? 0;
        _catchingUp = catchUpFrom is not null;
        Clearing = clearing;
        _configured = [.. configuration.Markets.OrderBy(m => m.Id.Value)];
        _markets = [.. _configured.Select(spec => new MarketView(spec, clearing.Markets.Single(m => m.Instrument == spec.Id), clearing))];
        _marketsById = new MarketView?[_markets.Max(m => m.Spec.Id.Value) + 1];
        foreach (var market in _markets)
        {
            _marketsById[market.Spec.Id.Value] = market;
            _marketsByName.Add(market.Name, market);
        }

        foreach (var market in _markets)
        {
            PairWithFuture(market);
        }

        _currencyCount = clearing.Currencies.All.Count;
    }

    public ClearingConfig Clearing { get; }

    /// <summary>By instrument id: the configured markets, then the options listed by command (delisted ones included).</summary>
    public IReadOnlyList<MarketView> Markets => _markets;

    public bool TryGetMarket(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MarketView? market) =>
        _marketsByName.TryGetValue(name, out market);

    /// <summary>An option's forward comes, as the engine pairs them, from the lowest-id future on its index with its expiry date.</summary>
    private void PairWithFuture(MarketView market)
    {
        if (market.Option is { } option)
        {
            option.Future = _markets.FirstOrDefault(m => m.Spec.Kind == InstrumentKind.Future && m.IndexName == market.IndexName && m.Spec.Name.Expiry == market.Spec.Name.Expiry);
        }
    }

    /// <summary>
    /// Adds an option listed by command, its spec and clearing parameters derived from the listing as the engine derives
    /// them. The market lists are replaced, not changed, so a query holding the old ones reads a consistent view.
    /// </summary>
    private MarketView List(in OptionListed listed)
    {
        var (spec, config) = OptionListing.Derive(_configured, Clearing, listed.Listing, listed.Instrument, out var reason)
            ?? throw new InvalidOperationException($"the engine listed option {listed.Instrument}, which the configuration refuses: {reason}");
        var market = new MarketView(spec, config, Clearing);
        var byId = new MarketView?[Math.Max(_marketsById.Length, spec.Id.Value + 1)];
        _marketsById.CopyTo(byId, 0);
        byId[spec.Id.Value] = market;
        _markets = [.. _markets, market];
        PairWithFuture(market);
        _marketsById = byId;
        _marketsByName = new Dictionary<string, MarketView>(_marketsByName, StringComparer.Ordinal) { [market.Name] = market };
        return market;
    }

    /// <summary>
    /// Fills the model from a recovered engine: open orders, book levels, balances, positions and prices, and each
    /// market's trade_seq as history had it at the state's sequence. Called once, before the pipeline starts, while the
    /// state is still the caller's and history is committed up to it.
    /// </summary>
    public void Seed(EngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var clearing = state.Clearing ?? throw new ArgumentException("the venue runs with clearing", nameof(state));
        lock (_gate)
        {
            var nowMs = state.LastTimestamp / 1000;
            var captured = clearing.CaptureState();
            foreach (var listed in captured.Listings)
            {
                List(listed);
            }

            var notes = _history.OpenOrderNotes();
            foreach (var book in state.CaptureBooks())
            {
                var market = Market(book.Instrument);
                foreach (var resting in book.Bids.Concat(book.Asks))
                {
                    // Only limit good-til-cancelled orders rest; what the engine does not keep comes from the last clean stop.
                    var noted = notes.TryGetValue(resting.Id.Value, out var note);
                    var order = new OrderView(resting.Id.Value, market, resting.Account.Value, resting.Side, OrderType.Limit, TimeInForce.GoodTilCancelled, resting.PostOnly, noted ? note.CreatedMs : nowMs)
                    {
                        Label = noted ? note.Label : "",
                        Replaced = noted && note.Replaced,
                        PriceTicks = resting.Price.Ticks,
                        QuantityLots = resting.Quantity.Lots,
                        FilledLots = resting.Filled.Lots,
                        RemainingLots = resting.Remaining.Lots,
                        FilledTicksLots = (Int128)resting.Price.Ticks * resting.Filled.Lots,
                    };
                    _orders.Add(order.Id, order);
                    Account(order.Account).OpenOrders.Add(order.Id);
                    var levels = resting.Side == Side.Buy ? market.Bids : market.Asks;
                    levels[resting.Price.Ticks] = levels.GetValueOrDefault(resting.Price.Ticks) + resting.Visible.Lots;
                }
            }

            foreach (var market in Markets)
            {
                market.TradeSeq = _history.LastTradeSeq(market.Name, state.LastSequence);
            }

            foreach (var prices in captured.Markets)
            {
                var market = Market(prices.Instrument);
                market.MarkE8 = prices.Mark.E8;
                market.IndexE8 = prices.Index?.E8 ?? 0;
                market.Phase = clearing.PhaseOf(prices.Instrument);
                market.FundingRatePpb = clearing.FundingOf(prices.Instrument)?.Rate.Ppb;
            }

            // Options after the futures whose marks are their forwards; the mark's time is not kept, so its volatility is solved at the state's time.
            foreach (var market in Markets)
            {
                market.Option?.Reprice(market.MarkE8, market.IndexE8, state.LastTimestamp);
            }

            foreach (var a in captured.Accounts)
            {
                var account = Account(a.Id.Value);
                for (var c = 0; c < a.Balances.Count; c++)
                {
                    account.Balances[c] = a.Balances[c].Units;
                }

                foreach (var isolated in a.Isolated)
                {
                    account.Isolated[isolated.Instrument.Value] = isolated.Balance.Units;
                }

                if (a.Model == MarginModel.Portfolio)
                {
                    account.Portfolio = [.. Enumerable.Range(0, a.Balances.Count).Select(c => clearing.TryGetPortfolioMargin(a.Id, new CurrencyId(c), out var r) ? r : default)];
                }

                foreach (var p in a.Positions)
                {
                    var market = Market(p.Instrument);
                    account.Positions[p.Instrument.Value] = market.Option is null ? new PositionView { Position = p.Position } : SeedOption(a.Id.Value, market, p.Position, state.LastSequence);
                    market.OpenInterestLots += Math.Max(p.Position.Size, 0);
                    market.Holders.Add(a.Id.Value);
                }
            }
        }
    }

    /// <summary>
    /// An option position with its premiums, which the engine does not keep, rebuilt from the account's own trades in
    /// history up to the seeded state; without them (average 0) when those trades do not add up to the position (part
    /// of it was closed off the book by a liquidation, or history began after it opened).
    /// </summary>
    private PositionView SeedOption(int account, MarketView market, Risk.Positions.Position position, long sequence)
    {
        var (entry, usd) = (Risk.Positions.Position.Flat, 0m);
        foreach (var trade in _history.UserTradesThrough(account, market.Name, sequence))
        {
            if (trade.SelfTrade || !market.Spec.Ticks.TryToPrice(trade.Price, out var price))
            {
                continue; // a self-trade moves no position
            }

            var before = entry.Size;
            var lots = (long)(trade.Amount / market.Spec.LotSize);
            entry = Fill(market, entry, trade.Direction == "buy" ? Side.Buy : Side.Sell, new Quantity(lots), market.Terms.ToQuotePrice(price)).Position;
            usd = PremiumUsdAfter(usd, before, entry.Size, trade.Amount * trade.Price * (trade.IndexPrice ?? 0m));
        }

        return entry.Size == position.Size
            ? new PositionView { Position = position, PremiumCost = entry.Cost, PremiumUsd = usd }
            : new PositionView { Position = position };
    }

    /// <summary>Hands the open orders' labels, creation times and edit flags to history; at a clean stop, once every event is in.</summary>
    public void SaveOpenOrders()
    {
        lock (_gate)
        {
            _history.SaveOpenOrders([.. _orders.Values.Where(o => o.IsOpen).OrderBy(o => o.Id).Select(o => new OpenOrderNote(o.Id, o.Label, o.CreatedMs, o.Replaced))]);
        }
    }

    public void OnEvents(ReadOnlySpan<EngineEvent> events)
    {
        lock (_gate)
        {
            foreach (ref readonly var e in events)
            {
                _batchTimestampUs = e.Timestamp;
                _sequence = e.Sequence;
                Apply(e);
            }

            Publish();
            _history.Through(_sequence);
        }
    }

    private void Apply(in EngineEvent e)
    {
        var nowMs = e.Timestamp / 1000;
        switch (e.Kind)
        {
            case EngineEventKind.Accepted:
                Accept(e.Accepted.Order, nowMs);
                break;
            case EngineEventKind.Trade:
                ApplyTrade(e.Trade, e.Sequence, nowMs);
                break;
            case EngineEventKind.Cancelled:
                Cancel(e.Cancelled, nowMs);
                break;
            case EngineEventKind.Amended:
                Amend(e.Amended, nowMs);
                break;
            case EngineEventKind.LevelChanged:
                ChangeLevel(e.LevelChanged);
                break;
            case EngineEventKind.BalanceChanged:
                ChangeBalance(e.BalanceChanged);
                break;
            case EngineEventKind.MarkPriceChanged:
                ChangePrices(e.MarkPriceChanged, e.Timestamp);
                break;
            case EngineEventKind.PositionChanged:
                FollowOffBookClose(e.PositionChanged);
                break;
            case EngineEventKind.TradingPhaseChanged:
                var phase = e.TradingPhaseChanged;
                Market(phase.Instrument).Phase = phase.Phase;
                Market(phase.Instrument).DeliveryIndexE8 = phase.DeliveryPriceE8;
                break;
            case EngineEventKind.PortfolioMarginChanged:
                ChangePortfolioMargin(e.PortfolioMarginChanged);
                break;
            case EngineEventKind.OptionListed:
                List(e.OptionListed);
                break;
            default:
                // Rejections change nothing; liquidation states are not shown yet.
                break;
        }
    }

    private void ChangePortfolioMargin(in PortfolioMarginChanged change)
    {
        var account = Account(change.Account.Value);
        if (!change.Portfolio)
        {
            account.Portfolio = null;
            return;
        }

        account.Portfolio ??= new MarginRequirement[account.Balances.Length];
        account.Portfolio[change.Currency.Value] = new MarginRequirement(change.Initial, change.Maintenance);
    }

    private void ChangeBalance(in BalanceChanged balance)
    {
        var account = Account(balance.Account.Value);
        if (balance.Isolated is not { } instrument)
        {
            account.Balances[balance.Currency.Value] = balance.Balance.Units;
        }
        else if (balance.Reason == BalanceChangeReason.IsolatedMargin && balance.Balance == Money.Zero)
        {
            account.Isolated.Remove(instrument.Value); // back to cross margin
        }
        else
        {
            account.Isolated[instrument.Value] = balance.Balance.Units;
        }

        if (balance is { Reason: BalanceChangeReason.Funding, Market: { } market })
        {
            if (!account.Positions.TryGetValue(market.Value, out var position))
            {
                account.Positions[market.Value] = position = new PositionView();
            }

            position.RealisedFunding += balance.Change;
        }

        _dirtyPortfolios.Add((balance.Account.Value, balance.Currency.Value));
    }

    private void Accept(in NewOrder o, long nowMs)
    {
        var order = new OrderView(o.Id.Value, Market(o.Instrument), o.Account.Value, o.Side, o.Type, o.TimeInForce, o.PostOnly, nowMs, o.ReduceOnly)
        {
            PriceTicks = o.Price.Ticks,
            QuantityLots = o.Quantity.Lots,
            RemainingLots = o.Quantity.Lots,
        };
        _orders.Add(order.Id, order);
        Account(order.Account).OpenOrders.Add(order.Id);
        Changed(order);
    }

    private void ApplyTrade(in Trade t, long sequence, long nowMs)
    {
        var market = Market(t.Instrument);
        var maker = _orders[t.MakerOrder.Value];
        var taker = _orders[t.TakerOrder.Value];
        Fill(maker, t.Price.Ticks, t.Quantity.Lots, t.MakerRemaining.Lots, nowMs);
        Fill(taker, t.Price.Ticks, t.Quantity.Lots, t.TakerRemaining.Lots, nowMs);
        var selfTrade = maker.Account == taker.Account;
        if (!selfTrade)
        {
            var at = market.Terms.ToQuotePrice(t.Price);
            Move(maker.Account, market, maker.Side, t.Quantity, at);
            Move(taker.Account, market, taker.Side, t.Quantity, at);
        }

        market.TradeSeq++;
        var tradeId = $"{sequence}-{market.TradeSeq}";
        var tick = market.LastPriceTicks is { } last ? (t.Price.Ticks > last ? 0 : t.Price.Ticks < last ? 2 : 1) : 1;
        market.LastPriceTicks = t.Price.Ticks;
        market.HighTicks = Math.Max(market.HighTicks ?? t.Price.Ticks, t.Price.Ticks);
        market.LowTicks = Math.Min(market.LowTicks ?? t.Price.Ticks, t.Price.Ticks);
        market.VolumeLots += t.Quantity.Lots;
        market.TickerDirty = true;

        var price = market.Price(t.Price.Ticks);
        var amount = market.Amount(t.Quantity.Lots);
        var contracts = market.Contracts(t.Quantity.Lots);
        var direction = Direction(t.AggressorSide);
        var trade = new PublicTradeDto(tradeId, market.TradeSeq, nowMs, tick, price, market.Mark, market.Index, market.Name, direction, amount, contracts);
        market.PendingTrades.Add(trade);
        var record = sequence >= _recordFrom;
        if (record)
        {
            _history.AddPublicTrade(sequence, trade);
        }

        foreach (var (order, liquidity) in (ReadOnlySpan<(OrderView, string)>)[(maker, "M"), (taker, "T")])
        {
            var userTrade = new UserTradeDto(
                tradeId, market.TradeSeq, nowMs, market.Name, order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), OrderTypeName(order.Type), Direction(order.Side),
                price, amount, contracts, market.Mark, market.Index, 0m, market.Currency.Code, liquidity, order.State, tick, selfTrade, order.PostOnly != PostOnly.Off, order.ReduceOnly);
            if (order == taker)
            {
                if (order.TakerSequence != sequence)
                {
                    order.TakerSequence = sequence;
                    order.TakerTrades = [];
                }

                order.TakerTrades!.Add(userTrade);
            }

            if (record)
            {
                _history.AddUserTrade(sequence, order.Account, userTrade);
            }

            _newUserTrades.Add((order.Account, userTrade));
        }
    }

    private void Fill(OrderView order, long priceTicks, long lots, long remaining, long nowMs)
    {
        order.FilledLots += lots;
        order.FilledTicksLots += (Int128)priceTicks * lots;
        order.RemainingLots = remaining;
        order.UpdatedMs = nowMs;
        if (remaining == 0)
        {
            Close(order, "filled");
        }

        Changed(order);
    }

    /// <summary>
    /// Positions follow the trades, which come first; a size the trades do not explain is a delivery, closed at the
    /// delivery price, or a liquidation closed off the book against opposite holders. The engine prices a liquidation at
    /// the mark or the bankruptcy price, which no event carries yet, so the view books it at the mark's tick: sizes and
    /// balances stay exact, the average price may differ.
    /// </summary>
    private void FollowOffBookClose(in Domain.Clearing.PositionChanged p)
    {
        var market = Market(p.Instrument);
        var size = Account(p.Account.Value).Positions.TryGetValue(p.Instrument.Value, out var view) ? view.Position.Size : 0;
        if (size == p.Size || (market.SettlementE8 is null && market.MarkE8 <= 0))
        {
            return;
        }

        var price = market.SettlementE8 is { } settled
            ? new QuotePrice(settled)
            : market.Terms.ToQuotePrice(new Price(Math.Max(1, market.MarkE8 / market.Terms.TickE8)));
        Move(p.Account.Value, market, p.Size > size ? Side.Buy : Side.Sell, new Quantity(Math.Abs(p.Size - size)), price);
    }

    /// <summary>Moves an account's position by a fill, exactly as the clearinghouse does (the same Risk arithmetic).</summary>
    private void Move(int accountId, MarketView market, Side side, Quantity quantity, QuotePrice price)
    {
        var account = Account(accountId);
        if (!account.Positions.TryGetValue(market.Spec.Id.Value, out var view))
        {
            view = new PositionView();
            account.Positions.Add(market.Spec.Id.Value, view);
        }

        var before = view.Position.Size;
        // An option's premium is paid at the trade (the balance event says so): its position keeps no cost, as in the
        // engine; the premiums of the lots held are kept beside it for the average price and the PnL against it.
        var option = market.Option is not null;
        var change = Fill(market, option ? view.Position with { Cost = view.PremiumCost } : view.Position, side, quantity, price);
        view.Position = option ? change.Position with { Cost = Risk.Positions.FineMoney.Zero } : change.Position;
        view.Realised += change.Realised;
        if (option)
        {
            view.PremiumCost = change.Position.Cost;
            view.PremiumUsd = PremiumUsdAfter(view.PremiumUsd, before, change.Position.Size, market.Amount(quantity.Lots) * price.ToDecimal() * (market.Index ?? 0m));
        }

        market.OpenInterestLots += Math.Max(change.Position.Size, 0) - Math.Max(before, 0);
        if (change.Position.IsFlat)
        {
            market.Holders.Remove(accountId);
        }
        else
        {
            market.Holders.Add(accountId);
        }

        _dirtyPortfolios.Add((accountId, market.CurrencyIndex));
    }

    /// <summary>
    /// A fill's effect on a position. At a zero price, which only an option expiring worthless closes at (the trade
    /// arithmetic takes positive prices only), the position closes with nothing paid: its whole cost is lost.
    /// </summary>
    private static Risk.Positions.PositionChange Fill(MarketView market, Risk.Positions.Position position, Side side, Quantity quantity, QuotePrice price) =>
        price.IsPositive
            ? position.Apply(market.Terms, side, quantity, price)
            : new Risk.Positions.PositionChange(Risk.Positions.Position.Flat, -position.Cost);

    /// <summary>
    /// The USD premium of the lots held after a fill of <paramref name="fillUsd"/> took the size from
    /// <paramref name="before"/> to <paramref name="after"/>, by the cost rule of <see cref="Risk.Positions.Position"/>.
    /// </summary>
    private static decimal PremiumUsdAfter(decimal held, long before, long after, decimal fillUsd)
    {
        if (before == 0 || (after > before) == (before > 0))
        {
            return held + fillUsd; // opening or adding
        }

        if (after == 0 || (after > 0) == (before > 0))
        {
            return held * Math.Abs(after) / Math.Abs(before); // reduced: the average stays
        }

        return fillUsd * Math.Abs(after) / Math.Abs(after - before); // flipped: the excess opens at the fill
    }

    private void Cancel(in OrderCancelled c, long nowMs)
    {
        if (!_orders.TryGetValue(c.Order.Value, out var order))
        {
            return;
        }

        order.RemainingLots = c.Remaining.Lots;
        order.UpdatedMs = nowMs;
        if (c.Remaining.IsZero)
        {
            order.CancelReason = c.Reason switch
            {
                CancelReason.UserRequested or CancelReason.CancelAll => "user_request",
                CancelReason.SelfTradePrevention => "self_trade_prevention",
                _ => "immediate_or_cancel",
            };
            Close(order, "cancelled");
        }

        Changed(order);
    }

    private void Amend(in OrderAmended a, long nowMs)
    {
        var order = _orders[a.Order.Value];
        order.PriceTicks = a.Price.Ticks;
        order.QuantityLots = a.Quantity.Lots;
        order.RemainingLots = a.Remaining.Lots;
        order.UpdatedMs = nowMs;
        order.Replaced = true;
        Changed(order);
    }

    private void ChangeLevel(in BookLevelChanged l)
    {
        var market = Market(l.Instrument);
        var levels = l.Side == Side.Buy ? market.Bids : market.Asks;
        var changes = l.Side == Side.Buy ? market.PendingBids : market.PendingAsks;
        (l.Side == Side.Buy ? market.WindowBids : market.WindowAsks).TryAdd(l.Price.Ticks, levels.GetValueOrDefault(l.Price.Ticks));
        var price = market.Price(l.Price.Ticks);
        if (l.OrderCount == 0)
        {
            levels.Remove(l.Price.Ticks);
            changes.Add(new LevelChange("delete", price, 0m));
        }
        else
        {
            var action = levels.ContainsKey(l.Price.Ticks) ? "change" : "new";
            levels[l.Price.Ticks] = l.DisplayedQuantity.Lots;
            changes.Add(new LevelChange(action, price, market.Amount(l.DisplayedQuantity.Lots)));
        }

        market.TickerDirty = true;
    }

    private void ChangePrices(in Domain.Clearing.MarkPriceChanged m, long nowMicros)
    {
        var market = Market(m.Instrument);
        if (market.IsDelivered && market.SettlementE8 is null)
        {
            Settle(market, m, nowMicros);
        }

        market.IndexE8 = m.IndexE8;
        market.FundingRatePpb = m.FundingRatePpb ?? market.FundingRatePpb;
        if (m.MarkE8 > 0)
        {
            market.MarkE8 = m.MarkE8;
            market.Option?.Reprice(m.MarkE8, m.IndexE8, nowMicros);
            if (market.Option is not null && !market.IsDelivered)
            {
                _remarkedOptionIndices.Add(market.IndexName);
            }
        }

        market.TickerDirty = true;
        if (m.IndexE8 > 0)
        {
            _changedIndices.Add(market.IndexName);
        }

        foreach (var holder in market.Holders)
        {
            _dirtyPortfolios.Add((holder, market.CurrencyIndex));
        }
    }

    /// <summary>
    /// A market's delivery (the engine reports it as the delivered phase with the index's delivery price, then this price
    /// event with the settlement price, then the closes): records the delivery price, with the market's settlement and
    /// each holder's, in history.
    /// Each holder's profit_loss is its position closed at the delivery price, counted as get_position counts it (an
    /// option against its average premium); the market's is their sum, and its position the open interest.
    /// </summary>
    private void Settle(MarketView market, in Domain.Clearing.MarkPriceChanged m, long nowMicros)
    {
        var index = new QuotePrice(market.DeliveryIndexE8).ToDecimal();
        market.SettlementE8 = m.MarkE8;
        if (_sequence < _recordFrom)
        {
            return;
        }

        var price = new QuotePrice(m.MarkE8);
        var (nowMs, mark) = (nowMicros / 1000, price.ToDecimal());
        _history.AddDeliveryPrice(_sequence, market.IndexName, market.Spec.Name.Expiry!.Value, index);
        var total = Risk.Positions.FineMoney.Zero;
        foreach (var holder in market.Holders.Order())
        {
            var view = _accounts[holder].Positions[market.Spec.Id.Value];
            var entry = market.Option is null ? view.Position : view.Position with { Cost = view.PremiumCost };
            var realised = Fill(market, entry, entry.Size > 0 ? Side.Sell : Side.Buy, new Quantity(Math.Abs(entry.Size)), price).Realised;
            total += realised;
            var pnl = market.Money(realised.FloorToMoney());
            _history.AddSettlement(_sequence, holder, market, new SettlementDto("delivery", nowMs, pnl, pnl, market.Amount(entry.Size), mark, market.Name, index));
        }

        var sum = market.Money(total.FloorToMoney());
        _history.AddSettlement(_sequence, HistoryStore.PublicAccount, market, new SettlementDto("delivery", nowMs, sum, sum, market.Amount(market.OpenInterestLots), mark, market.Name, index));
    }

    private void Close(OrderView order, string state)
    {
        order.State = state;
        order.ClosedSequence = _sequence;
        Account(order.Account).OpenOrders.Remove(order.Id);
        _closedOrders.Enqueue(order.Id);
        while (_closedOrders.Count > ClosedOrderCapacity)
        {
            _orders.Remove(_closedOrders.Dequeue());
        }
    }

    private void Changed(OrderView order)
    {
        if (_changedOrderIds.Add(order.Id))
        {
            _changedOrders.Add(order);
        }
    }

    private MarketView Market(InstrumentId id) => _marketsById[id.Value] ?? throw new InvalidOperationException($"instrument {id} is not listed");

    private AccountView Account(int id)
    {
        if (!_accounts.TryGetValue(id, out var account))
        {
            account = new AccountView(id, _currencyCount);
            _accounts.Add(id, account);
        }

        return account;
    }

    private static string Direction(Side side) => side == Side.Buy ? "buy" : "sell";

    private static string OrderTypeName(OrderType type) => type == OrderType.Market ? "market" : "limit";
}
