using Clearline.Api.Hosting;
using Clearline.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Clearline.Api.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task A_failing_check_makes_ready_503_and_status_locked()
    {
        var check = new SwitchableCheck();
        await using var host = await ApiHost.StartAsync(services: s => s.AddSingleton<IReadinessCheck>(check));

        using var notReady = await host.Http.GetAsync("/health/ready");
        var notReadyBody = await notReady.Content.ReadAsStringAsync();
        var (_, locked) = await host.GetAsync("/api/v2/public/status");
        check.Ready = true;
        using var ready = await host.Http.GetAsync("/health/ready");
        var (_, unlocked) = await host.GetAsync("/api/v2/public/status");

        Assert.Equal(503, (int)notReady.StatusCode);
        Assert.Equal("""{"status":"not_ready","not_ready":["engine"]}""", notReadyBody);
        Assert.Equal("true", Rpc.Result(locked).GetProperty("locked").GetString());
        Assert.Equal(200, (int)ready.StatusCode);
        Assert.Equal("false", Rpc.Result(unlocked).GetProperty("locked").GetString());
    }

    [Fact]
    public async Task A_check_that_throws_counts_as_not_ready()
    {
        await using var host = await ApiHost.StartAsync(services: s => s.AddSingleton<IReadinessCheck>(new ThrowingCheck()));

        using var response = await host.Http.GetAsync("/health/ready");

        Assert.Equal(503, (int)response.StatusCode);
    }

    private sealed class SwitchableCheck : IReadinessCheck
    {
        public volatile bool Ready;

        public string Name => "engine";

        public ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken) => new(Ready);
    }

    private sealed class ThrowingCheck : IReadinessCheck
    {
        public string Name => "broken";

        public ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("down");
    }
}
