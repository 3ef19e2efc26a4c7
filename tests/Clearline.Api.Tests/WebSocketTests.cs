using System.Net.WebSockets;
using Clearline.Api.Tests.Support;

namespace Clearline.Api.Tests;

/// <summary>Sessions: heartbeats, subscriptions and publishing, message limits, teardown.</summary>
public sealed class WebSocketTests : IAsyncLifetime
{
    private static readonly string[] BookData = ["a", "b"];
    private static readonly string[] Nothing = ["x"];
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(o =>
    {
        o.MaxWebSocketMessageBytes = 1024;
        o.MaxSubscriptionsPerConnection = 5;
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Heartbeat_sends_test_requests_and_closes_when_one_goes_unanswered()
    {
        await using var socket = await _host.ConnectAsync();
        Assert.Equal("ok", Rpc.Result(await socket.CallAsync("public/set_heartbeat", """{"interval":10}""")).GetString());

        _host.Clock.Advance(TimeSpan.FromSeconds(10));
        var first = await socket.ReceiveAsync();
        Rpc.Result(await socket.CallAsync("public/test"));
        _host.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await socket.ReceiveAsync();
        _host.Clock.Advance(TimeSpan.FromSeconds(10));

        foreach (var heartbeat in new[] { first, second })
        {
            Assert.Equal("heartbeat", heartbeat.GetProperty("method").GetString());
            Assert.Equal("test_request", heartbeat.GetProperty("params").GetProperty("type").GetString());
            Assert.False(heartbeat.TryGetProperty("id", out _));
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Heartbeat_interval_has_a_minimum_and_can_be_disabled()
    {
        await using var socket = await _host.ConnectAsync();

        var tooShort = await socket.CallAsync("public/set_heartbeat", """{"interval":9.5}""");
        Rpc.Result(await socket.CallAsync("public/set_heartbeat", """{"interval":10}"""));
        Rpc.Result(await socket.CallAsync("public/disable_heartbeat"));
        _host.Clock.Advance(TimeSpan.FromSeconds(60));
        var stillOpen = await socket.CallAsync("public/get_time");

        Assert.Equal("must be at least 10", Rpc.Reason(Rpc.Error(tooShort, -32602)));
        Rpc.Result(stillOpen);
    }

    [Fact]
    public async Task Subscribe_answers_the_channels_it_subscribed_and_publishing_reaches_them()
    {
        await using var socket = await _host.ConnectAsync();

        var subscribed = Rpc.Result(await socket.CallAsync("public/subscribe", """{"channels":["book.BTC-PERPETUAL.100ms","nope.x","raw.BTC","user.orders.any","book.BTC-PERPETUAL.100ms"]}"""));
        var queued = _host.Hub.Publish("book.BTC-PERPETUAL.100ms", BookData, TestJson.Default.StringArray);
        var notification = await socket.ReceiveAsync();

        Assert.Equal(["book.BTC-PERPETUAL.100ms"], subscribed.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, queued);
        Assert.Equal("subscription", notification.GetProperty("method").GetString());
        Assert.False(notification.TryGetProperty("id", out _));
        Assert.Equal("book.BTC-PERPETUAL.100ms", notification.GetProperty("params").GetProperty("channel").GetString());
        Assert.Equal("""["a","b"]""", notification.GetProperty("params").GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Authenticated_and_private_channels_need_the_session_signed_in_and_private_subscribe()
    {
        await using var socket = await _host.ConnectAsync();
        Rpc.Result(await socket.CallAsync("public/auth", $$"""{"grant_type":"client_credentials","client_id":"{{ApiHost.ReaderId}}","client_secret":"{{ApiHost.ReaderSecret}}"}"""));

        var viaPublic = Rpc.Result(await socket.CallAsync("public/subscribe", """{"channels":["raw.BTC","user.orders.any"]}"""));
        var viaPrivate = Rpc.Result(await socket.CallAsync("private/subscribe", """{"channels":["user.orders.any"]}"""));

        Assert.Equal(["raw.BTC"], viaPublic.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["user.orders.any"], viaPrivate.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, _host.Hub.SubscriberCount("user.orders.any"));
    }

    [Fact]
    public async Task Subscriptions_per_connection_are_limited_and_unsubscribing_frees_them()
    {
        await using var socket = await _host.ConnectAsync();

        Rpc.Result(await socket.CallAsync("public/subscribe", """{"channels":["book.a","book.b","book.c","book.e","book.f"]}"""));
        var over = await socket.CallAsync("public/subscribe", """{"channels":["book.d"]}""");
        var again = Rpc.Result(await socket.CallAsync("public/subscribe", """{"channels":["book.a"]}"""));
        var removed = Rpc.Result(await socket.CallAsync("public/unsubscribe", """{"channels":["book.a","book.z"]}"""));
        var afterRemoval = Rpc.Result(await socket.CallAsync("public/subscribe", """{"channels":["book.d"]}"""));
        Rpc.Result(await socket.CallAsync("public/unsubscribe_all"));

        Assert.Equal("at most 5 subscriptions per connection", Rpc.Reason(Rpc.Error(over, 10028)));
        Assert.Equal(["book.a"], again.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["book.a"], removed.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["book.d"], afterRemoval.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, _host.Hub.SubscriberCount("book.b"));
    }

    [Fact]
    public async Task Closing_drops_the_sessions_subscriptions()
    {
        var socket = await _host.ConnectAsync();
        Rpc.Result(await socket.CallAsync("public/subscribe", """{"channels":["book.gone"]}"""));
        Assert.Equal(1, _host.Hub.SubscriberCount("book.gone"));

        await socket.DisposeAsync();

        await RateLimitTests.WaitUntilAsync(() => _host.Hub.SubscriberCount("book.gone") == 0);
        Assert.Equal(0, _host.Hub.Publish("book.gone", Nothing, TestJson.Default.StringArray));
    }

    [Fact]
    public async Task An_oversize_message_is_answered_with_11050_and_the_connection_closed()
    {
        await using var socket = await _host.ConnectAsync();
        var padding = new string('x', 2000);

        await socket.SendTextAsync($$$"""{"jsonrpc":"2.0","id":1,"method":"public/echo","params":{"text":"{{{padding}}}"}}""");
        var response = await socket.ReceiveAsync();

        Assert.Equal("message too large", Rpc.Reason(Rpc.Error(response, 11050)));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_message_just_under_the_limit_is_accepted()
    {
        await using var socket = await _host.ConnectAsync();
        var envelope = """{"jsonrpc":"2.0","id":1,"method":"public/echo","params":{"text":""}}""";
        var text = new string('y', 1024 - envelope.Length);

        var response = await socket.CallAsync("public/echo", $$"""{"text":"{{text}}"}""");

        Assert.Equal(text, Rpc.Result(response).GetString());
    }

    [Fact]
    public async Task Binary_messages_are_refused_without_closing()
    {
        await using var socket = await _host.ConnectAsync();

        await socket.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var refused = await socket.ReceiveAsync();
        var next = await socket.CallAsync("public/get_time");

        Assert.Equal("binary messages are not supported", Rpc.Reason(Rpc.Error(refused, 11050)));
        Rpc.Result(next);
    }

    [Fact]
    public async Task Parse_errors_on_a_socket_keep_it_open()
    {
        await using var socket = await _host.ConnectAsync();

        await socket.SendTextAsync("{nope");
        var error = await socket.ReceiveAsync();
        var next = await socket.CallAsync("public/get_time");

        Rpc.Error(error, -32700);
        Rpc.Result(next);
    }

    [Fact]
    public async Task Plain_http_on_the_websocket_path_is_a_bad_request()
    {
        var (status, body) = await _host.GetAsync("/ws/api/v2");

        Assert.Equal(400, status);
        Rpc.Error(body, 11050);
    }

    [Fact]
    public async Task The_connection_gauge_follows_open_sockets()
    {
        var metrics = _host.Services.GetMetrics();
        var socket = await _host.ConnectAsync();
        await RateLimitTests.WaitUntilAsync(() => metrics.WebSocketConnections == 1);

        await socket.DisposeAsync();

        await RateLimitTests.WaitUntilAsync(() => metrics.WebSocketConnections == 0);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
