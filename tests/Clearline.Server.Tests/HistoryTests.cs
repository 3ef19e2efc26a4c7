using System.Text.Json;
using Clearline.Server.Demo;
using Microsoft.Data.Sqlite;

namespace Clearline.Server.Tests;

/// <summary>
/// Order and trade history from <c>history.sqlite</c> through the real server: it outlives a restart without
/// duplicates, pages as Deribit does, never shows one account another's, and refuses bad parameters.
/// </summary>
public sealed class HistoryTests
{
    [Fact]
    public async Task History_survives_a_restart_without_duplicates_and_trade_seq_continues()
    {
        var data = TestVenue.NewDataDirectory();
        try
        {
            string[] userTrades, orders, publicTrades;
            string cancelledId, restingId;
            long restingCreated;
            await using (var first = await TestVenue.StartAsync(data))
            {
                (cancelledId, var bid) = await TradeAndCancelLabelledAsync(first);
                var resting = Result(await first.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 1, price = bid, label = "resting" })).GetProperty("order");
                (restingId, restingCreated) = (resting.GetProperty("order_id").GetString()!, resting.GetProperty("creation_timestamp").GetInt64());
                (userTrades, orders, publicTrades) = await HistoryOfAsync(first);
                await first.StopAsync();
            }

            Assert.True(userTrades.Length >= 3);
            Assert.Equal(4, orders.Length);
            Assert.Contains(cancelledId, orders);

            await using var second = await TestVenue.StartAsync(data);
            var publicTradesAfter = await AssertHistoryKeptAsync(second, userTrades, orders, publicTrades);

            // An order closed before the restart is still found, label and all.
            var state = Result(await second.TraderAsync("private/get_order_state", new { order_id = cancelledId }));
            Assert.Equal(("cancelled", "kept"), (state.GetProperty("order_state").GetString(), state.GetProperty("label").GetString()));

            // An order open across a clean restart keeps what only the read model knew, and takes it into history.
            var restored = Result(await second.TraderAsync("private/get_order_state", new { order_id = restingId }));
            Assert.Equal(("open", "resting", restingCreated), (restored.GetProperty("order_state").GetString(), restored.GetProperty("label").GetString(), restored.GetProperty("creation_timestamp").GetInt64()));
            await second.TraderAsync("private/cancel", new { order_id = restingId });
            var closed = Result(await second.TraderAsync("private/get_order_history_by_instrument", new { instrument_name = "ETH-PERPETUAL", include_unfilled = true, count = 1 }))[0];
            Assert.Equal((restingId, "resting", restingCreated), (closed.GetProperty("order_id").GetString(), closed.GetProperty("label").GetString(), closed.GetProperty("creation_timestamp").GetInt64()));

