using System.Net;
using System.Text;
using Clearline.Api.Dispatch;
using Clearline.Api.Methods;
using Clearline.Api.Protocol;
using Clearline.Api.Tests.Support;
using Clearline.Api.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Clearline.Api.Tests;

/// <summary>Request size limits over HTTP, secrets kept out of logs, and the allocation-free request path.</summary>
public sealed class LimitsAndHygieneTests
{
    [Fact]
    public async Task Http_requests_over_the_size_limit_are_bad_requests()
    {
        await using var host = await ApiHost.StartAsync(o => o.MaxRequestBytes = 1000);
        var text = new string('z', 1000);

        var (_, withLength) = await host.PostAsync("/api/v2", $$$"""{"jsonrpc":"2.0","id":1,"method":"public/echo","params":{"text":"{{{text}}}"}}""");
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/v2/public/echo")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":1,"params":{"text":"{{{text}}}"}}"""))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        var (_, withoutLength) = await host.SendAsync(chunked);
        var (_, query) = await host.GetAsync($"/api/v2/public/echo?text={text}");
        var (_, justUnder) = await host.GetAsync($"/api/v2/public/echo?text={text[..990]}");

        Assert.Equal("request too large", Rpc.Reason(Rpc.Error(withLength, 11050)));
        Assert.Equal("request too large", Rpc.Reason(Rpc.Error(withoutLength, 11050)));
        Assert.Equal("request too large", Rpc.Reason(Rpc.Error(query, 11050)));
        Assert.Equal(990, Rpc.Result(justUnder).GetString()!.Length);
    }

    [Fact]
    public async Task Secrets_and_tokens_never_reach_the_logs()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ApiHost.StartAsync(logs: logs);

        var (_, auth) = await host.GetAsync($"/api/v2/public/auth?grant_type=client_credentials&client_id={ApiHost.TraderId}&client_secret={ApiHost.TraderSecret}");
        var token = Rpc.Result(auth).GetProperty("access_token").GetString()!;
        await host.GetAsync($"/api/v2/private/whoami?access_token={token}");
        await host.GetAsync("/api/v2/public/boom");

        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, line => line.Contains("public/boom", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(ApiHost.TraderSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_websocket_request_allocates_nothing_once_warm()
    {
        await using var host = await ApiHost.StartAsync(o => o.ConnectionCredits = new RateLimiting.CreditLimits(RateLimiting.CreditLimits.MaxAllowedCredits, 1, 0));
        var dispatcher = host.Services.GetRequiredService<RpcDispatcher>();
        var options = host.Services.GetRequiredService<Hosting.ApiOptions>();
        var session = new RpcSession("alloc", IPAddress.Loopback, 16, options.ConnectionCredits, host.Clock);
        var inbound = new RpcInbound(RpcTransport.WebSocket, IPAddress.Loopback, session.Credits, session, Auth.HttpAuthorization.None, default);
        var message = """{"jsonrpc":"2.0","id":1,"method":"public/get_time","params":{}}"""u8.ToArray();
        using var output = new PooledBufferWriter();

        for (var i = 0; i < 1_000; i++)
        {
            await RoundTripAsync(dispatcher, message, inbound, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            await RoundTripAsync(dispatcher, message, inbound, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static async ValueTask RoundTripAsync(RpcDispatcher dispatcher, byte[] message, RpcInbound inbound, PooledBufferWriter output)
    {
        var response = await dispatcher.DispatchJsonAsync(message, null, inbound);
        output.Clear();
        dispatcher.Write(output, response);
    }
}
