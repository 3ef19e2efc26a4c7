using System.Text.Json;
using Clearline.Domain;
using Clearline.Engine.Storage;
using Clearline.Server.Demo;

namespace Clearline.Server.Tests;

/// <summary>Book channels over WebSocket, and a restart on the same data directory.</summary>
public sealed class ChannelAndRestartTests
{
    private static readonly string[] BookChannels = ["book.BTC-PERPETUAL.100ms", "book.NOPE-PERPETUAL.100ms"];

    [Fact]
    public async Task A_book_subscription_gets_a_snapshot_then_changes_that_chain_by_change_id()
    {
        await using var venue = await TestVenue.StartAsync();
        using var socket = await venue.ConnectAsync();
        var notifications = new List<JsonElement>();

        var answer = await socket.RequestAsync("public/subscribe", new { channels = BookChannels }, notifications);
        Assert.Equal(["book.BTC-PERPETUAL.100ms"], answer.GetProperty("result").EnumerateArray().Select(c => c.GetString()!));

        var books = new List<JsonElement>();
        while (books.Count < 3)
        {
            var message = notifications.Count > 0 ? notifications[0] : await socket.ReceiveAsync();
            if (notifications.Count > 0)
            {
                notifications.RemoveAt(0);
            }

            if (message.TryGetProperty("method", out var m) && m.GetString() == "subscription")
            {
                books.Add(message.GetProperty("params").GetProperty("data"));
            }
        }

        var snapshot = books[0];
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        Assert.True(snapshot.GetProperty("bids").GetArrayLength() > 0);
        Assert.All(snapshot.GetProperty("bids").EnumerateArray(), l => Assert.Equal("new", l[0].GetString()));
        var previous = snapshot.GetProperty("change_id").GetInt64();
        foreach (var change in books.Skip(1))
        {
            Assert.Equal("change", change.GetProperty("type").GetString());
            Assert.Equal(previous, change.GetProperty("prev_change_id").GetInt64());
            previous = change.GetProperty("change_id").GetInt64();
        }
    }

    [Fact]
    public async Task The_100ms_book_nets_the_raw_changes_of_each_window_and_lands_on_the_same_book()
    {
        await using var venue = await TestVenue.StartAsync();
        using var rawSocket = await venue.ConnectAsync();
        using var throttledSocket = await venue.ConnectAsync();
        var raw = new BookFollower(rawSocket);
        var throttled = new BookFollower(throttledSocket);
        await rawSocket.RequestAsync("public/auth", new { grant_type = "client_credentials", client_id = TestVenue.TraderId, client_secret = TestVenue.TraderSecret }); // raw feeds need a signed-in session
        await raw.SubscribeAsync("book.BTC-PERPETUAL.raw");
        await throttled.SubscribeAsync("book.BTC-PERPETUAL.100ms");

        // A few windows of the market maker's requoting, then the raw feed up to where the 100 ms feed stands.
        var timestamps = new List<long>();
        while (timestamps.Count < 4)
        {
            timestamps.Add(await throttled.NextAsync());
        }

        while (raw.ChangeId < throttled.ChangeId)
        {
            await raw.NextAsync();
        }

        Assert.Equal(throttled.ChangeId, raw.ChangeId);
        Assert.Equal(raw.Bids.OrderBy(l => l.Key), throttled.Bids.OrderBy(l => l.Key));
        Assert.Equal(raw.Asks.OrderBy(l => l.Key), throttled.Asks.OrderBy(l => l.Key));
        Assert.All(timestamps.Zip(timestamps.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 100, $"{pair.First} then {pair.Second}"));
    }

