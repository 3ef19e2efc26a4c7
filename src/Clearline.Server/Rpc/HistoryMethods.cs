using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Server.Venue;

namespace Clearline.Server.Rpc;

/// <summary>
/// Order and trade history, answered from the <see cref="HistoryStore"/> (so it reaches back past a restart): the
/// caller's closed orders and trades, and every instrument's public trades. Parameters are read before the store is
/// awaited; an account only ever sees its own orders and trades.
/// </summary>
internal sealed class HistoryMethods(VenueView view, HistoryStore history) : IRpcMethodModule
{
    /// <summary>Deribit's <c>_and_time</c> variants (what ccxt calls when given a <c>since</c>) select by time only, from a required start.</summary>
    private static readonly (string Suffix, bool ByTime)[] Variants = [("", false), ("_and_time", true)];

    public void Register(RpcMethodRegistry registry)
    {
        RegisterLastTrades(registry);
        RegisterUserTrades(registry);
        RegisterOrderHistory(registry);
    }

    private void RegisterLastTrades(RpcMethodRegistry registry)
    {
        foreach (var (suffix, byTime) in Variants)
        {
            RegisterLastTrades(registry, "public/get_last_trades_by_instrument" + suffix, byTime);
        }
    }

    private void RegisterLastTrades(RpcMethodRegistry registry, string name, bool byTime)
    {
        var b = new ParamSchemaBuilder();
        var instrument = b.AddString("instrument_name", required: true);
        var query = TradeQuery.Declare(b, byTime);
        registry.Add(new RpcMethod(name, b.Build(), async (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return VenueErrors.UnknownInstrument;
            }

            if (query.Read(p, out var q) is { } error)
            {
                return error;
            }

            var page = await history.PublicTradesAsync(market.Name, q.Range, q.Count, q.Ascending).ConfigureAwait(false);
            return RpcResult.Json(page, VenueJson.Default.TradesPagePublicTradeDto);
        }));
    }

    private void RegisterUserTrades(RpcMethodRegistry registry)
    {
        foreach (var (suffix, byTime) in Variants)
        {
            RegisterUserTradesByInstrument(registry, "private/get_user_trades_by_instrument" + suffix, byTime);
            RegisterUserTradesByCurrency(registry, "private/get_user_trades_by_currency" + suffix, byTime);
        }
    }

    private void RegisterUserTradesByInstrument(RpcMethodRegistry registry, string name, bool byTime)
    {
        var byInstrument = new ParamSchemaBuilder();
        var instrument = byInstrument.AddString("instrument_name", required: true);
        var instrumentQuery = TradeQuery.Declare(byInstrument, byTime);
        _ = byInstrument.AddBoolean("historical", required: false);
        registry.Add(AccountMethods.Reading(name, byInstrument.Build(), async (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return VenueErrors.UnknownInstrument;
            }

            if (instrumentQuery.Read(p, out var q) is { } error)
            {
                return error;
            }

            var page = await history.UserTradesAsync(c.Caller!.AccountId, [market.Name], q.Range, q.Count, q.Ascending).ConfigureAwait(false);
            return RpcResult.Json(page, VenueJson.Default.TradesPageUserTradeDto);
        }));
    }

    private void RegisterUserTradesByCurrency(RpcMethodRegistry registry, string name, bool byTime)
    {
        var byCurrency = new ParamSchemaBuilder();
        var currency = byCurrency.AddString("currency", required: true, AccountMethods.Currencies(view, withAny: true));
        var kind = byCurrency.AddString("kind", required: false, AccountMethods.Kinds);
        // Trades across instruments have no common trade_seq (Deribit pages them by trade id instead).
        var currencyQuery = TradeQuery.Declare(byCurrency, byTime, withSeq: false);
        _ = byCurrency.AddBoolean("historical", required: false);
        registry.Add(AccountMethods.Reading(name, byCurrency.Build(), async (p, c) =>
        {
            if (currencyQuery.Read(p, out var q) is { } error)
            {
                return error;
            }

            var instruments = Instruments(p.Get(currency), p.GetOrDefault(kind, "any"));
            var page = instruments.Length == 0
                ? new TradesPage<UserTradeDto>([], false)
                : await history.UserTradesAsync(c.Caller!.AccountId, instruments, q.Range, q.Count, q.Ascending).ConfigureAwait(false);
            return RpcResult.Json(page, VenueJson.Default.TradesPageUserTradeDto);
        }));
    }

    private void RegisterOrderHistory(RpcMethodRegistry registry)
    {
        var byInstrument = new ParamSchemaBuilder();
        var instrument = byInstrument.AddString("instrument_name", required: true);
        var instrumentPage = OrderPage.Declare(byInstrument);
        registry.Add(AccountMethods.Reading("private/get_order_history_by_instrument", byInstrument.Build(), async (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return VenueErrors.UnknownInstrument;
            }

            var (count, offset, unfilled) = instrumentPage.Read(p);
            var orders = await history.OrdersAsync(c.Caller!.AccountId, [market.Name], count, offset, unfilled).ConfigureAwait(false);
            return RpcResult.Json(orders, VenueJson.Default.OrderDtoArray);
        }));

        var byCurrency = new ParamSchemaBuilder();
        var currency = byCurrency.AddString("currency", required: true, AccountMethods.Currencies(view, withAny: true));
        var kind = byCurrency.AddString("kind", required: false, AccountMethods.Kinds);
        var currencyPage = OrderPage.Declare(byCurrency);
        registry.Add(AccountMethods.Reading("private/get_order_history_by_currency", byCurrency.Build(), async (p, c) =>
        {
            var (count, offset, unfilled) = currencyPage.Read(p);
            var instruments = Instruments(p.Get(currency), p.GetOrDefault(kind, "any"));
            var orders = instruments.Length == 0 ? [] : await history.OrdersAsync(c.Caller!.AccountId, instruments, count, offset, unfilled).ConfigureAwait(false);
            return RpcResult.Json(orders, VenueJson.Default.OrderDtoArray);
        }));
    }

    /// <summary>The instruments a currency and kind select.</summary>
    private string[] Instruments(string currency, string kind) =>
        [.. view.Markets.Where(m => AccountMethods.OfKind(m, kind) && AccountMethods.InCurrency(m, currency)).Select(m => m.Name)];
}

