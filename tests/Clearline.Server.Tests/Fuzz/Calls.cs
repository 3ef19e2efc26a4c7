namespace Clearline.Server.Tests.Fuzz;

/// <summary>How a parameter is declared: what counts as the wrong type depends on it.</summary>
internal enum ArgType
{
    String,
    Enum,
    Number,
    Integer,
    Boolean,
    Array,
}

/// <summary>
/// One parameter of a call: its value in the call's valid form, as JSON (null: left out of it), whether leaving it
/// out is an error, and values of the right type that are refused whatever else the call holds, as JSON strings or
/// numbers (a string goes into a query string bare), with the code they are refused with.
/// </summary>
internal sealed record Arg(string Name, ArgType Type, string? Valid, bool Required, string[] Bad, int Code = -32602);

/// <summary>
/// A method of the venue in a valid form the fuzzer only ever sends broken. <paramref name="Refusal"/>: the code
/// the handler answers every call with that passes the schema here (edit, cancel and order state: the trader has
/// no order in the fuzz venue, so any id is unknown).
/// </summary>
internal sealed record Call(string Method, Arg[] Args, bool WebSocketOnly = false, bool Trade = false, int? Refusal = null)
{
    public bool IsPrivate => Method.StartsWith("private/", StringComparison.Ordinal);
}

/// <summary>The venue's methods with their parameters, and values of each that must be refused.</summary>
internal static class Calls
{
    private const int OrderNotFound = 10004;
    private const int InvalidCredentials = 13004;
    private const int Unauthorized = 13009;

    private static readonly Arg Instrument = Arg("instrument_name", ArgType.String, "\"BTC-PERPETUAL\"", required: true,
        "\"BTC-PERPETUALX\"", "\"btc-perpetual\"", "\"\"", "\"BTC-PERPETUAL \"", "\"ВТС-PERPETUAL\"", "\"BTC-29MAR24\"", "\"ETH\"", $"\"{new string('B', 300)}\"");

    // BTC-PERPETUAL: tick 0.5, amounts in multiples of 10 up to 10,000,000, prices up to 10,000,000.
    private static readonly Arg Amount = Arg("amount", ArgType.Number, "10", required: true,
        "0", "-10", "-0", "5", "15", "10.5", "0.000001", "100000000", "10000010");

    private static readonly Arg Price = Arg("price", ArgType.Number, "50000", required: true,
        "0", "-0.5", "-50000", "0.3", "50000.25", "50000.1", "10000000.5", "20000000");

    private static readonly Arg OrderId = Arg("order_id", ArgType.String, "\"64\"", required: true,
        "\"abc\"", "\"-64\"", "\"0\"", "\"\"", "\"99999999999999999999\"", "\"6.4e1\"", "\" 64\"");

    private static readonly Arg Channels = Arg("channels", ArgType.Array, "[\"book.BTC-PERPETUAL.100ms\"]", required: true,
        "[" + string.Join(",", Enumerable.Repeat("\"ticker.BTC-PERPETUAL.raw\"", 1001)) + "]");

    private static readonly Arg[] OrderEntry =
    [
        Instrument, Amount, Price,
        Arg("type", ArgType.Enum, "\"limit\"", required: false, "\"stop_limit\"", "\"take_market\"", "\"trailing_stop\"", "\"market_limit\"", "\"LIMIT\"", "\"iceberg\""),
        Arg("contracts", ArgType.Number, null, required: false, "2", "-1", "0", "0.5"),
        Arg("time_in_force", ArgType.Enum, null, required: false, "\"good_til_day\"", "\"gtc\""),
        Arg("label", ArgType.String, null, required: false, $"\"{new string('x', 65)}\""),
        Arg("post_only", ArgType.Boolean, null, required: false),
        Arg("reject_post_only", ArgType.Boolean, null, required: false),
        Arg("reduce_only", ArgType.Boolean, null, required: false, "true"),
        Arg("max_show", ArgType.Number, null, required: false, "20", "5", "-10", "0"),
        Arg("trigger_price", ArgType.Number, null, required: false, "49000"),
        Arg("trigger", ArgType.Enum, null, required: false, "\"mark_price\"", "\"last\""),
        Arg("advanced", ArgType.Enum, null, required: false, "\"usd\"", "\"implv\""),
        Arg("mmp", ArgType.Boolean, null, required: false, "true"),
        Arg("valid_until", ArgType.Integer, null, required: false, "1700000000000"),
    ];