    [Fact]
    public async Task A_restart_on_the_same_data_continues_with_the_same_orders_positions_and_balances()
    {
        var data = TestVenue.NewDataDirectory();
        try
        {
            await RestartAsync(data);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task RestartAsync(string data)
    {
        JsonElement orders, positions, summary;
        await using (var first = await TestVenue.StartAsync(data))
        {
            var bid = await TradingTests.FarBidAsync(first, "ETH-PERPETUAL", tick: 0.05m);
            await first.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 7, price = bid });
            await first.TraderAsync("private/sell", new { instrument_name = "ETH-PERPETUAL", amount = 3, type = "market" });
            orders = (await first.TraderAsync("private/get_open_orders_by_currency", new { currency = "ETH" })).GetProperty("result");
            positions = (await first.TraderAsync("private/get_positions", new { currency = "ETH" })).GetProperty("result");
            summary = (await first.TraderAsync("private/get_account_summary", new { currency = "ETH" })).GetProperty("result");
        }

        await using var second = await TestVenue.StartAsync(data, demoMarket: false);
        var ordersAfter = (await second.TraderAsync("private/get_open_orders_by_currency", new { currency = "ETH" })).GetProperty("result");
        var positionsAfter = (await second.TraderAsync("private/get_positions", new { currency = "ETH" })).GetProperty("result");
        var summaryAfter = (await second.TraderAsync("private/get_account_summary", new { currency = "ETH" })).GetProperty("result");

        Assert.Equal(
            orders.EnumerateArray().Select(o => (o.GetProperty("order_id").GetString(), o.GetProperty("price").GetDecimal(), o.GetProperty("amount").GetDecimal())),
            ordersAfter.EnumerateArray().Select(o => (o.GetProperty("order_id").GetString(), o.GetProperty("price").GetDecimal(), o.GetProperty("amount").GetDecimal())));
        var position = Assert.Single(positions.EnumerateArray());
        var positionAfter = Assert.Single(positionsAfter.EnumerateArray());
        Assert.Equal(-3m, positionAfter.GetProperty("size").GetDecimal());
        Assert.Equal(position.GetProperty("size").GetDecimal(), positionAfter.GetProperty("size").GetDecimal());
        Assert.Equal(position.GetProperty("average_price").GetDecimal(), positionAfter.GetProperty("average_price").GetDecimal());
        Assert.Equal(summary.GetProperty("balance").GetDecimal(), summaryAfter.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task The_read_model_s_margin_equals_the_engine_s_after_trading()
    {
        await using var venue = await TestVenue.StartAsync();
        var bid = await TradingTests.FarBidAsync(venue, "BTC-PERPETUAL", tick: 0.5m);
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 500, price = bid });
        var sold = await venue.TraderAsync("private/sell", new { instrument_name = "BTC-PERPETUAL", amount = 1000, type = "market" });
        Assert.True(sold.TryGetProperty("result", out _), sold.ToString());
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC_USDC-PERPETUAL", amount = 0.05m, type = "market" });
        await venue.TraderAsync("private/sell", new { instrument_name = "BTC_USDC-PERPETUAL", amount = 0.02m, type = "market" });
        await venue.StopAsync();

        var configuration = MarketsFile.Read(venue.DataDirectory);
        var (state, _) = EngineRecovery.Recover(new DataDirectory(venue.DataDirectory), configuration.Markets, configuration.Limits, clearing: configuration.Clearing);
        for (var currency = 0; currency < configuration.Clearing!.Currencies.All.Count; currency++)
        {
            Assert.True(state.Clearing!.TryGetMargin(new AccountId(DemoAccounts.Trader), new CurrencyId(currency), out var engine));
            var code = configuration.Clearing.Currencies.All[currency];
            var view = venue.View.AccountSummary(DemoAccounts.Trader, currency);
            Assert.Equal(
                (code.ToDecimal(engine.Balance), code.ToDecimal(engine.MarginBalance), code.ToDecimal(engine.Initial), code.ToDecimal(engine.Maintenance)),
                (view.Balance, view.MarginBalance, view.InitialMargin, view.MaintenanceMargin));
        }

        Assert.NotEqual(0m, venue.View.AccountSummary(DemoAccounts.Trader, 0).MaintenanceMargin);
    }

