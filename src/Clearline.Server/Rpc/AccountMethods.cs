using Clearline.Api.Auth;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Server.Venue;

namespace Clearline.Server.Rpc;

/// <summary>
/// The caller's own open orders, positions and balances (history is in <see cref="HistoryMethods"/>). Every answer is for the authenticated account only; an
/// order of another account is answered exactly like one that does not exist.
/// </summary>
internal sealed class AccountMethods(VenueView view, HistoryStore history) : IRpcMethodModule
{
    internal static readonly string[] Kinds = ["future", "option", "spot", "future_combo", "option_combo", "any"];
    private static readonly string[] OpenOrderTypes = ["all", "limit", "trigger_all", "stop_all", "stop_limit", "stop_market", "take_all", "take_limit", "take_market", "trailing_all", "trailing_stop"];

    public void Register(RpcMethodRegistry registry)
    {
        RegisterOpenOrders(registry);
        RegisterOrderState(registry);
        RegisterPositions(registry);
        RegisterAccountSummaries(registry);
    }

    internal static RpcMethod Reading(string name, ParamSchema schema, RpcHandler handler) => new(name, schema, handler) { RequiredScopes = ApiScopes.Read };

    /// <summary>Only limit orders rest: trigger order types select nothing.</summary>
    private static bool Selects(string type) => type is "all" or "limit";

    /// <summary>Whether a market is of the kind asked for (<c>future</c> or <c>option</c>; <c>any</c> selects all, the combo and spot kinds none).</summary>
    internal static bool OfKind(MarketView market, string kind) => kind == "any" || market.Kind == kind;

    private void RegisterOpenOrders(RpcMethodRegistry registry)
    {
        var byInstrument = new ParamSchemaBuilder();
        var instrument = byInstrument.AddString("instrument_name", required: true);
        var instrumentType = byInstrument.AddString("type", required: false, OpenOrderTypes);
        registry.Add(Reading("private/get_open_orders_by_instrument", byInstrument.Build(), (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return new(VenueErrors.UnknownInstrument);
            }

            var orders = Selects(p.GetOrDefault(instrumentType, "all")) ? view.OpenOrders(c.Caller!.AccountId, m => m == market) : [];
            return new(RpcResult.Json(orders, VenueJson.Default.OrderDtoArray));
        }));

        var byCurrency = new ParamSchemaBuilder();
        var currency = byCurrency.AddString("currency", required: true, Currencies(view, withAny: true));
        var kind = byCurrency.AddString("kind", required: false, Kinds);
        var currencyType = byCurrency.AddString("type", required: false, OpenOrderTypes);
        registry.Add(Reading("private/get_open_orders_by_currency", byCurrency.Build(), (p, c) =>
        {
            var code = p.Get(currency);
            var k = p.GetOrDefault(kind, "any");
            var orders = Selects(p.GetOrDefault(currencyType, "all"))
                ? view.OpenOrders(c.Caller!.AccountId, m => OfKind(m, k) && InCurrency(m, code))
                : [];
            return new(RpcResult.Json(orders, VenueJson.Default.OrderDtoArray));
        }));
    }

    private void RegisterOrderState(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var orderId = b.AddString("order_id", required: true);
        registry.Add(Reading("private/get_order_state", b.Build(), async (p, c) =>
        {
            if (!long.TryParse(p.Get(orderId), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return VenueErrors.OrderNotFound;
            }

            // Orders closed long ago, or before a restart, are no longer in the read model.
            var account = c.Caller!.AccountId;
            var found = view.Order(account, id) ?? await history.OrderAsync(account, id).ConfigureAwait(false);
            return found is null ? VenueErrors.OrderNotFound : RpcResult.Json(found, VenueJson.Default.OrderDto);
        }));
    }

    private void RegisterPositions(RpcMethodRegistry registry)
    {
        var one = new ParamSchemaBuilder();
        var instrument = one.AddString("instrument_name", required: true);
        registry.Add(Reading("private/get_position", one.Build(), (p, c) =>
            new(view.TryGetMarket(p.Get(instrument), out var market)
                ? RpcResult.Json(view.Position(c.Caller!.AccountId, market), VenueJson.Default.PositionDto)
                : VenueErrors.UnknownInstrument)));

        var all = new ParamSchemaBuilder();
        var currency = all.AddString("currency", required: false, Currencies(view, withAny: true));
        var kind = all.AddString("kind", required: false, Kinds);
        registry.Add(Reading("private/get_positions", all.Build(), (p, c) =>
        {
            var code = p.GetOrDefault(currency, "any");
            var k = p.GetOrDefault(kind, "any");
            var positions = view.Positions(c.Caller!.AccountId, m => OfKind(m, k) && InCurrency(m, code));
            return new(RpcResult.Json(positions, VenueJson.Default.PositionDtoArray));
        }));
    }

    private void RegisterAccountSummaries(RpcMethodRegistry registry)
    {
        var one = new ParamSchemaBuilder();
        var currency = one.AddString("currency", required: true, Currencies(view, withAny: false));
        _ = one.AddBoolean("extended", required: false);
        registry.Add(Reading("private/get_account_summary", one.Build(), (p, c) =>
        {
            var index = view.Clearing.Currencies.All.ToList().FindIndex(x => x.Code == p.Get(currency));
            return new(RpcResult.Json(view.AccountSummary(c.Caller!.AccountId, index), VenueJson.Default.AccountSummaryDto));
        }));

        var all = new ParamSchemaBuilder();
        _ = all.AddBoolean("extended", required: false);
        registry.Add(Reading("private/get_account_summaries", all.Build(), (p, c) =>
        {
            var account = c.Caller!.AccountId;
            return new(RpcResult.Json(new AccountSummariesDto(account, "main", view.AccountSummaries(account)), VenueJson.Default.AccountSummariesDto));
        }));
    }

    internal static bool InCurrency(MarketView market, string code) =>
        code == "any" || market.Spec.BaseCurrency == code || market.Currency.Code == code;

    internal static string[] Currencies(VenueView view, bool withAny) =>
        [.. view.Clearing.Currencies.All.Select(x => x.Code), .. withAny ? (string[])["any"] : []];
}