/// <summary>
/// The paging parameters the trade queries share, as Deribit names them: <c>count</c>, the trade_seq range (by
/// instrument, not by time), the time range in milliseconds (its start required by time), and <c>sorting</c>
/// (<c>default</c> is newest first).
/// </summary>
internal sealed class TradeQuery
{
    private Param<long> _count = null!;
    private Param<long>? _startSeq;
    private Param<long>? _endSeq;
    private Param<long> _startTimestamp = null!;
    private Param<long> _endTimestamp = null!;
    private Param<string> _sorting = null!;

    public static TradeQuery Declare(ParamSchemaBuilder b, bool byTime, bool withSeq = true)
    {
        withSeq &= !byTime;
        var q = new TradeQuery
        {
            _count = b.AddInteger("count", required: false, min: 1, max: 1000),
            _startSeq = withSeq ? b.AddInteger("start_seq", required: false, min: 0) : null,
            _endSeq = withSeq ? b.AddInteger("end_seq", required: false, min: 0) : null,
            _startTimestamp = b.AddInteger("start_timestamp", required: byTime, min: 0),
            _endTimestamp = b.AddInteger("end_timestamp", required: false, min: 0),
            _sorting = b.AddString("sorting", required: false, ["asc", "desc", "default"]),
        };
        // Accepted for compatibility (ccxt sends include_old); all history is kept, so it changes nothing.
        _ = b.AddBoolean("include_old", required: false);
        return q;
    }

    /// <summary>The query, or the error for a range whose start is after its end.</summary>
    public RpcError? Read(RpcParams p, out (int Count, TradeRange Range, bool Ascending) query)
    {
        var range = new TradeRange(Optional(p, _startSeq), Optional(p, _endSeq), Optional(p, _startTimestamp), Optional(p, _endTimestamp));
        query = ((int)p.GetOrDefault(_count, 10), range, p.GetOrDefault(_sorting, "desc") == "asc");
        if (range.StartSeq > range.EndSeq)
        {
            return RpcErrors.InvalidParams("start_seq", "must not be after end_seq");
        }

        return range.StartTimestamp > range.EndTimestamp ? RpcErrors.InvalidParams("start_timestamp", "must not be after end_timestamp") : null;
    }

    private static long? Optional(RpcParams p, Param<long>? param) => param is not null && p.TryGet(param, out var value) ? value : null;
}

/// <summary>Deribit's order-history paging: <c>count</c> (default 20), <c>offset</c>, and whether orders closed unfilled are included.</summary>
internal sealed class OrderPage
{
    private Param<long> _count = null!;
    private Param<long> _offset = null!;
    private Param<bool> _includeUnfilled = null!;

    public static OrderPage Declare(ParamSchemaBuilder b)
    {
        var page = new OrderPage
        {
            _count = b.AddInteger("count", required: false, min: 1, max: 1000),
            _offset = b.AddInteger("offset", required: false, min: 0, max: int.MaxValue),
            _includeUnfilled = b.AddBoolean("include_unfilled", required: false),
        };
        // All history is kept, so there is no older part for include_old to add.
        _ = b.AddBoolean("include_old", required: false);
        return page;
    }

    public (int Count, int Offset, bool IncludeUnfilled) Read(RpcParams p) =>
        ((int)p.GetOrDefault(_count, 20), (int)p.GetOrDefault(_offset, 0), p.GetOrDefault(_includeUnfilled, false));
}