            // A new trade continues the instrument's numbering.
            var lastSeq = Trades(await second.CallAsync("public/get_last_trades_by_instrument", new { instrument_name = "ETH-PERPETUAL", count = 1 }))[0].GetProperty("trade_seq").GetInt64();
            Assert.True(lastSeq >= publicTrades.Length);
            var traded = Result(await second.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 2, type = "market" })).GetProperty("trades");
            Assert.True(traded[0].GetProperty("trade_seq").GetInt64() > lastSeq);
            Assert.DoesNotContain(traded[0].GetProperty("trade_id").GetString(), publicTradesAfter);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <param name="lost">The rows from the trader's first trade on are gone, as a kill leaves them; otherwise only the
    /// high-water mark is reset, so every fact is rebuilt while already there.</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task History_a_crash_left_out_is_rebuilt_from_the_journal_without_duplicates(bool lost)
    {
        var data = TestVenue.NewDataDirectory();
        try
        {
            string[] userTrades, orders, publicTrades;
            string labelled;
            await using (var first = await TestVenue.StartAsync(data))
            {
                (labelled, _) = await TradeAndCancelLabelledAsync(first);
                (userTrades, orders, publicTrades) = await HistoryOfAsync(first);
                await first.StopAsync();
            }

            Assert.True(ResetHistoryFromFirstTraderTrade(data, lost) > 0);

            await using var second = await TestVenue.StartAsync(data);
            await AssertHistoryKeptAsync(second, userTrades, orders, publicTrades);

            // The journal holds no labels: a rebuilt order has none, a row already there keeps its own.
            var state = Result(await second.TraderAsync("private/get_order_state", new { order_id = labelled }));
            Assert.Equal(lost ? "" : "kept", state.GetProperty("label").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task User_trades_and_order_history_page_by_count_seq_offset_and_sorting()
    {
        await using var venue = await TestVenue.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, type = "market" });
        }

        var all = Trades(await venue.TraderAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 1000, sorting = "asc" }));
        Assert.True(all.Length >= 5);
        var seqs = all.Select(t => t.GetProperty("trade_seq").GetInt64()).ToArray();
        Assert.Equal(seqs.Order(), seqs);

        var firstTwo = await venue.TraderAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 2, sorting = "asc" });
        Assert.Equal(seqs[..2], Seqs(firstTwo));
        Assert.True(HasMore(firstTwo));

        var fromThird = await venue.TraderAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 2, sorting = "asc", start_seq = seqs[2] });
        Assert.Equal(seqs[2..4], Seqs(fromThird));

        var upToSecond = await venue.TraderAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 10, end_seq = seqs[1] });
        Assert.Equal(new[] { seqs[1], seqs[0] }, Seqs(upToSecond));
        Assert.False(HasMore(upToSecond));

        var newest = await venue.TraderAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 1 });
        Assert.Equal(new[] { seqs[^1] }, Seqs(newest));
        Assert.Equal(all.Length > 1, HasMore(newest));

        var since = all[0].GetProperty("timestamp").GetInt64();
        var byTime = await venue.TraderAsync("private/get_user_trades_by_instrument_and_time", new { instrument_name = "BTC-PERPETUAL", start_timestamp = since, count = 1000, sorting = "asc" });
        Assert.Equal(seqs, Seqs(byTime));
        Assert.Empty(Trades(await venue.TraderAsync("private/get_user_trades_by_currency_and_time", new { currency = "BTC", start_timestamp = since, kind = "option" })));

        var byCurrency = await venue.TraderAsync("private/get_user_trades_by_currency", new { currency = "BTC", kind = "future", count = 1000, sorting = "asc" });
        Assert.Equal(all.Select(t => t.GetProperty("trade_id").GetString()), Trades(byCurrency).Select(t => t.GetProperty("trade_id").GetString()));
        Assert.Empty(Trades(await venue.TraderAsync("private/get_user_trades_by_currency", new { currency = "BTC", kind = "option" })));

        var publicPage = await venue.CallAsync("public/get_last_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", start_seq = seqs[0], end_seq = seqs[^1], count = 1000, sorting = "asc" });
        Assert.Subset(Seqs(publicPage).ToHashSet(), seqs.ToHashSet());

        // Newest first; offset skips, and pages do not overlap.
        var orders = Ids(await venue.TraderAsync("private/get_order_history_by_instrument", new { instrument_name = "BTC-PERPETUAL" }));
        Assert.Equal(5, orders.Length);
        Assert.Equal(orders.OrderDescending(), orders);
        var page1 = Ids(await venue.TraderAsync("private/get_order_history_by_currency", new { currency = "BTC", count = 2 }));
        var page2 = Ids(await venue.TraderAsync("private/get_order_history_by_currency", new { currency = "BTC", count = 2, offset = 2 }));
        Assert.Equal(orders[..4], page1.Concat(page2));
    }

    [Fact]
    public async Task An_account_never_sees_another_account_s_history()
    {
        await using var venue = await TestVenue.StartAsync();
        var traderTrades = Result(await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, type = "market" })).GetProperty("trades");
        var bid = await TradingTests.FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);
        var cancelled = OrderId(await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, price = bid }));
        await venue.TraderAsync("private/cancel", new { order_id = cancelled });

        Assert.Empty(Trades(await venue.OtherAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 1000 })));
        Assert.Empty(Trades(await venue.OtherAsync("private/get_user_trades_by_currency", new { currency = "any", count = 1000 })));
        Assert.Empty(Result(await venue.OtherAsync("private/get_order_history_by_currency", new { currency = "any", include_unfilled = true, count = 1000 })).EnumerateArray());
        Assert.Empty(Result(await venue.OtherAsync("private/get_order_history_by_instrument", new { instrument_name = "BTC-PERPETUAL", include_unfilled = true })).EnumerateArray());
        Assert.Equal(10004, (await venue.OtherAsync("private/get_order_state", new { order_id = cancelled })).GetProperty("error").GetProperty("code").GetInt32());

        // Once it trades, it sees its own trades and orders only.
        var own = Result(await venue.OtherAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, type = "market" }));
        var ownOrder = own.GetProperty("order").GetProperty("order_id").GetString();
        var seen = Trades(await venue.OtherAsync("private/get_user_trades_by_currency", new { currency = "any", count = 1000 }));
        Assert.Equal(own.GetProperty("trades").GetArrayLength(), seen.Length);
        Assert.All(seen, t => Assert.Equal(ownOrder, t.GetProperty("order_id").GetString()));
        Assert.Equal(new[] { ownOrder }, Ids(await venue.OtherAsync("private/get_order_history_by_currency", new { currency = "BTC", include_unfilled = true })).Select(Id));
        Assert.DoesNotContain(traderTrades[0].GetProperty("trade_id").GetString(), seen.Select(t => t.GetProperty("trade_id").GetString()));
    }

    [Fact]
    public async Task Bad_history_parameters_are_refused_with_invalid_params_and_change_nothing()
    {
        await using var venue = await TestVenue.StartAsync(demoMarket: false);
        var before = venue.Engine.IdleStateHash();
        (string Method, object Params, string Param)[] bad =
        [
            ("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", start_seq = 5, end_seq = 4 }, "start_seq"),
            ("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", start_timestamp = 2, end_timestamp = 1 }, "start_timestamp"),
            ("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 0 }, "count"),
            ("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 1001 }, "count"),
            ("private/get_user_trades_by_instrument", new { instrument_name = "NOPE-PERPETUAL" }, "instrument_name"),
            ("private/get_user_trades_by_currency", new { currency = "XBT" }, "currency"),
            ("private/get_user_trades_by_currency", new { currency = "BTC", kind = "perpetual" }, "kind"),
            ("private/get_user_trades_by_currency", new { currency = "BTC", start_seq = 1 }, "start_seq"),
            ("private/get_user_trades_by_currency", new { currency = "BTC", sorting = "up" }, "sorting"),
            ("private/get_order_history_by_instrument", new { instrument_name = "BTC-PERPETUAL", offset = -1 }, "offset"),
            ("private/get_order_history_by_instrument", new { instrument_name = "BTC-PERPETUAL", count = 0 }, "count"),
            ("private/get_order_history_by_currency", new { kind = "future" }, "currency"),
            ("private/get_order_history_by_currency", new { currency = "BTC", include_unfilled = "yes" }, "include_unfilled"),
            ("public/get_last_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", end_seq = -1 }, "end_seq"),
            ("public/get_last_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL", start_seq = 9, end_seq = 3 }, "start_seq"),
            ("public/get_last_trades_by_instrument_and_time", new { instrument_name = "BTC-PERPETUAL", end_timestamp = 3 }, "start_timestamp"),
            ("public/get_last_trades_by_instrument_and_time", new { instrument_name = "BTC-PERPETUAL", start_timestamp = 1, start_seq = 3 }, "start_seq"),
            ("private/get_user_trades_by_currency_and_time", new { currency = "ETH", start_timestamp = 5, end_timestamp = 4 }, "start_timestamp"),
        ];

        foreach (var (method, parameters, param) in bad)
        {
            var error = (await venue.TraderAsync(method, parameters)).GetProperty("error");
            Assert.True(error.GetProperty("code").GetInt32() == -32602, $"{method} {JsonSerializer.Serialize(parameters)}: {error}");
            Assert.Equal(param, error.GetProperty("data").GetProperty("param").GetString());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("data").GetProperty("reason").GetString()));
        }

        Assert.Equal(before, venue.Engine.IdleStateHash());
    }

    /// <summary>
    /// Moves the high-water mark before the trader's first trade's command and, when <paramref name="lost"/>, deletes
    /// every history row from that command on. Returns the rows changed.
    /// </summary>
    private static int ResetHistoryFromFirstTraderTrade(string data, bool lost)
    {
        SQLitePCL.Batteries_V2.Init();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "history.sqlite")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TEMP TABLE cut AS SELECT CASE WHEN {(lost ? 1 : 0)} THEN MIN(sequence) ELSE 1 << 62 END AS sequence, MIN(sequence) - 1 AS mark
                FROM user_trades WHERE account = {DemoAccounts.Trader};
            DELETE FROM user_trades WHERE sequence >= (SELECT sequence FROM cut);
            DELETE FROM public_trades WHERE sequence >= (SELECT sequence FROM cut);
            DELETE FROM orders WHERE sequence >= (SELECT sequence FROM cut);
            UPDATE meta SET value = (SELECT mark FROM cut) WHERE key = 'high_water';
            """;
        return command.ExecuteNonQuery();
    }

    /// <summary>The trader's trade ids, closed order ids (unfilled ones too) and ETH-PERPETUAL's public trade ids, oldest first.</summary>
    private static async Task<(string[] UserTrades, string[] Orders, string[] PublicTrades)> HistoryOfAsync(TestVenue venue)
    {
        var user = Trades(await venue.TraderAsync("private/get_user_trades_by_currency", new { currency = "ETH", count = 1000, sorting = "asc" }));
        var orders = Ids(await venue.TraderAsync("private/get_order_history_by_currency", new { currency = "ETH", include_unfilled = true, count = 1000 }));
        var trades = Trades(await venue.CallAsync("public/get_last_trades_by_instrument", new { instrument_name = "ETH-PERPETUAL", count = 1000, sorting = "asc" }));
        return ([.. user.Select(TradeId)], [.. orders.Select(Id)], [.. trades.Select(TradeId)]);
    }

    private static JsonElement Result(JsonElement response) =>
        response.TryGetProperty("result", out var result) ? result : throw new Xunit.Sdk.XunitException($"no result: {response}");

    private static JsonElement[] Trades(JsonElement response) => [.. Result(response).GetProperty("trades").EnumerateArray()];

    private static long[] Seqs(JsonElement response) => [.. Trades(response).Select(t => t.GetProperty("trade_seq").GetInt64())];

    private static bool HasMore(JsonElement response) => Result(response).GetProperty("has_more").GetBoolean();

    private static long[] Ids(JsonElement response) =>
        [.. Result(response).EnumerateArray().Select(o => long.Parse(o.GetProperty("order_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string TradeId(JsonElement trade) => trade.GetProperty("trade_id").GetString()!;

    /// <summary>After a restart: the same user trades and orders, the public trades from before first, none twice. Returns the public trades now.</summary>
    private static async Task<string[]> AssertHistoryKeptAsync(TestVenue venue, string[] userTrades, string[] orders, string[] publicTrades)
    {
        var (userTradesAfter, ordersAfter, publicTradesAfter) = await HistoryOfAsync(venue);
        Assert.Equal(userTrades, userTradesAfter);
        Assert.Equal(orders, ordersAfter);
        Assert.Equal(publicTrades, publicTradesAfter.Take(publicTrades.Length));
        Assert.Equal(publicTradesAfter.Length, publicTradesAfter.Distinct().Count());
        return publicTradesAfter;
    }

    /// <summary>Three market buys of ETH-PERPETUAL, then a far bid labelled "kept" placed and cancelled: its id, and the bid.</summary>
    private static async Task<(string CancelledId, decimal Bid)> TradeAndCancelLabelledAsync(TestVenue venue)
    {
        for (var i = 0; i < 3; i++)
        {
            await venue.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 2, type = "market" });
        }

        var bid = await TradingTests.FarBidAsync(venue, "ETH-PERPETUAL", tick: 0.05m);
        var id = OrderId(await venue.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 1, price = bid, label = "kept" }));
        await venue.TraderAsync("private/cancel", new { order_id = id });
        return (id, bid);
    }

    private static string OrderId(JsonElement response) => Result(response).GetProperty("order").GetProperty("order_id").GetString()!;
}
