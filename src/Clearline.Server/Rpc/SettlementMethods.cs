using System.Globalization;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Server.Venue;

namespace Clearline.Server.Rpc;

/// <summary>
/// Delivery prices and settlements, answered from the <see cref="HistoryStore"/> (the read model records them at each
/// delivery): an index's delivery prices, the markets' settlements (public) and the caller's own (private).
/// </summary>
internal sealed class SettlementMethods(VenueView view, HistoryStore history) : IRpcMethodModule
{
    /// <summary>Deribit's kinds; only deliveries happen here (no daily settlement sessions, no bankruptcies recorded).</summary>
    private static readonly string[] Types = ["settlement", "delivery", "bankruptcy"];

    public void Register(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var index = b.AddString("index_name", required: true, [.. view.Clearing.Indices.Select(i => i.Name)]);
        var offset = b.AddInteger("offset", required: false, min: 0, max: int.MaxValue);
        var count = b.AddInteger("count", required: false, min: 1, max: 1000);
        registry.Add(new RpcMethod("public/get_delivery_prices", b.Build(), async (p, c) =>
        {
            var prices = await history.DeliveryPricesAsync(p.Get(index), (int)p.GetOrDefault(offset, 0), (int)p.GetOrDefault(count, 10)).ConfigureAwait(false);
            return RpcResult.Json(prices, VenueJson.Default.DeliveryPricesDto);
        }));

        foreach (var (name, isPrivate) in (ReadOnlySpan<(string, bool)>)[("public/get_last_settlements_by", false), ("private/get_settlement_history_by", true)])
        {
            RegisterByInstrument(registry, name + "_instrument", isPrivate);
            RegisterByCurrency(registry, name + "_currency", isPrivate);
        }
    }

    private void RegisterByInstrument(RpcMethodRegistry registry, string name, bool isPrivate)
    {
        var b = new ParamSchemaBuilder();
        var instrument = b.AddString("instrument_name", required: true);
        var query = SettlementQuery.Declare(b);
        registry.Add(Method(name, b.Build(), isPrivate, async (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return VenueErrors.UnknownInstrument;
            }

            return await SettlementsAsync(query, p, c, isPrivate, [market.Name]).ConfigureAwait(false);
        }));
    }

    private void RegisterByCurrency(RpcMethodRegistry registry, string name, bool isPrivate)
    {
        var b = new ParamSchemaBuilder();
        var currency = b.AddString("currency", required: true, AccountMethods.Currencies(view, withAny: false));
        var query = SettlementQuery.Declare(b);
        registry.Add(Method(name, b.Build(), isPrivate, (p, c) =>
        {
            var code = p.Get(currency);
            return SettlementsAsync(query, p, c, isPrivate, [.. view.Markets.Where(m => m.Currency.Code == code).Select(m => m.Name)]);
        }));
    }

    private async ValueTask<RpcResult> SettlementsAsync(SettlementQuery query, RpcParams p, RpcCallContext c, bool isPrivate, string[] instruments)
    {
        if (query.Read(p, out var q) is { } error)
        {
            return error;
        }

        var account = isPrivate ? c.Caller!.AccountId : HistoryStore.PublicAccount;
        var page = await history.SettlementsAsync(account, instruments, q.Type, q.Before, q.Until, q.Count).ConfigureAwait(false);
        return RpcResult.Json(page, VenueJson.Default.SettlementsPage);
    }

    private static RpcMethod Method(string name, ParamSchema schema, bool isPrivate, RpcHandler handler) =>
        isPrivate ? AccountMethods.Reading(name, schema, handler) : new RpcMethod(name, schema, handler);

    /// <summary>Deribit's settlement paging: <c>type</c>, <c>count</c> (default 20), <c>continuation</c> and <c>search_start_timestamp</c> (the latest time listed).</summary>
    private sealed class SettlementQuery
    {
        private Param<string> _type = null!;
        private Param<long> _count = null!;
        private Param<string> _continuation = null!;
        private Param<long> _searchStart = null!;

        public static SettlementQuery Declare(ParamSchemaBuilder b) => new()
        {
            _type = b.AddString("type", required: false, Types),
            _count = b.AddInteger("count", required: false, min: 1, max: 1000),
            _continuation = b.AddString("continuation", required: false),
            _searchStart = b.AddInteger("search_start_timestamp", required: false, min: 0),
        };

        /// <summary>The query, or the error for a continuation this venue did not give.</summary>
        public RpcError? Read(RpcParams p, out (string? Type, int Count, long? Before, long? Until) query)
        {
            long? before = null;
            if (p.TryGet(_continuation, out var text))
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    query = default;
                    return RpcErrors.InvalidParams("continuation", "is not a continuation this venue gave");
                }

                before = id;
            }

            query = (p.TryGet(_type, out var type) ? type : null, (int)p.GetOrDefault(_count, 20), before, p.TryGet(_searchStart, out var until) ? until : null);
            return null;
        }
    }
}