    [Fact]
    public async Task Under_portfolio_margin_the_read_model_s_margin_equals_the_engine_s_live_and_after_a_restart()
    {
        await using var venue = await TestVenue.StartAsync();
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC-PERPETUAL", amount = 1_000, type = "market" });
        await venue.TraderAsync("private/sell", new { instrument_name = "BTC-PERPETUAL", amount = 300, type = "market" });
        await venue.TraderAsync("private/buy", new { instrument_name = "BTC_USDC-PERPETUAL", amount = 0.05m, type = "market" });
        Assert.True((await venue.TraderAsync("private/change_margin_model", new { margin_model = "segregated_pm" })).TryGetProperty("result", out _));
        await venue.StopAsync();

        var configuration = MarketsFile.Read(venue.DataDirectory);
        var (state, _) = EngineRecovery.Recover(new DataDirectory(venue.DataDirectory), configuration.Markets, configuration.Limits, clearing: configuration.Clearing);
        await using var restarted = await TestVenue.StartAsync(venue.DataDirectory, demoMarket: false);
        for (var currency = 0; currency < configuration.Clearing!.Currencies.All.Count; currency++)
        {
            Assert.True(state.Clearing!.TryGetMargin(new AccountId(DemoAccounts.Trader), new CurrencyId(currency), out var engine));
            var code = configuration.Clearing.Currencies.All[currency];
            var expected = (code.ToDecimal(engine.MarginBalance), code.ToDecimal(engine.Initial), code.ToDecimal(engine.Maintenance), "segregated_pm");
            foreach (var view in (Rpc.AccountSummaryDto[])[venue.View.AccountSummary(DemoAccounts.Trader, currency), restarted.View.AccountSummary(DemoAccounts.Trader, currency)])
            {
                Assert.Equal(expected, (view.MarginBalance, view.InitialMargin, view.MaintenanceMargin, view.MarginModel));
            }
        }

        Assert.NotEqual(0m, restarted.View.AccountSummary(DemoAccounts.Trader, 0).MaintenanceMargin);
    }

