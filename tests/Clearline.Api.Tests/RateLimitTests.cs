using Clearline.Api.RateLimiting;
using Clearline.Api.Tests.Support;

namespace Clearline.Api.Tests;

/// <summary>Credit buckets per connection (per address over HTTP) and per key, answered with 10028.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Connection_credits_run_out_then_refill_with_time()
    {
        await using var host = await ApiHost.StartAsync(o => o.ConnectionCredits = new CreditLimits(MaxCredits: 5_000, RefillPerSecond: 1_000, DefaultCost: 500));

        for (var i = 0; i < 10; i++)
        {
            Rpc.Result((await host.GetAsync("/api/v2/public/get_time")).Body);
        }

        var (_, limited) = await host.GetAsync("/api/v2/public/get_time");
        host.Clock.Advance(TimeSpan.FromMilliseconds(499));
        var (_, stillLimited) = await host.GetAsync("/api/v2/public/get_time");
        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var (_, refilled) = await host.GetAsync("/api/v2/public/get_time");

        Assert.Equal("too_many_requests", Rpc.Error(limited, 10028).GetProperty("message").GetString());
        Rpc.Error(stillLimited, 10028);
        Rpc.Result(refilled);
    }

    [Fact]
    public async Task Each_websocket_connection_has_its_own_bucket()
    {
        await using var host = await ApiHost.StartAsync(o => o.ConnectionCredits = new CreditLimits(1_000, 1, 500));
        await using var first = await host.ConnectAsync();
        await using var second = await host.ConnectAsync();

        Rpc.Result(await first.CallAsync("public/get_time"));
        Rpc.Result(await first.CallAsync("public/get_time"));
        Rpc.Error(await first.CallAsync("public/get_time"), 10028);
        Rpc.Result(await second.CallAsync("public/get_time"));
    }

    [Fact]
    public async Task Key_credits_are_shared_by_a_keys_connections_and_charge_the_methods_cost()
    {
        await using var host = await ApiHost.StartAsync(o => o.GeneralCredits = new CreditLimits(MaxCredits: 50_000, RefillPerSecond: 10_000, DefaultCost: 500));
        var token = await host.TokenAsync(ApiHost.TraderId, ApiHost.TraderSecret);
        var other = await host.TokenAsync(ApiHost.ReaderId, ApiHost.ReaderSecret);

        // private/costly costs 25,000 of 50,000.
        Rpc.Result((await host.GetAsync($"/api/v2/private/costly?access_token={token}")).Body);
        await using var socket = await host.ConnectAsync();
        Rpc.Result(await socket.CallAsync("private/costly", $$"""{"access_token":"{{token}}"}"""));
        var limited = await socket.CallAsync("private/costly", $$"""{"access_token":"{{token}}"}""");
        var (_, otherKey) = await host.GetAsync($"/api/v2/private/costly?access_token={other}");

        Rpc.Error(limited, 10028);
        Rpc.Result(otherKey);
    }

    [Fact]
    public async Task Matching_engine_methods_draw_from_their_own_pool()
    {
        await using var host = await ApiHost.StartAsync(o => o.MatchingEngineCredits = new CreditLimits(MaxCredits: 2_000, RefillPerSecond: 1_000, DefaultCost: 1_000));
        var token = await host.TokenAsync(ApiHost.TraderId, ApiHost.TraderSecret);

        Rpc.Result((await host.GetAsync($"/api/v2/private/trade_thing?text=a&access_token={token}")).Body);
        Rpc.Result((await host.GetAsync($"/api/v2/private/trade_thing?text=a&access_token={token}")).Body);
        var (_, limited) = await host.GetAsync($"/api/v2/private/trade_thing?text=a&access_token={token}");
        var (_, general) = await host.GetAsync($"/api/v2/private/whoami?access_token={token}");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, refilled) = await host.GetAsync($"/api/v2/private/trade_thing?text=a&access_token={token}");

        Rpc.Error(limited, 10028);
        Rpc.Result(general);
        Rpc.Result(refilled);
    }

    [Fact]
    public async Task Connections_per_address_are_limited()
    {
        await using var host = await ApiHost.StartAsync(o => o.MaxWebSocketConnectionsPerAddress = 2);
        await using var first = await host.ConnectAsync();
        await using var second = await host.ConnectAsync();

        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(async () => await (await host.ConnectAsync()).DisposeAsync());
        await first.DisposeAsync();
        await WaitUntilAsync(() => host.Services.GetMetrics().WebSocketConnections == 1);
        await using var third = await host.ConnectAsync();

        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
        Rpc.Result(await third.CallAsync("public/get_time"));
    }

    [Fact]
    public void A_bucket_refills_exactly_with_no_credit_lost_to_rounding()
    {
        var clock = new ManualTimeProvider(ApiHost.Start);
        var bucket = new CreditBucket(new CreditLimits(MaxCredits: 3, RefillPerSecond: 3, DefaultCost: 1), clock);

        Assert.True(bucket.TryConsume(3));
        Assert.False(bucket.TryConsume(1));
        var refilled = 0;
        for (var i = 0; i < 9; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1.0 / 9));
            refilled += bucket.TryConsume(1) ? 1 : 0;
        }

        clock.Advance(TimeSpan.FromTicks(1));
        refilled += bucket.TryConsume(1) ? 1 : 0;
        Assert.Equal(3, refilled);
        Assert.False(bucket.IsFull);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 5 s");
            await Task.Delay(5);
        }
    }
}

internal static class ServiceProviderExtensions
{
    public static Observability.ApiMetrics GetMetrics(this IServiceProvider services) =>
        (Observability.ApiMetrics)services.GetService(typeof(Observability.ApiMetrics))!;
}
