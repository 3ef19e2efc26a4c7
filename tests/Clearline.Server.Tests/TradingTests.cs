using System.Text.Json;

namespace Clearline.Server.Tests;

/// <summary>Order entry, queries, positions and balances through the real server over HTTP.</summary>
public sealed class TradingTests
{
    [Fact]
    public async Task An_order_is_placed_listed_read_and_cancelled()
    {
        await using var venue = await TestVenue.StartAsync();
        var bid = await FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);

        var placed = (await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 50, type = "limit", price = bid, label = "mine" })).GetProperty("result");
        var order = placed.GetProperty("order");
        var id = order.GetProperty("order_id").GetString()!;
        Assert.Equal("open", order.GetProperty("order_state").GetString());
        Assert.Equal(bid, order.GetProperty("price").GetDecimal());
        Assert.Equal(50m, order.GetProperty("amount").GetDecimal());
        Assert.Equal(5m, order.GetProperty("contracts").GetDecimal());
        Assert.Equal("mine", order.GetProperty("label").GetString());
        Assert.Equal(0, placed.GetProperty("trades").GetArrayLength());

        var open = (await venue.TraderAsync("private/get_open_orders_by_instrument", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result");
        Assert.Contains(open.EnumerateArray(), o => o.GetProperty("order_id").GetString() == id);
        var byCurrency = (await venue.TraderAsync("private/get_open_orders_by_currency", new { currency = "BTC" })).GetProperty("result");
        Assert.Contains(byCurrency.EnumerateArray(), o => o.GetProperty("order_id").GetString() == id);
        var state = (await venue.TraderAsync("private/get_order_state", new { order_id = id })).GetProperty("result");
        Assert.Equal("open", state.GetProperty("order_state").GetString());

        var edited = (await venue.TraderAsync("private/edit", new { order_id = id, amount = 70, price = bid - 0.5m })).GetProperty("result").GetProperty("order");
        Assert.Equal((70m, bid - 0.5m), (edited.GetProperty("amount").GetDecimal(), edited.GetProperty("price").GetDecimal()));

        var cancelled = (await venue.TraderAsync("private/cancel", new { order_id = id })).GetProperty("result");
        Assert.Equal("cancelled", cancelled.GetProperty("order_state").GetString());
        Assert.Equal("user_request", cancelled.GetProperty("cancel_reason").GetString());
        open = (await venue.TraderAsync("private/get_open_orders_by_instrument", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result");
        Assert.DoesNotContain(open.EnumerateArray(), o => o.GetProperty("order_id").GetString() == id);
        Assert.Equal(10010, (await venue.TraderAsync("private/cancel", new { order_id = id })).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Ids_are_assigned_increasing_and_cancel_all_counts_what_it_cancelled()
    {
        await using var venue = await TestVenue.StartAsync();
        var bid = await FarBidAsync(venue, "ETH-PERPETUAL", tick: 0.05m);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var result = await venue.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 1, price = bid });
            ids.Add(long.Parse(result.GetProperty("result").GetProperty("order").GetProperty("order_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, (await venue.TraderAsync("private/cancel_all_by_currency", new { currency = "ETH" })).GetProperty("result").GetInt32());
        Assert.Equal(0, (await venue.TraderAsync("private/cancel_all", new { })).GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task A_market_buy_trades_with_the_market_maker_and_moves_position_trades_and_balance()
    {
        await using var venue = await TestVenue.StartAsync();

        var bought = (await venue.TraderAsync("private/buy", new { instrument_name = "BTC_USDC-PERPETUAL", amount = 0.01m, type = "market" })).GetProperty("result");
        var order = bought.GetProperty("order");
        Assert.Equal("filled", order.GetProperty("order_state").GetString());
        Assert.Equal(0.01m, order.GetProperty("filled_amount").GetDecimal());
        var trades = bought.GetProperty("trades");
        Assert.True(trades.GetArrayLength() > 0);
        Assert.All(trades.EnumerateArray(), t => Assert.Equal("T", t.GetProperty("liquidity").GetString()));

        var position = (await venue.TraderAsync("private/get_position", new { instrument_name = "BTC_USDC-PERPETUAL" })).GetProperty("result");
        Assert.Equal("buy", position.GetProperty("direction").GetString());
        Assert.Equal(0.01m, position.GetProperty("size").GetDecimal());
        Assert.Equal(order.GetProperty("average_price").GetDecimal(), position.GetProperty("average_price").GetDecimal());
        Assert.True(position.GetProperty("initial_margin").GetDecimal() > 0);
        Assert.Equal(JsonValueKind.Null, position.GetProperty("estimated_liquidation_price").ValueKind); // 1,000,000 USDC behind 0.01 BTC
        var positions = (await venue.TraderAsync("private/get_positions", new { currency = "USDC" })).GetProperty("result");
        Assert.Equal("BTC_USDC-PERPETUAL", Assert.Single(positions.EnumerateArray()).GetProperty("instrument_name").GetString());

        var userTrades = (await venue.TraderAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC_USDC-PERPETUAL" })).GetProperty("result").GetProperty("trades");
        Assert.Equal(trades.GetArrayLength(), userTrades.GetArrayLength());
        var lastTrades = (await venue.CallAsync("public/get_last_trades_by_instrument", new { instrument_name = "BTC_USDC-PERPETUAL", count = 100 })).GetProperty("result").GetProperty("trades");
        Assert.Contains(lastTrades.EnumerateArray(), t => t.GetProperty("trade_id").GetString() == trades[0].GetProperty("trade_id").GetString());

        var summary = (await venue.TraderAsync("private/get_account_summary", new { currency = "USDC" })).GetProperty("result");
        Assert.Equal(1_000_000m, summary.GetProperty("balance").GetDecimal());
        Assert.True(summary.GetProperty("initial_margin").GetDecimal() > 0);
        Assert.Equal(
            summary.GetProperty("margin_balance").GetDecimal() - summary.GetProperty("initial_margin").GetDecimal(),
            summary.GetProperty("available_funds").GetDecimal());
        var summaries = (await venue.TraderAsync("private/get_account_summaries")).GetProperty("result").GetProperty("summaries");
        Assert.Equal(["BTC", "ETH", "USDC"], summaries.EnumerateArray().Select(s => s.GetProperty("currency").GetString()!));

        // Reduce-only: more than the position would flip it and is refused; the position itself closes it.
        var flip = await venue.TraderAsync("private/sell", new { instrument_name = "BTC_USDC-PERPETUAL", amount = 0.02m, type = "market", reduce_only = true });
        Assert.Equal(11030, flip.GetProperty("error").GetProperty("code").GetInt32());
        var closed = (await venue.TraderAsync("private/sell", new { instrument_name = "BTC_USDC-PERPETUAL", amount = 0.01m, type = "market", reduce_only = true })).GetProperty("result").GetProperty("order");
        Assert.Equal(("filled", true), (closed.GetProperty("order_state").GetString(), closed.GetProperty("reduce_only").GetBoolean()));
        Assert.Equal(0m, (await venue.TraderAsync("private/get_position", new { instrument_name = "BTC_USDC-PERPETUAL" })).GetProperty("result").GetProperty("size").GetDecimal());
    }

    [Fact]
    public async Task An_isolated_position_keeps_its_collateral_and_margin_out_of_the_cross_summary()
    {
        await using var venue = await TestVenue.StartAsync();
        const string Market = "BTC_USDC-PERPETUAL";
        async Task<JsonElement> IsolateAsync(object parameters) => await venue.TraderAsync("private/set_isolated_margin", parameters);
        async Task<JsonElement> SummaryAsync() => (await venue.TraderAsync("private/get_account_summary", new { currency = "USDC" })).GetProperty("result");

        Assert.Equal(100m, (await IsolateAsync(new { instrument_name = Market, amount = 100m })).GetProperty("result").GetProperty("isolated_margin").GetDecimal());
        Assert.Equal(999_900m, (await SummaryAsync()).GetProperty("balance").GetDecimal());

        await venue.TraderAsync("private/buy", new { instrument_name = Market, amount = 0.01m, type = "market" });
        var position = (await venue.TraderAsync("private/get_position", new { instrument_name = Market })).GetProperty("result");
        Assert.True(position.GetProperty("initial_margin").GetDecimal() > 0);
        Assert.Equal(0m, (await SummaryAsync()).GetProperty("initial_margin").GetDecimal());

        // 0.01 BTC on 100 USDC is wiped out 10,000 below the entry; the pool is due a little before, when what is left
        // meets the maintenance margin (about 1% of 0.01 BTC, some 4 USDC).
        var entry = position.GetProperty("average_price").GetDecimal();
        Assert.InRange(position.GetProperty("estimated_liquidation_price").GetDecimal(), entry - 10_000m, entry - 9_000m);

        // The mode is fixed while the position is open; bad amounts never reach the engine.
        Assert.Equal("margin_mode_locked", (await IsolateAsync(new { instrument_name = Market, amount = 0 })).GetProperty("error").GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(-32602, (await IsolateAsync(new { instrument_name = Market, amount = -1 })).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await IsolateAsync(new { instrument_name = Market, amount = 0.0000001m })).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await IsolateAsync(new { instrument_name = "NOPE-PERPETUAL", amount = 1 })).GetProperty("error").GetProperty("code").GetInt32());

        // Flat again, the pool holds the round trip's PnL, and going back to cross brings all of it home.
        await venue.TraderAsync("private/sell", new { instrument_name = Market, amount = 0.01m, type = "market", reduce_only = true });
        var pool = (await venue.TraderAsync("private/get_position", new { instrument_name = Market })).GetProperty("result").GetProperty("isolated_margin").GetDecimal();
        var back = (await IsolateAsync(new { instrument_name = Market, amount = 0 })).GetProperty("result");
        Assert.Equal(JsonValueKind.Null, back.GetProperty("isolated_margin").ValueKind);
        Assert.Equal(999_900m + pool, (await SummaryAsync()).GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Portfolio_margin_is_switched_through_change_margin_model_and_the_summary_shows_the_engine_s_requirement()
    {
        await using var venue = await TestVenue.StartAsync();
        async Task<JsonElement> ChangeAsync(object parameters) => await venue.TraderAsync("private/change_margin_model", parameters);
        async Task<JsonElement> SummaryAsync() => (await venue.TraderAsync("private/get_account_summary", new { currency = "BTC" })).GetProperty("result");
        Assert.Equal(("segregated_sm", false), ((await SummaryAsync()).GetProperty("margin_model").GetString(), (await SummaryAsync()).GetProperty("portfolio_margining_enabled").GetBoolean()));

        // Bad requests never reach the engine: the cross-collateral models, dry runs, another account, unknown models.
        Assert.Equal(-32602, (await ChangeAsync(new { margin_model = "cross_pm" })).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await ChangeAsync(new { margin_model = "segregated_pm", dry_run = true })).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await ChangeAsync(new { margin_model = "segregated_pm", user_id = 12_345 })).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await ChangeAsync(new { margin_model = "pm" })).GetProperty("error").GetProperty("code").GetInt32());

        // Long 1,000 USD of the inverse perpetual: under portfolio margin its worst scenario is the extended table's
        // −66% move at weight 0.24, a coin loss of 0.24 × (1/0.34 − 1) × 1,000/F, where standard margin asks about 1%.
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 1_000, type = "market" });
        var standard = await SummaryAsync();
        var changes = (await ChangeAsync(new { margin_model = "segregated_pm" })).GetProperty("result");
        Assert.Equal(["BTC", "ETH", "USDC"], changes.EnumerateArray().Select(c => c.GetProperty("currency").GetString()!));
        var btc = changes[0];
        Assert.True(btc.GetProperty("new_state").GetProperty("maintenance_margin_rate").GetDecimal() > btc.GetProperty("old_state").GetProperty("maintenance_margin_rate").GetDecimal());

        var portfolio = await SummaryAsync();
        Assert.Equal(("segregated_pm", true), (portfolio.GetProperty("margin_model").GetString(), portfolio.GetProperty("portfolio_margining_enabled").GetBoolean()));
        var mark = (await venue.CallAsync("public/ticker", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("mark_price").GetDecimal();
        Assert.InRange(portfolio.GetProperty("maintenance_margin").GetDecimal(), 0.24m * ((1m / 0.34m) - 1) * 1_000m / mark * 0.98m, 0.24m * ((1m / 0.34m) - 1) * 1_000m / mark * 1.02m);
        Assert.True(portfolio.GetProperty("initial_margin").GetDecimal() > standard.GetProperty("initial_margin").GetDecimal());
        var position = (await venue.TraderAsync("private/get_position", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result");
        Assert.Equal(JsonValueKind.Null, position.GetProperty("estimated_liquidation_price").ValueKind);

        Assert.Equal("BTC", (await ChangeAsync(new { margin_model = "segregated_sm" })).GetProperty("result")[0].GetProperty("currency").GetString());
        var back = await SummaryAsync();
        Assert.Equal("segregated_sm", back.GetProperty("margin_model").GetString());
        Assert.True(back.GetProperty("maintenance_margin").GetDecimal() < portfolio.GetProperty("maintenance_margin").GetDecimal() / 10, "standard margin again: about 1% of the position");
    }

    [Fact]
    public async Task An_order_s_answer_carries_the_trades_of_its_own_command_only()
    {
        await using var venue = await TestVenue.StartAsync();
        var taken = (await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, type = "market" })).GetProperty("result").GetProperty("trades");
        var bid = await FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);
        var placed = (await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, price = bid })).GetProperty("result");
        var id = placed.GetProperty("order").GetProperty("order_id").GetString()!;

        // Amended through the market maker's asks: the edit's answer has the trades the edit made.
        var ask = (await venue.CallAsync("public/ticker", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("best_ask_price").GetDecimal();
        var edited = (await venue.TraderAsync("private/edit", new { order_id = id, amount = 10, price = decimal.Ceiling(ask * 1.002m / 0.5m) * 0.5m })).GetProperty("result");

        Assert.NotEqual(0, taken.GetArrayLength());
        Assert.Equal(0, placed.GetProperty("trades").GetArrayLength());
        var trades = edited.GetProperty("trades").EnumerateArray().ToList();
        Assert.NotEmpty(trades);
        Assert.All(trades, t => Assert.Equal((id, "T"), (t.GetProperty("order_id").GetString(), t.GetProperty("liquidity").GetString())));
        Assert.Equal(10m, trades.Sum(t => t.GetProperty("amount").GetDecimal()));
        Assert.DoesNotContain(trades, t => taken.EnumerateArray().Any(m => m.GetProperty("trade_id").GetString() == t.GetProperty("trade_id").GetString()));
    }

    [Fact]
    public async Task A_platform_halt_closes_every_book_to_orders_and_the_api_shows_it()
    {
        await using var venue = await TestVenue.StartAsync();
        var bid = await FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);
        Assert.Equal("open", (await venue.CallAsync("public/ticker", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("state").GetString());

        await venue.Engine.SubmitAsync(new Domain.Clearing.SetTradingHalt(true));
        Assert.Equal("closed", (await venue.CallAsync("public/ticker", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("state").GetString());
        Assert.Equal("closed", (await venue.CallAsync("public/get_order_book", new { instrument_name = "ETH-PERPETUAL" })).GetProperty("result").GetProperty("state").GetString());
        var refused = await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, price = bid });
        Assert.Equal(10012, refused.GetProperty("error").GetProperty("code").GetInt32());

        await venue.Engine.SubmitAsync(new Domain.Clearing.SetTradingHalt(false));
        Assert.Equal("open", (await venue.CallAsync("public/ticker", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("state").GetString());
        Assert.Empty((await venue.CallAsync("public/get_instruments", new { expired = true })).GetProperty("result").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10,"price":50000.25}""", "price")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":15,"price":50000}""", "amount")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":-10,"price":50000}""", "amount")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":1e30,"price":50000}""", "amount")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10,"price":0}""", "price")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10}""", "price")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","price":50000}""", "amount")]
    [InlineData("""{"instrument_name":"NOPE-PERPETUAL","amount":10,"price":50000}""", "instrument_name")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10,"price":50000,"reduce_only":true}""", "reduce_only")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10,"price":50000,"type":"stop_limit"}""", "type")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10,"price":50000,"post_only":true,"time_in_force":"immediate_or_cancel"}""", "post_only")]
    [InlineData("""{"instrument_name":"BTC-PERPETUAL","amount":10,"price":"50000"}""", "price")]
    public async Task Bad_order_input_is_refused_and_never_reaches_the_engine(string parameters, string param)
    {
        await using var venue = await TestVenue.StartAsync(demoMarket: false);
        var before = venue.Engine.DurableSequence;

        var answer = await venue.TraderAsync("private/buy", JsonDocument.Parse(parameters).RootElement);

        var error = answer.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(param, error.GetProperty("data").GetProperty("param").GetString());
        Assert.Equal(before, venue.Engine.DurableSequence);
    }

    [Fact]
    public async Task Instruments_and_currencies_describe_the_demo_markets()
    {
        await using var venue = await TestVenue.StartAsync(demoMarket: false);

        var instruments = (await venue.CallAsync("public/get_instruments")).GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(["BTC-PERPETUAL", "ETH-PERPETUAL", "BTC_USDC-PERPETUAL", "ETH_USDC-PERPETUAL"], instruments.Take(4).Select(i => i.GetProperty("instrument_name").GetString()!));
        Assert.Matches("^BTC-[0-9]{1,2}(MAR|JUN|SEP|DEC)[0-9]{2}$", instruments[4].GetProperty("instrument_name").GetString()!);
        var perpetual = instruments[0];
        Assert.Equal(("reversed", "perpetual", "BTC", 0.5m, 10m), (
            perpetual.GetProperty("instrument_type").GetString(), perpetual.GetProperty("settlement_period").GetString(),
            perpetual.GetProperty("settlement_currency").GetString(), perpetual.GetProperty("tick_size").GetDecimal(), perpetual.GetProperty("contract_size").GetDecimal()));
        Assert.Equal(("linear", "USDC"), (instruments[2].GetProperty("instrument_type").GetString(), instruments[2].GetProperty("settlement_currency").GetString()));
        Assert.Equal(2, (await venue.CallAsync("public/get_instruments", new { currency = "ETH" })).GetProperty("result").GetArrayLength());

        var currencies = (await venue.CallAsync("public/get_currencies")).GetProperty("result");
        Assert.Equal(["BTC", "ETH", "USDC"], currencies.EnumerateArray().Select(c => c.GetProperty("currency").GetString()!));
    }

    /// <summary>A bid 3% under the mark: inside the price band, far from the market maker's quotes.</summary>
    internal static async Task<decimal> FarBidAsync(TestVenue venue, string instrument, decimal tick)
    {
        var mark = (await venue.CallAsync("public/ticker", new { instrument_name = instrument })).GetProperty("result").GetProperty("mark_price").GetDecimal();
        return decimal.Floor(mark * 0.97m / tick) * tick;
    }
}