    [Fact]
    public async Task Ticker_index_trade_and_portfolio_channels_publish()
    {
        await using var venue = await TestVenue.StartAsync();
        using var socket = await venue.ConnectAsync();
        await socket.RequestAsync("public/auth", new { grant_type = "client_credentials", client_id = TestVenue.TraderId, client_secret = TestVenue.TraderSecret });
        string[] channels = ["ticker.ETH-PERPETUAL.100ms", "deribit_price_index.eth_usd", "trades.ETH-PERPETUAL.raw", "user.trades.ETH-PERPETUAL.raw", "user.portfolio.eth"];
        var notifications = new List<JsonElement>();
        var answer = await socket.RequestAsync("private/subscribe", new { channels }, notifications);
        Assert.Equal(channels, answer.GetProperty("result").EnumerateArray().Select(c => c.GetString()!));

        await venue.TraderAsync("private/buy", new { instrument_name = "ETH-PERPETUAL", amount = 5, type = "market" });

        var seen = new Dictionary<string, JsonElement>();
        while (seen.Count < channels.Length)
        {
            var message = notifications.Count > 0 ? notifications[0] : await socket.ReceiveAsync();
            if (notifications.Count > 0)
            {
                notifications.RemoveAt(0);
            }

            if (message.TryGetProperty("method", out var m) && m.GetString() == "subscription")
            {
                seen.TryAdd(message.GetProperty("params").GetProperty("channel").GetString()!, message.GetProperty("params").GetProperty("data"));
            }
        }

        Assert.True(seen["ticker.ETH-PERPETUAL.100ms"].GetProperty("mark_price").GetDecimal() > 0);
        Assert.True(seen["deribit_price_index.eth_usd"].GetProperty("price").GetDecimal() > 0);
        Assert.All(seen["trades.ETH-PERPETUAL.raw"].EnumerateArray(), t => Assert.Equal("ETH-PERPETUAL", t.GetProperty("instrument_name").GetString()));
        Assert.Equal("buy", seen["user.trades.ETH-PERPETUAL.raw"][0].GetProperty("direction").GetString());
        Assert.Equal("ETH", seen["user.portfolio.eth"].GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Demo_credentials_are_kept_owner_only_reused_and_work()
    {
        var data = TestVenue.NewDataDirectory();
        try
        {
            await CheckCredentialsAsync(data);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task CheckCredentialsAsync(string data)
    {
        var first = await CredentialsAsync(data);
        var again = await CredentialsAsync(data);
        var path = Path.Combine(data, DemoCredentials.FileName);
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement;

        Assert.Equal(first, again);
        Assert.Equal((first.ClientId, first.ClientSecret), (saved.GetProperty("client_id").GetString(), saved.GetProperty("client_secret").GetString()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // The key works: the demo account reads its own balance.
        await using var venue = await TestVenue.StartAsync(data, demoMarket: false);
        var balance = (await venue.CallAsync("private/get_account_summary", new { currency = "BTC" }, first.ClientId, first.ClientSecret)).GetProperty("result").GetProperty("balance");
        Assert.Equal(10m, balance.GetDecimal());
    }

    private static async Task<(string ClientId, string ClientSecret)> CredentialsAsync(string data)
    {
        var app = VenueServer.Build(new ServerOptions { DataDirectory = data, Urls = "http://127.0.0.1:0", DemoMarket = false });
        await using (app)
        {
            return VenueServer.DemoCredentialsOf(app);
        }
    }
}

/// <summary>Follows one book channel: applies the snapshot and every change, checking that each change chains on the last.</summary>
internal sealed class BookFollower(WebSocketClient socket)
{
    private readonly List<JsonElement> _early = [];
    private bool _snapshotSeen;

    public Dictionary<decimal, decimal> Bids { get; } = [];

    public Dictionary<decimal, decimal> Asks { get; } = [];

    public long ChangeId { get; private set; }

    public async Task SubscribeAsync(string channel)
    {
        var answer = await socket.RequestAsync("public/subscribe", new { channels = new[] { channel } }, _early);
        Assert.Equal([channel], answer.GetProperty("result").EnumerateArray().Select(c => c.GetString()!));
        await NextAsync(); // the snapshot
    }

    /// <summary>Applies the next book notification; returns its timestamp.</summary>
    public async Task<long> NextAsync()
    {
        while (true)
        {
            var message = _early.Count > 0 ? _early[0] : await socket.ReceiveAsync();
            if (_early.Count > 0)
            {
                _early.RemoveAt(0);
            }

            if (!message.TryGetProperty("method", out var method) || method.GetString() != "subscription")
            {
                continue;
            }

            var data = message.GetProperty("params").GetProperty("data");
            var isSnapshot = data.GetProperty("type").GetString() == "snapshot";
            if (!isSnapshot && (!_snapshotSeen || data.GetProperty("change_id").GetInt64() <= ChangeId))
            {
                continue; // published just before the snapshot was taken (docs/api.md): already in it
            }

            if (!isSnapshot)
            {
                Assert.Equal(ChangeId, data.GetProperty("prev_change_id").GetInt64());
            }

            _snapshotSeen = true;

            Apply(Bids, data.GetProperty("bids"));
            Apply(Asks, data.GetProperty("asks"));
            ChangeId = data.GetProperty("change_id").GetInt64();
            return data.GetProperty("timestamp").GetInt64();
        }
    }

    private static void Apply(Dictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            if (level[0].GetString() == "delete")
            {
                Assert.True(side.Remove(level[1].GetDecimal()), "a level deleted that was not there");
            }
            else
            {
                Assert.Equal(level[0].GetString() == "new", !side.ContainsKey(level[1].GetDecimal()));
                side[level[1].GetDecimal()] = level[2].GetDecimal();
            }
        }
    }
}