    public static readonly Call[] All =
    [
        new("public/get_time", []),
        new("public/test", []),
        new("public/status", []),
        new("public/get_currencies", []),
        new("public/hello", [Arg("client_name", ArgType.String, "\"fuzz\"", required: true), Arg("client_version", ArgType.String, "\"1.0\"", required: true)]),
        new("public/get_instruments",
        [
            Arg("currency", ArgType.Enum, "\"BTC\"", required: false, "\"XBT\"", "\"btc\""),
            Arg("kind", ArgType.Enum, null, required: false, "\"perpetual\""),
            Arg("expired", ArgType.Boolean, null, required: false),
        ]),
        new("public/get_order_book", [Instrument, Arg("depth", ArgType.Integer, "5", required: false, "0", "-1", "10001")]),
        new("public/ticker", [Instrument]),
        new("public/get_index_price", [Arg("index_name", ArgType.Enum, "\"btc_usd\"", required: true, "\"BTC_USD\"", "\"btc_usdc\"")]),
        new("public/get_last_trades_by_instrument",
        [
            Instrument,
            Arg("count", ArgType.Integer, "10", required: false, "0", "-5", "1001"),
            Arg("start_seq", ArgType.Integer, null, required: false, "-1"),
            Arg("end_seq", ArgType.Integer, null, required: false, "-1"),
            Arg("start_timestamp", ArgType.Integer, null, required: false, "-1"),
            Arg("sorting", ArgType.Enum, null, required: false, "\"up\""),
        ]),
        new("public/subscribe", [Channels], WebSocketOnly: true),
        new("public/unsubscribe", [Channels], WebSocketOnly: true),
        new("public/set_heartbeat", [Arg("interval", ArgType.Number, "30", required: true, "9", "3601", "0", "-30")], WebSocketOnly: true),
        new("public/auth",
        [
            Arg("grant_type", ArgType.Enum, "\"client_credentials\"", required: true, "\"password\"", "\"CLIENT_CREDENTIALS\""),
            Arg("client_id", ArgType.String, $"\"{TestVenue.TraderId}\"", required: true, ["\"nobody\"", "\"\"", "\"TRADER\""], InvalidCredentials),
            Arg("client_secret", ArgType.String, $"\"{TestVenue.TraderSecret}\"", required: true, ["\"wrong\"", "\"\"", $"\"{TestVenue.TraderSecret} \""], InvalidCredentials),
        ]),
        new("public/auth",
        [
            Arg("grant_type", ArgType.Enum, "\"refresh_token\"", required: true, "\"token\""),
            Arg("refresh_token", ArgType.String, "\"placeholder\"", required: true, ["\"\"", "\"garbage\"", "\"eyJhbGciOiJIUzI1NiJ9.e30.x\""], Unauthorized),
        ]),
        new("private/buy", OrderEntry, Trade: true),
        new("private/sell", OrderEntry, Trade: true),
        new("private/edit", [OrderId, Amount, Price, Arg("reduce_only", ArgType.Boolean, null, required: false, "true")], Trade: true, Refusal: OrderNotFound),
        new("private/cancel", [OrderId], Trade: true, Refusal: OrderNotFound),
        new("private/cancel_all", [Arg("type", ArgType.Enum, null, required: false, "\"stop\""), Arg("detailed", ArgType.Boolean, null, required: false)], Trade: true),
        new("private/cancel_all_by_instrument", [Instrument, Arg("type", ArgType.Enum, null, required: false, "\"trigger_all\"")], Trade: true),
        new("private/cancel_all_by_currency",
        [
            Arg("currency", ArgType.Enum, "\"BTC\"", required: true, "\"any\"", "\"XBT\""),
            Arg("kind", ArgType.Enum, null, required: false, "\"perpetual\""),
        ], Trade: true),
        new("private/enable_cancel_on_disconnect", [Arg("scope", ArgType.Enum, null, required: false, "\"account\"")], WebSocketOnly: true, Trade: true),
        new("private/get_open_orders_by_instrument", [Instrument, Arg("type", ArgType.Enum, null, required: false, "\"market\"")]),
        new("private/get_open_orders_by_currency",
        [
            Arg("currency", ArgType.Enum, "\"BTC\"", required: true, "\"XBT\""),
            Arg("kind", ArgType.Enum, null, required: false, "\"perpetual\""),
            Arg("type", ArgType.Enum, null, required: false, "\"market\""),
        ]),
        new("private/get_order_state", [OrderId], Refusal: OrderNotFound),
        new("private/get_user_trades_by_instrument",
        [
            Instrument,
            Arg("count", ArgType.Integer, null, required: false, "0", "1001"),
            Arg("sorting", ArgType.Enum, null, required: false, "\"up\""),
            Arg("start_seq", ArgType.Integer, null, required: false, "-1"),
            Arg("end_timestamp", ArgType.Integer, null, required: false, "-1"),
            Arg("historical", ArgType.Boolean, null, required: false),
        ]),
        new("private/get_user_trades_by_currency",
        [
            Arg("currency", ArgType.Enum, "\"BTC\"", required: true, "\"XBT\"", "\"btc\""),
            Arg("kind", ArgType.Enum, null, required: false, "\"perpetual\""),
            Arg("count", ArgType.Integer, null, required: false, "0", "1001"),
            Arg("start_timestamp", ArgType.Integer, null, required: false, "-1"),
            Arg("sorting", ArgType.Enum, null, required: false, "\"up\""),
        ]),
        new("public/get_last_trades_by_instrument_and_time",
        [
            Instrument,
            Arg("start_timestamp", ArgType.Integer, "0", required: true, "-1"),
            Arg("end_timestamp", ArgType.Integer, null, required: false, "-1"),
            Arg("count", ArgType.Integer, null, required: false, "0", "1001"),
        ]),
        new("private/get_user_trades_by_instrument_and_time",
        [
            Instrument,
            Arg("start_timestamp", ArgType.Integer, "0", required: true, "-1"),
            Arg("sorting", ArgType.Enum, null, required: false, "\"up\""),
        ]),
        new("private/get_user_trades_by_currency_and_time",
        [
            Arg("currency", ArgType.Enum, "\"USDC\"", required: true, "\"usdc\""),
            Arg("start_timestamp", ArgType.Integer, "0", required: true, "-1"),
            Arg("count", ArgType.Integer, null, required: false, "1001"),
        ]),
        new("private/get_order_history_by_instrument",
        [
            Instrument,
            Arg("count", ArgType.Integer, null, required: false, "0", "1001"),
            Arg("offset", ArgType.Integer, null, required: false, "-1"),
            Arg("include_unfilled", ArgType.Boolean, null, required: false),
        ]),
        new("private/get_order_history_by_currency",
        [
            Arg("currency", ArgType.Enum, "\"ETH\"", required: true, "\"XBT\""),
            Arg("kind", ArgType.Enum, null, required: false, "\"perpetual\""),
            Arg("count", ArgType.Integer, null, required: false, "0", "-1"),
            Arg("offset", ArgType.Integer, null, required: false, "-5"),
        ]),
        new("private/get_position", [Instrument]),
        new("private/get_positions", [Arg("currency", ArgType.Enum, null, required: false, "\"XBT\""), Arg("kind", ArgType.Enum, null, required: false, "\"perpetual\"")]),
        new("private/get_account_summary", [Arg("currency", ArgType.Enum, "\"BTC\"", required: true, "\"any\"", "\"XBT\""), Arg("extended", ArgType.Boolean, null, required: false)]),
        new("private/get_account_summaries", [Arg("extended", ArgType.Boolean, null, required: false)]),
        new("private/subscribe", [Channels], WebSocketOnly: true),
        new("private/unsubscribe", [Channels], WebSocketOnly: true),
    ];

    private static Arg Arg(string name, ArgType type, string? valid, bool required, params string[] bad) => new(name, type, valid, required, bad);

    private static Arg Arg(string name, ArgType type, string? valid, bool required, string[] bad, int code) => new(name, type, valid, required, bad, code);
}
