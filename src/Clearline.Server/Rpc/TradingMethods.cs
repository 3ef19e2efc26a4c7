using System.Globalization;
using System.Runtime.CompilerServices;
using Clearline.Api.Auth;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Api.RateLimiting;
using Clearline.Api.Transport;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Engine.Pipeline;
using Clearline.Risk;
using Clearline.Server.Venue;

namespace Clearline.Server.Rpc;

/// <summary>
/// Order entry: <c>private/buy</c>, <c>sell</c>, <c>edit</c>, the cancels, cancel-on-disconnect and the isolated
/// margin of a position (<c>private/set_isolated_margin</c>, a Clearline extension). Parameters are
/// checked against the instrument here (tick grid, lot size, bounds, unsupported features), so bad input is answered
/// with an error and never becomes a command; what only the engine can judge (funds, band, post-only) comes back
/// as its reject reason. Orders are sent with id 0 and take the command's sequence as id.
/// </summary>
internal sealed class TradingMethods(VenueView view, VenueEngine engine) : IRpcMethodModule
{
    private const int MaxLabelLength = 64;

    private static readonly string[] OrderTypes = ["limit", "market", "stop_limit", "stop_market", "take_limit", "take_market", "market_limit", "trailing_stop"];
    private static readonly string[] TimesInForce = ["good_til_cancelled", "good_til_day", "fill_or_kill", "immediate_or_cancel"];

    /// <summary>Sessions that asked for cancel-on-disconnect, and the registration that fires it.</summary>
    private readonly ConditionalWeakTable<RpcSession, object> _cancelOnDisconnect = [];

    public void Register(RpcMethodRegistry registry)
    {
        RegisterOrderEntry(registry, "private/buy", Side.Buy);
        RegisterOrderEntry(registry, "private/sell", Side.Sell);
        RegisterEdit(registry);
        RegisterCancel(registry);
        RegisterCancelAll(registry);
        RegisterCancelOnDisconnect(registry);
        RegisterIsolatedMargin(registry);
        RegisterMarginModel(registry);
    }

    private static RpcMethod Trading(string name, ParamSchema schema, RpcHandler handler) =>
        new(name, schema, handler) { RequiredScopes = ApiScopes.Trade, Pool = CreditPool.MatchingEngine };

