using System.Globalization;
using Clearline.Domain;
using Clearline.Options.Pricing;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Server.Rpc;

namespace Clearline.Server.Venue;

/// <summary>The read model's answers: every one built under the lock, and an account only ever sees its own.</summary>
internal sealed partial class VenueView
{
    public OrderBookDto OrderBook(MarketView market, int depth)
    {
        lock (_gate)
        {
            var t = Ticker(market);
            return new OrderBookDto(
                market.Name, t.Timestamp, market.ChangeId, market.State, Levels(market, market.Bids, depth), Levels(market, market.Asks, depth),
                t.BestBidPrice, t.BestBidAmount, t.BestAskPrice, t.BestAskAmount, t.MarkPrice, t.IndexPrice, t.LastPrice, t.MinPrice, t.MaxPrice,
                t.OpenInterest, t.CurrentFunding, t.Funding8h, t.MarkIv, t.BidIv, t.AskIv, t.UnderlyingPrice, t.UnderlyingIndex, t.InterestRate, t.Greeks, t.Stats);
        }
    }

    public TickerDto TickerOf(MarketView market)
    {
        lock (_gate)
        {
            return Ticker(market);
        }
    }

    /// <summary>The index by its name (<c>btc_usd</c>); null when there is none.</summary>
    public decimal? IndexPrice(string indexName)
    {
        lock (_gate)
        {
            return Markets.FirstOrDefault(m => m.IndexName == indexName && m.IndexE8 > 0)?.Index;
        }
    }

    /// <summary>A market's mark and index (10⁻⁸ USD, 0 when none), for the demo's feed and market maker.</summary>
    public (long MarkE8, long IndexE8) Prices(MarketView market)
    {
        lock (_gate)
        {
            return (market.MarkE8, market.IndexE8);
        }
    }

    /// <summary>The caller's order; null for an unknown order or another account's (the two are not told apart).</summary>
    public OrderDto? Order(int account, long orderId)
    {
        lock (_gate)
        {
            return FindOwn(account, orderId) is { } order ? ToDto(order) : null;
        }
    }

    /// <summary>The caller's order's instrument, for a cancel or edit; false for an unknown order or another account's.</summary>
    public bool TryFindOwnOrder(int account, long orderId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MarketView? market, out bool isOpen)
    {
        lock (_gate)
        {
            var order = FindOwn(account, orderId);
            (market, isOpen) = (order?.Market, order?.IsOpen ?? false);
            return order is not null;
        }
    }

    /// <summary>
    /// An order and the trades it made as taker in the command (<paramref name="sequence"/>) that placed or amended it:
    /// <c>private/buy</c>'s answer. Kept on the order, not searched for among the account's trades under the lock.
    /// </summary>
    public OrderWithTrades? OrderWithTrades(int account, long orderId, long sequence)
    {
        lock (_gate)
        {
            if (FindOwn(account, orderId) is not { } order)
            {
                return null;
            }

            UserTradeDto[] trades = order.TakerSequence == sequence ? [.. order.TakerTrades!] : [];
            return new OrderWithTrades(ToDto(order), trades);
        }
    }

    /// <summary>
    /// Gives the caller's order its <c>label</c> (kept by the read model and history only, not by the engine). An order
    /// that closed in the command that placed it is already in history, so its row is written again.
    /// </summary>
    public void SetLabel(int account, long orderId, string label)
    {
        lock (_gate)
        {
            if (FindOwn(account, orderId) is { } order)
            {
                order.Label = label;
                if (!order.IsOpen)
                {
                    _history.AddClosedOrder(order.ClosedSequence, account, ToDto(order), overwrite: true);
                }
            }
        }
    }

