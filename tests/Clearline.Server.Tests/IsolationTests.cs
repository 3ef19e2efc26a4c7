using System.Text.Json;

namespace Clearline.Server.Tests;

/// <summary>No account sees or touches another account's orders, positions or balances, whatever it asks for.</summary>
public sealed class IsolationTests
{
    private static readonly string[] UserOrders = ["user.orders.any.any.raw"];

    [Fact]
    public async Task Another_account_cannot_read_edit_or_cancel_an_order_nor_see_positions_or_balances()
    {
        await using var venue = await TestVenue.StartAsync();
        var bid = await TradingTests.FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);
        var id = (await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, price = bid }))
            .GetProperty("result").GetProperty("order").GetProperty("order_id").GetString()!;
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, type = "market" });

        Assert.Equal(10004, ErrorCode(await venue.OtherAsync("private/get_order_state", new { order_id = id })));
        Assert.Equal(10004, ErrorCode(await venue.OtherAsync("private/cancel", new { order_id = id })));
        Assert.Equal(10004, ErrorCode(await venue.OtherAsync("private/edit", new { order_id = id, amount = 20, price = bid })));
        Assert.Equal(0, (await venue.OtherAsync("private/cancel_all")).GetProperty("result").GetInt32());
        Assert.Equal(0, (await venue.OtherAsync("private/get_open_orders_by_currency", new { currency = "any" })).GetProperty("result").GetArrayLength());
        Assert.Equal(0, (await venue.OtherAsync("private/get_positions")).GetProperty("result").GetArrayLength());
        Assert.Equal(0m, (await venue.OtherAsync("private/get_position", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("size").GetDecimal());
        Assert.Equal(0, (await venue.OtherAsync("private/get_user_trades_by_instrument", new { instrument_name = "BTC-PERPETUAL" })).GetProperty("result").GetProperty("trades").GetArrayLength());
        Assert.Equal(5m, (await venue.OtherAsync("private/get_account_summary", new { currency = "BTC" })).GetProperty("result").GetProperty("balance").GetDecimal());

        // The owner's order survived every attempt.
        var state = (await venue.TraderAsync("private/get_order_state", new { order_id = id })).GetProperty("result");
        Assert.Equal(("open", 10m), (state.GetProperty("order_state").GetString(), state.GetProperty("amount").GetDecimal()));
        Assert.Equal(10m, (await venue.TraderAsync("private/get_account_summary", new { currency = "BTC" })).GetProperty("result").GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Private_calls_without_credentials_are_unauthorized()
    {
        await using var venue = await TestVenue.StartAsync(demoMarket: false);

        Assert.Equal(13009, ErrorCode(await venue.CallAsync("private/get_positions")));
        Assert.Equal(13009, ErrorCode(await venue.CallAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, price = 1 })));
    }

    [Fact]
    public async Task User_channels_carry_only_the_subscriber_s_own_orders()
    {
        await using var venue = await TestVenue.StartAsync();
        using var other = await venue.ConnectAsync();
        await other.RequestAsync("public/auth", new { grant_type = "client_credentials", client_id = TestVenue.OtherId, client_secret = TestVenue.OtherSecret });
        var subscribed = await other.RequestAsync("private/subscribe", new { channels = UserOrders });
        Assert.Equal("user.orders.any.any.raw", subscribed.GetProperty("result")[0].GetString());

        using var trader = await venue.ConnectAsync();
        await trader.RequestAsync("public/auth", new { grant_type = "client_credentials", client_id = TestVenue.TraderId, client_secret = TestVenue.TraderSecret });
        await trader.RequestAsync("private/subscribe", new { channels = UserOrders });

        var bid = await TradingTests.FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 10, price = bid });
        await venue.OtherAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 20, price = bid });

        // Each side gets exactly its own order: the trader's (10) never reaches the other account's socket.
        var traderSaw = await NextOrderAsync(trader);
        var otherSaw = await NextOrderAsync(other);
        Assert.Equal(10m, traderSaw.GetProperty("amount").GetDecimal());
        Assert.Equal(20m, otherSaw.GetProperty("amount").GetDecimal());
    }

    private static async Task<JsonElement> NextOrderAsync(WebSocketClient socket)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync();
            if (message.TryGetProperty("method", out var m) && m.GetString() == "subscription")
            {
                return message.GetProperty("params").GetProperty("data");
            }
        }
    }

    private static int ErrorCode(JsonElement answer) => answer.GetProperty("error").GetProperty("code").GetInt32();
}