    private void RegisterOrderEntry(RpcMethodRegistry registry, string name, Side side)
    {
        var b = new ParamSchemaBuilder();
        var instrument = b.AddString("instrument_name", required: true);
        var size = AmountParams.Declare(b);
        var type = b.AddString("type", required: false, OrderTypes);
        var label = b.AddString("label", required: false);
        var price = b.AddNumber("price", required: false);
        var timeInForce = b.AddString("time_in_force", required: false, TimesInForce);
        var maxShow = b.AddNumber("max_show", required: false);
        var postOnly = b.AddBoolean("post_only", required: false);
        var rejectPostOnly = b.AddBoolean("reject_post_only", required: false);
        var reduceOnly = b.AddBoolean("reduce_only", required: false);
        var triggerPrice = b.AddNumber("trigger_price", required: false);
        var triggerOffset = b.AddNumber("trigger_offset", required: false);
        var trigger = b.AddString("trigger", required: false, ["index_price", "mark_price", "last_price"]);
        var advanced = b.AddString("advanced", required: false, ["usd", "implv"]);
        var mmp = b.AddBoolean("mmp", required: false);
        var validUntil = b.AddInteger("valid_until", required: false);

        registry.Add(Trading(name, b.Build(), async (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return VenueErrors.UnknownInstrument;
            }

            var unsupported = Unsupported(p.Has(triggerPrice) || p.Has(triggerOffset) || p.Has(trigger), "trigger_price")
                ?? Unsupported(p.Has(advanced), "advanced")
                ?? Unsupported(p.GetOrDefault(mmp, false), "mmp")
                ?? Unsupported(p.Has(validUntil), "valid_until")
                ?? Unsupported(p.GetOrDefault(timeInForce, "") == "good_til_day", "time_in_force");
            if (unsupported is not null)
            {
                return unsupported;
            }

            var orderType = p.GetOrDefault(type, "limit");
            if (orderType is not ("limit" or "market"))
            {
                return RpcErrors.InvalidParams("type", "only limit and market orders are supported");
            }

            if (p.TryGet(label, out var text) && text.Length > MaxLabelLength)
            {
                return RpcErrors.InvalidParams("label", $"must be at most {MaxLabelLength} characters");
            }

            if (size.TryRead(p, market, out var quantity) is { } sizeError)
            {
                return sizeError;
            }

            var tif = p.GetOrDefault(timeInForce, "good_til_cancelled") switch
            {
                "fill_or_kill" => TimeInForce.FillOrKill,
                "immediate_or_cancel" => TimeInForce.ImmediateOrCancel,
                _ => orderType == "market" ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled,
            };
            var post = p.GetOrDefault(postOnly, false) ? (p.GetOrDefault(rejectPostOnly, false) ? PostOnly.Reject : PostOnly.Reprice) : PostOnly.Off;
            if (post != PostOnly.Off && (orderType != "limit" || tif != TimeInForce.GoodTilCancelled))
            {
                return RpcErrors.InvalidParams("post_only", "applies to good_til_cancelled limit orders only");
            }

            var reduce = p.GetOrDefault(reduceOnly, false);
            if (reduce && orderType == "limit" && tif == TimeInForce.GoodTilCancelled)
            {
                return RpcErrors.InvalidParams("reduce_only", "applies to market, immediate_or_cancel and fill_or_kill orders only: a reduce-only order may not rest");
            }

            var display = Quantity.Zero;
            if (p.TryGet(maxShow, out var show))
            {
                if (!market.Spec.TryToQuantity(show, out display) || display > quantity)
                {
                    return RpcErrors.InvalidParams("max_show", $"must be a positive multiple of {market.Spec.LotSize} up to the amount (hidden orders are not supported)");
                }

                display = display == quantity ? Quantity.Zero : display;
            }

            Price limit;
            if (orderType == "limit")
            {
                if (!p.TryGet(price, out var value))
                {
                    return RpcErrors.InvalidParams("price", "missing");
                }

                if (ToPrice(market, value, "price") is { } priceError)
                {
                    return priceError;
                }

                market.Spec.Ticks.TryToPrice(value, out limit);
            }
            else if (!TryProtectionPrice(market, side, out limit))
            {
                return VenueErrors.NoIndex;
            }

            var command = new NewOrder(market.Spec.Id, default, new AccountId(c.Caller!.AccountId), side, orderType == "market" ? OrderType.Market : OrderType.Limit, tif, limit, quantity, display, post, ReduceOnly: reduce);
            var result = await engine.SubmitAsync(command).ConfigureAwait(false);
            if (result.Outcome != CommandOutcome.Accepted)
            {
                return VenueErrors.For(result, side);
            }

            var id = EngineState.AssignedOrderId(result.Sequence).Value;
            if (text is { Length: > 0 })
            {
                view.SetLabel(c.Caller.AccountId, id, text);
            }

            return RpcResult.Json(view.OrderWithTrades(c.Caller.AccountId, id, result.Sequence)!, VenueJson.Default.OrderWithTrades);
        }));
    }

    private void RegisterEdit(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var orderId = b.AddString("order_id", required: true);
        var size = AmountParams.Declare(b);
        var price = b.AddNumber("price", required: false);
        // The order keeps the post-only behaviour it was placed with; these are accepted because Deribit clients send them.
        _ = b.AddBoolean("post_only", required: false);
        _ = b.AddBoolean("reject_post_only", required: false);
        var reduceOnly = b.AddBoolean("reduce_only", required: false);
        registry.Add(Trading("private/edit", b.Build(), async (p, c) =>
        {
            var account = c.Caller!.AccountId;
            if (!TryParseId(p.Get(orderId), out var id) || !view.TryFindOwnOrder(account, id, out var market, out var isOpen))
            {
                return VenueErrors.OrderNotFound;
            }

            if (!isOpen)
            {
                return VenueErrors.AlreadyClosed;
            }

            if (Unsupported(p.GetOrDefault(reduceOnly, false), "reduce_only") is { } unsupported)
            {
                return unsupported;
            }

            if (size.TryRead(p, market, out var quantity) is { } sizeError)
            {
                return sizeError;
            }

            var current = view.Order(account, id)!;
            var newPrice = p.TryGet(price, out var value) ? value : current.Price ?? 0m;
            if (ToPrice(market, newPrice, "price") is { } priceError)
            {
                return priceError;
            }

            market.Spec.Ticks.TryToPrice(newPrice, out var limit);
            var result = await engine.SubmitAsync(new AmendOrder(market.Spec.Id, new OrderId(id), new AccountId(account), limit, quantity)).ConfigureAwait(false);
            return result.Outcome == CommandOutcome.Accepted
                ? RpcResult.Json(view.OrderWithTrades(account, id, result.Sequence)!, VenueJson.Default.OrderWithTrades)
                : VenueErrors.For(result, current.Direction == "buy" ? Side.Buy : Side.Sell);
        }));
    }

    private void RegisterCancel(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var orderId = b.AddString("order_id", required: true);
        registry.Add(Trading("private/cancel", b.Build(), async (p, c) =>
        {
            var account = c.Caller!.AccountId;
            if (!TryParseId(p.Get(orderId), out var id) || !view.TryFindOwnOrder(account, id, out var market, out var isOpen))
            {
                return VenueErrors.OrderNotFound;
            }

            if (!isOpen)
            {
                return VenueErrors.AlreadyClosed;
            }

            var result = await engine.SubmitAsync(new CancelOrder(market.Spec.Id, new OrderId(id), new AccountId(account))).ConfigureAwait(false);
            return result.Outcome == CommandOutcome.Accepted
                ? RpcResult.Json(view.Order(account, id)!, VenueJson.Default.OrderDto)
                : VenueErrors.For(result);
        }));
    }

    private void RegisterCancelAll(RpcMethodRegistry registry)
    {
        string[] types = ["all", "limit"];
        var all = new ParamSchemaBuilder();
        _ = all.AddString("type", required: false, types);
        _ = all.AddBoolean("detailed", required: false);
        registry.Add(Trading("private/cancel_all", all.Build(), (p, c) => CancelAllAsync(c, _ => true, [null])));

        var byInstrument = new ParamSchemaBuilder();
        var instrument = byInstrument.AddString("instrument_name", required: true);
        _ = byInstrument.AddString("type", required: false, types);
        _ = byInstrument.AddBoolean("detailed", required: false);
        registry.Add(Trading("private/cancel_all_by_instrument", byInstrument.Build(), (p, c) =>
            view.TryGetMarket(p.Get(instrument), out var market)
                ? CancelAllAsync(c, m => m == market, [market.Spec.Id])
                : new(VenueErrors.UnknownInstrument)));

        var byCurrency = new ParamSchemaBuilder();
        var currency = byCurrency.AddString("currency", required: true, [.. view.Clearing.Currencies.All.Select(x => x.Code)]);
        var kind = byCurrency.AddString("kind", required: false, ["future", "option", "spot", "future_combo", "option_combo", "combo", "any"]);
        _ = byCurrency.AddString("type", required: false, types);
        _ = byCurrency.AddBoolean("detailed", required: false);
        registry.Add(Trading("private/cancel_all_by_currency", byCurrency.Build(), (p, c) =>
        {
            var code = p.Get(currency);
            var k = p.GetOrDefault(kind, "any");
            MarketView[] markets = [.. view.Markets.Where(m => AccountMethods.OfKind(m, k) && (m.Spec.BaseCurrency == code || m.Currency.Code == code))];
            return CancelAllAsync(c, markets.Contains, [.. markets.Select(m => (InstrumentId?)m.Spec.Id)]);
        }));
    }

    /// <summary>One cancel-all per instrument (null: every instrument); answers with how many orders the filter's markets lost.</summary>
    private async ValueTask<RpcResult> CancelAllAsync(RpcCallContext c, Func<MarketView, bool> filter, InstrumentId?[] instruments)
    {
        var account = c.Caller!.AccountId;
        var before = view.OpenOrders(account, filter).Length;
        foreach (var instrument in instruments)
        {
            var result = await engine.SubmitAsync(new CancelAllOrders(new AccountId(account), instrument)).ConfigureAwait(false);
            if (!result.IsDurable)
            {
                return VenueErrors.For(result);
            }
        }

        return RpcResult.Of(before - view.OpenOrders(account, filter).Length);
    }

    /// <summary>
    /// Sets the collateral set aside for the caller's position in one instrument, in its settlement currency: a positive
    /// amount isolates the market (or tops up or releases collateral), zero returns it to cross margin. Answers the
    /// position, whose <c>isolated_margin</c> shows the pool (null on cross margin).
    /// </summary>
    private void RegisterIsolatedMargin(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var instrument = b.AddString("instrument_name", required: true);
        var amount = b.AddNumber("amount", required: true, min: 0m);
        registry.Add(Trading("private/set_isolated_margin", b.Build(), async (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return VenueErrors.UnknownInstrument;
            }

            if (!market.Currency.TryToMoney(p.Get(amount), out var collateral))
            {
                return RpcErrors.InvalidParams("amount", $"must be a {market.Currency.Code} amount with at most {market.Currency.Decimals} decimals");
            }

            var account = c.Caller!.AccountId;
            var result = await engine.SubmitAsync(new SetIsolatedMargin(new AccountId(account), market.Spec.Id, collateral)).ConfigureAwait(false);
            return result.Outcome == CommandOutcome.Accepted
                ? RpcResult.Json(view.Position(account, market), VenueJson.Default.PositionDto)
                : VenueErrors.For(result);
        }));
    }

    /// <summary>
    /// Deribit's <c>private/change_margin_model</c> for the caller's own account: <c>segregated_pm</c> (portfolio margin)
    /// or <c>segregated_sm</c> (standard), since every currency here is margined on its own; the cross-collateral models
    /// and dry runs are refused. The engine takes the switch only if every pool meets its new initial margin. Answers,
    /// per currency, the pool before and after.
    /// </summary>
    private void RegisterMarginModel(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var model = b.AddString("margin_model", required: true, ["cross_pm", "cross_sm", "segregated_pm", "segregated_sm"]);
        var user = b.AddInteger("user_id", required: false);
        var dryRun = b.AddBoolean("dry_run", required: false);
        registry.Add(Trading("private/change_margin_model", b.Build(), async (p, c) =>
        {
            var account = c.Caller!.AccountId;
            if (p.Has(user) && p.Get(user) != account)
            {
                return RpcErrors.InvalidParams("user_id", "only the caller's own account");
            }

            if (Unsupported(p.GetOrDefault(dryRun, false), "dry_run") is { } error)
            {
                return error;
            }

            var name = p.Get(model);
            if (name.StartsWith("cross_", StringComparison.Ordinal))
            {
                return RpcErrors.InvalidParams("margin_model", "each currency is margined on its own here: segregated_sm or segregated_pm");
            }

            var before = view.AccountSummaries(account);
            var result = await engine.SubmitAsync(new SetMarginModel(new AccountId(account), name == "segregated_pm" ? MarginModel.Portfolio : MarginModel.Standard)).ConfigureAwait(false);
            if (result.Outcome != CommandOutcome.Accepted)
            {
                return VenueErrors.For(result);
            }

            var after = view.AccountSummaries(account);
            MarginModelChangeDto[] changes = [.. before.Zip(after, (old, now) => new MarginModelChangeDto(old.Currency, MarginStateDto.Of(old), MarginStateDto.Of(now)))];
            return RpcResult.Json(changes, VenueJson.Default.MarginModelChangeDtoArray);
        }));
    }

    private void RegisterCancelOnDisconnect(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        _ = b.AddString("scope", required: false, ["connection"]);
        registry.Add(new RpcMethod("private/enable_cancel_on_disconnect", b.Build(), (p, c) =>
        {
            var session = c.Session!;
            var account = new AccountId(c.Caller!.AccountId);
            // Once per session; the cancel is a journaled command like any other, sent when the socket closes.
            _cancelOnDisconnect.GetValue(session, s => s.Closed.Register(() => _ = engine.SubmitAsync(new CancelAllOrders(account)).AsTask()));
            return new(RpcResult.Ok);
        })
        {
            RequiredScopes = ApiScopes.Trade,
            Transports = RpcTransport.WebSocket,
        });
    }

    private static RpcError? Unsupported(bool used, string param) => used ? RpcErrors.InvalidParams(param, "not supported") : null;

    private static RpcError? ToPrice(MarketView market, decimal value, string param)
    {
        if (!market.Spec.Ticks.TryToPrice(value, out var price))
        {
            return RpcErrors.InvalidParams(param, $"must be a positive multiple of the tick size {market.Spec.Ticks.TickSize.ToString(CultureInfo.InvariantCulture)}");
        }

        return price > market.Spec.MaxPrice
            ? RpcErrors.InvalidParams(param, $"must be at most {market.Price(market.Spec.MaxPrice.Ticks).ToString(CultureInfo.InvariantCulture)}")
            : null;
    }

    /// <summary>
    /// A market order's worst price: 90% of the way to the edge of the price band, on the tick grid (a stepped one
    /// included), inside the band. Not the edge itself: the engine checks the band against its own mark, which may have
    /// moved since the read model's. A market without a band (an option) has nothing to stay inside: a buy may reach
    /// the instrument's highest price, a sell its lowest.
    /// </summary>
    private bool TryProtectionPrice(MarketView market, Side side, out Price price)
    {
        price = default;
        var (markE8, _) = view.Prices(market);
        if (markE8 <= 0)
        {
            return false;
        }

        var grid = market.Spec.Ticks;
        if (market.PriceBandPpm == 0)
        {
            price = side == Side.Buy ? market.Spec.MaxPrice : grid.NextUp(Price.Zero);
            return true;
        }

        var band = markE8 / 1_000_000 * market.PriceBandPpm * 9 / 10;
        var edge = new QuotePrice(side == Side.Buy ? markE8 + band : markE8 - band).ToDecimal() / grid.TickSize;
        var ticks = new Price(Math.Clamp(side == Side.Buy ? (long)Math.Floor(edge) : (long)Math.Ceiling(edge), 1, market.Spec.MaxPrice.Ticks));
        price = grid.IsOnGrid(ticks) ? ticks : side == Side.Buy ? grid.NextDown(ticks) : grid.NextUp(ticks);
        return true;
    }

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}