    public OrderDto[] OpenOrders(int account, Func<MarketView, bool> filter)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(account, out var a)
                ? [.. a.OpenOrders.Select(id => _orders[id]).Where(o => filter(o.Market)).Select(ToDto)]
                : [];
        }
    }

    /// <summary>The ids of an account's open orders in one market, ascending.</summary>
    public long[] OpenOrderIds(int account, MarketView market)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(account, out var a) ? [.. a.OpenOrders.Where(id => _orders[id].Market == market)] : [];
        }
    }

    public PositionDto Position(int account, MarketView market)
    {
        lock (_gate)
        {
            return ToPosition(account, market);
        }
    }

    /// <summary>Positions in the markets the filter keeps, flat ones left out (as Deribit does).</summary>
    public PositionDto[] Positions(int account, Func<MarketView, bool> filter)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(account, out var a))
            {
                return [];
            }

            return [.. Markets.Where(m => filter(m) && a.Positions.TryGetValue(m.Spec.Id.Value, out var p) && !p.Position.IsFlat).Select(m => ToPosition(account, m))];
        }
    }

    public AccountSummaryDto AccountSummary(int account, int currency)
    {
        lock (_gate)
        {
            return Summary(account, currency);
        }
    }

    public AccountSummaryDto[] AccountSummaries(int account)
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _currencyCount).Select(c => Summary(account, c))];
        }
    }

    private static PriceLevel[] Levels(MarketView market, SortedDictionary<long, long> levels, int depth) =>
        [.. levels.Take(depth).Select(l => new PriceLevel(market.Price(l.Key), market.Amount(l.Value)))];

    private OrderView? FindOwn(int account, long orderId) =>
        _orders.TryGetValue(orderId, out var order) && order.Account == account ? order : null;

    private TickerDto Ticker(MarketView market)
    {
        var bid = market.Bids.FirstOrDefault();
        var ask = market.Asks.FirstOrDefault();
        var (min, max) = market.Band();
        var perpetual = market.Spec.Kind == Domain.Instruments.InstrumentKind.Perpetual;
        var stats = new StatsDto(
            market.HighTicks is { } h ? market.Price(h) : null,
            market.LowTicks is { } l ? market.Price(l) : null,
            market.Amount(market.VolumeLots),
            null);
        return new TickerDto(
            market.Name, _batchTimestampUs / 1000, market.State,
            market.Bids.Count > 0 ? market.Price(bid.Key) : null, market.Bids.Count > 0 ? market.Amount(bid.Value) : 0m,
            market.Asks.Count > 0 ? market.Price(ask.Key) : null, market.Asks.Count > 0 ? market.Amount(ask.Value) : 0m,
            market.Mark, market.Index, market.LastPriceTicks is { } last ? market.Price(last) : null, min, max,
            market.Amount(market.OpenInterestLots), perpetual ? Funding(market) : null, perpetual ? Funding(market) : null, perpetual ? null : market.Index,
            market.Option?.Volatility is { } volatility ? Percent(volatility) : null,
            market.Option is { } bidOption ? (market.Bids.Count > 0 && bidOption.ImpliedVolatility(market.Price(bid.Key), _batchTimestampUs) is { } b ? Percent(b) : 0) : null,
            market.Option is { } askOption ? (market.Asks.Count > 0 && askOption.ImpliedVolatility(market.Price(ask.Key), _batchTimestampUs) is { } a ? Percent(a) : 0) : null,
            market.Option?.Forward, market.Option?.UnderlyingIndex, market.Option is null ? null : 0m,
            market.Option?.Greeks is { } g ? new GreeksDto(Math.Round(g.Delta, 5), Math.Round(g.Gamma, 5), Math.Round(g.Vega, 5), Math.Round(g.Theta, 5), Math.Round(g.Rho, 5)) : null,
            stats);
    }

    /// <summary>A volatility in percent to two decimals, as Deribit's <c>mark_iv</c>, <c>bid_iv</c>, <c>ask_iv</c>.</summary>
    /// <summary>A perpetual's funding rate as a fraction (Deribit's 8 decimals); 0 before the engine has reported one.</summary>
    private static decimal Funding(MarketView market) => decimal.Round((market.FundingRatePpb ?? 0) / 1_000_000_000m, 8);

    private static double Percent(double volatility) => Math.Round(DeribitGreeks.VolatilityPercent(volatility), 2);

    private OrderDto ToDto(OrderView o)
    {
        var m = o.Market;
        var average = o.FilledLots == 0 ? 0m : m.Spec.Ticks.TickSize * (decimal)o.FilledTicksLots / o.FilledLots;
        return new OrderDto(
            o.Id.ToString(CultureInfo.InvariantCulture), m.Name, Direction(o.Side), m.Amount(o.QuantityLots), m.Contracts(o.QuantityLots), m.Amount(o.FilledLots),
            o.Type == Domain.Orders.OrderType.Market ? null : m.Price(o.PriceTicks), average, o.State, OrderTypeName(o.Type),
            o.TimeInForce switch
            {
                Domain.Orders.TimeInForce.ImmediateOrCancel => "immediate_or_cancel",
                Domain.Orders.TimeInForce.FillOrKill => "fill_or_kill",
                _ => "good_til_cancelled",
            },
            o.PostOnly != Domain.Orders.PostOnly.Off, o.PostOnly == Domain.Orders.PostOnly.Reject, o.ReduceOnly, o.Label, o.CreatedMs, o.UpdatedMs, 0m,
            o.CancelReason, true, false, o.Replaced, m.Amount(o.QuantityLots));
    }

    /// <summary>A market's exposure for an account: its position and resting orders at the market's mark; null without a mark.</summary>
    private InstrumentExposure? Exposure(AccountView? account, MarketView market, out Position position)
    {
        position = account is not null && account.Positions.TryGetValue(market.Spec.Id.Value, out var p) ? p.Position : Risk.Positions.Position.Flat;
        if (market.MarkE8 <= 0)
        {
            return null;
        }

        var buys = new List<OrderLevel>();
        var sells = new List<OrderLevel>();
        if (account is not null)
        {
            foreach (var id in account.OpenOrders)
            {
                var order = _orders[id];
                if (order.Market == market)
                {
                    (order.Side == Side.Buy ? buys : sells).Add(new OrderLevel(new Quantity(order.RemainingLots), market.Terms.ToQuotePrice(new Price(order.PriceTicks))));
                }
            }
        }

        return InstrumentExposure.Create(market.Risk, position, new QuotePrice(market.MarkE8), [.. buys], [.. sells]);
    }

    private PositionDto ToPosition(int accountId, MarketView market)
    {
        _accounts.TryGetValue(accountId, out var account);
        var exposure = Exposure(account, market, out var position);
        var view = account is not null && account.Positions.TryGetValue(market.Spec.Id.Value, out var v) ? v : null;
        var realised = view is null ? 0m : market.Money(view.Realised.FloorToMoney());
        var size = market.Amount(position.Size);
        var sizeCurrency = SizeInCoin(market, position.Size);
        // An option's PnL is counted against its average premium, as on Deribit; the engine's position keeps no cost.
        var entry = market.Option is null || view is null ? position : position with { Cost = view.PremiumCost };
        var floating = exposure is not { } e ? 0m : market.Money(market.Option is null ? e.Unrealised : entry.Unrealised(market.Terms, new QuotePrice(market.MarkE8)));
        var margin = exposure?.PositionMargin ?? MarginRequirement.Zero;
        var initial = market.Money(margin.Initial);
        var (averageUsd, floatingUsd) = OptionUsd(market, view, position.Size);
        return new PositionDto(
            market.Name, market.Kind, position.Size > 0 ? "buy" : position.Size < 0 ? "sell" : "zero", size, sizeCurrency,
            position.IsFlat ? 0m : entry.AverageEntryPrice(market.Terms).ToDecimal(), averageUsd, market.Mark, market.Index,
            floating, floatingUsd, realised, floating + realised, initial, market.Money(margin.Maintenance),
            exposure is { } x ? market.Money(x.OrdersMargin) : 0m,
            initial == 0 ? 0m : decimal.Round(Math.Abs(Value(market, position.Size)) / initial, 2),
            Delta(market, position.Size), view is null ? 0m : market.Money(view.RealisedFunding), account is null ? null : LiquidationPrice(account, market, position)?.ToDecimal(),
            account is not null && account.Isolated.TryGetValue(market.Spec.Id.Value, out var collateral) ? market.Money(new Money(collateral)) : null);
    }

    /// <summary>
    /// An option position's <c>average_price_usd</c> (the USD premium of the lots held per underlying) and
    /// <c>floating_profit_loss_usd</c> (their value at the mark and the index now less that premium); null for a future.
    /// </summary>
    private static (decimal? Average, decimal? Floating) OptionUsd(MarketView market, PositionView? view, long size)
    {
        if (market.Option is null)
        {
            return (null, null);
        }

        if (view is null || size == 0)
        {
            return (0m, 0m);
        }

        var amount = market.Amount(Math.Abs(size));
        var value = amount * (market.Mark ?? 0m) * (market.Index ?? 0m);
        return (decimal.Round(view.PremiumUsd / amount, 2), decimal.Round(size > 0 ? value - view.PremiumUsd : view.PremiumUsd - value, 8));
    }

    /// <summary>
    /// The mark at which the position's pool (its currency's cross pool, or its own when isolated) would be due for
    /// liquidation, every other mark held: the highest such price at or below the mark (down to a hundredth of it) for a
    /// long, the lowest at or above it (up to 100 × the mark) for a short, found by bisection; null when there is none.
    /// </summary>
    private QuotePrice? LiquidationPrice(AccountView account, MarketView market, Position position)
    {
        var isolated = account.Isolated.TryGetValue(market.Spec.Id.Value, out var collateral);
        if (position.IsFlat || market.MarkE8 <= 0 || (account.Portfolio is not null && !isolated))
        {
            return null; // under portfolio margin every scenario moves every position: no one price says when (Deribit shows none either)
        }

        var exposures = new List<InstrumentExposure>();
        var own = -1;
        foreach (var m in Markets)
        {
            var inPool = m.CurrencyIndex == market.CurrencyIndex && (isolated ? m == market : !account.Isolated.ContainsKey(m.Spec.Id.Value));
            if (inPool && Exposure(account, m, out _) is { } exposure)
            {
                own = m == market ? exposures.Count : own;
                exposures.Add(exposure);
            }
        }

        var balance = new Money(isolated ? collateral : account.Balances[market.CurrencyIndex]);
        var pool = exposures.ToArray();
        bool DueAt(long e8)
        {
            pool[own] = pool[own].AtMark(new QuotePrice(e8), FineMoney.Zero);
            return MarginSummary.Compute(balance, pool).IsLiquidatable;
        }

        var isLong = position.Size > 0;
        // Within a hundredth to a hundred times the mark: an inverse position's value grows without bound as the price nears zero.
        var (low, high) = isLong ? (Math.Max(1, market.MarkE8 / 100), market.MarkE8) : (market.MarkE8, market.MarkE8 * 100);
        if (!DueAt(isLong ? low : high))
        {
            return null;
        }

        // Due at the far end: bisect for the boundary nearest the mark (for a long the highest due price, for a short the lowest).
        while (low < high)
        {
            var mid = isLong ? high - ((high - low) / 2) : low + ((high - low) / 2);
            (low, high) = (isLong, DueAt(mid)) switch
            {
                (true, true) => (mid, high),
                (true, false) => (low, mid - 1),
                (false, true) => (low, mid),
                (false, false) => (mid + 1, high),
            };
        }

        return new QuotePrice(low);
    }

    private AccountSummaryDto Summary(int accountId, int currency)
    {
        _accounts.TryGetValue(accountId, out var account);
        var exposures = new List<InstrumentExposure>();
        var delta = 0m;
        var (futuresPl, optionsPl) = (Money.Zero, Money.Zero);
        var options = default(OptionTotals);
        foreach (var market in Markets)
        {
            var isolated = account is not null && account.Isolated.ContainsKey(market.Spec.Id.Value);
            if (market.CurrencyIndex == currency && Exposure(account, market, out var position) is { } exposure)
            {
                // The Greeks and delta are the account's in the currency; the margin figures are the cross pool's.
                delta += Delta(market, position.Size);
                if (market.Option is not null)
                {
                    options = options.Add(market, position.Size, Delta(market, position.Size));
                }

                if (!isolated)
                {
                    exposures.Add(exposure);
                    (futuresPl, optionsPl) = market.Option is null ? (futuresPl + exposure.Unrealised, optionsPl) : (futuresPl, optionsPl + exposure.Unrealised);
                }
            }
        }

        var code = Clearing.Currencies.All[currency];
        var balance = new Money(account?.Balances[currency] ?? 0);
        var summary = MarginSummary.Compute(balance, [.. exposures]);
        if (account?.Portfolio is { } portfolio)
        {
            summary = summary with { PositionInitial = portfolio[currency].Initial, Maintenance = portfolio[currency].Maintenance };
        }

        decimal D(Money m) => code.ToDecimal(m);
        var withdrawable = Money.Zero;
        if (summary.AvailableFunds > Money.Zero)
        {
            withdrawable = summary.AvailableFunds < balance ? summary.AvailableFunds : balance;
        }

        var upl = D(summary.Unrealised);
        var ratio = summary.MarginBalance > Money.Zero ? decimal.Round((decimal)summary.Maintenance.Units / summary.MarginBalance.Units, 6) : 0m;
        return new AccountSummaryDto(
            code.Code, D(balance), D(summary.MarginBalance), D(summary.MarginBalance), D(summary.AvailableFunds), D(withdrawable),
            D(summary.Initial), D(summary.Maintenance), D(summary.Initial), D(summary.Maintenance), upl, 0m, upl, D(futuresPl), D(optionsPl),
            options.Value, delta, 0m, account?.Portfolio is null ? "segregated_sm" : "segregated_pm", account?.Portfolio is not null, ratio,
            options.Delta, decimal.Round(options.Gamma, 8), decimal.Round(options.Vega, 5), decimal.Round(options.Theta, 5));
    }

    /// <summary>An account's option positions in one currency summed: value at mark, net delta and the Greeks in Deribit's units, each × the underlying held.</summary>
    private readonly record struct OptionTotals(decimal Value, decimal Delta, decimal Gamma, decimal Vega, decimal Theta)
    {
        public OptionTotals Add(MarketView market, long lots, decimal delta)
        {
            var underlying = market.Amount(lots);
            var greeks = market.Option?.Greeks ?? default;
            return new OptionTotals(
                Value + VenueView.Value(market, lots), Delta + delta, Gamma + (underlying * (decimal)greeks.Gamma), Vega + (underlying * (decimal)greeks.Vega), Theta + (underlying * (decimal)greeks.Theta));
        }
    }

    /// <summary>
    /// A position's delta in the base coin: its size for a future; for an option its size × the Black-76 delta, less the
    /// mark for an inverse one (Deribit's net transaction delta: the premium is in the coin); 0 for an option without a mark.
    /// </summary>
    private static decimal Delta(MarketView market, long lots)
    {
        if (market.Option is not { } option)
        {
            return SizeInCoin(market, lots);
        }

        if (option.Greeks is not { } greeks || market.Mark is not { } mark)
        {
            return 0m;
        }

        var perUnderlying = (decimal)greeks.Delta - (market.Spec.Settlement == Domain.Instruments.SettlementType.Inverse ? mark : 0m);
        return decimal.Round(market.Amount(lots) * perUnderlying, 8);
    }

    /// <summary>Signed size in the base coin: USD / mark for an inverse future, the amount itself for a linear one or an option.</summary>
    private static decimal SizeInCoin(MarketView market, long lots)
    {
        var amount = market.Amount(lots);
        if (market.Spec.Settlement == Domain.Instruments.SettlementType.Linear || market.Option is not null)
        {
            return amount;
        }

        return market.Mark is { } mark ? decimal.Round(amount / mark, 8) : 0m;
    }

    /// <summary>Signed value in the settlement currency at the mark (coin for inverse, USDC for linear; an option's mark is its premium per underlying in it).</summary>
    private static decimal Value(MarketView market, long lots) =>
        market.Spec.Settlement == Domain.Instruments.SettlementType.Linear || market.Option is not null ? market.Amount(lots) * (market.Mark ?? 0m) : SizeInCoin(market, lots);
}