/// <summary><c>amount</c> or <c>contracts</c> (Deribit accepts either; both must then agree), as lots of the instrument.</summary>
internal sealed class AmountParams
{
    private Param<decimal> _amount = null!;
    private Param<decimal> _contracts = null!;

    public static AmountParams Declare(ParamSchemaBuilder b) => new()
    {
        _amount = b.AddNumber("amount", required: false),
        _contracts = b.AddNumber("contracts", required: false),
    };

    /// <returns>Null when <paramref name="quantity"/> was read; otherwise the error naming the parameter.</returns>
    public RpcError? TryRead(RpcParams p, MarketView market, out Quantity quantity)
    {
        quantity = default;
        var spec = market.Spec;
        decimal amount;
        string param;
        if (p.TryGet(_amount, out var a))
        {
            (amount, param) = (a, "amount");
            if (p.TryGet(_contracts, out var c) && (!TryScale(c, spec.ContractSize, out var fromContracts) || fromContracts != a))
            {
                return RpcErrors.InvalidParams("contracts", "does not match amount");
            }
        }
        else if (p.TryGet(_contracts, out var c))
        {
            param = "contracts";
            if (!TryScale(c, spec.ContractSize, out amount))
            {
                return RpcErrors.InvalidParams(param, "is too large");
            }
        }
        else
        {
            return RpcErrors.InvalidParams("amount", "missing");
        }

        if (!spec.TryToQuantity(amount, out quantity))
        {
            return RpcErrors.InvalidParams(param, $"must be a positive multiple of the minimum trade amount {spec.LotSize.ToString(CultureInfo.InvariantCulture)}");
        }

        return quantity > spec.MaxOrderQuantity
            ? RpcErrors.InvalidParams(param, $"must be at most {spec.ToAmount(spec.MaxOrderQuantity).ToString(CultureInfo.InvariantCulture)}")
            : null;
    }

    private static bool TryScale(decimal contracts, decimal contractSize, out decimal amount)
    {
        try
        {
            amount = contracts * contractSize;
            return true;
        }
        catch (OverflowException)
        {
            amount = 0;
            return false;
        }
    }
}
