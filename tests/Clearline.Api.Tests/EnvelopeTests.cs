using System.Text.Json;
using Clearline.Api.Tests.Support;

namespace Clearline.Api.Tests;

/// <summary>The Deribit v2 envelope over each transport, and the public methods that need no venue.</summary>
public sealed class EnvelopeTests : IClassFixture<SharedHost>
{
    private readonly ApiHost _host;

    public EnvelopeTests(SharedHost shared)
    {
        _host = shared.Host;
    }

    [Fact]
    public async Task Get_answers_with_result_and_timing_and_no_id()
    {
        var (status, body) = await _host.GetAsync("/api/v2/public/get_time");

        Assert.Equal(200, status);
        Assert.Equal(_host.NowMs, Rpc.Result(body).GetInt64());
        Assert.False(body.TryGetProperty("id", out _));
        Assert.False(body.GetProperty("testnet").GetBoolean());
        Assert.Equal(ApiHost.Start.ToUnixTimeMilliseconds() * 1000, body.GetProperty("usIn").GetInt64());
    }

    [Fact]
    public async Task Post_echoes_an_integer_id()
    {
        var (status, body) = await _host.PostAsync("/api/v2/public/get_time", """{"jsonrpc":"2.0","id":42,"method":"public/get_time","params":{}}""");

        Assert.Equal(200, status);
        Assert.Equal(42, body.GetProperty("id").GetInt64());
        Assert.Equal(_host.NowMs, Rpc.Result(body).GetInt64());
    }

    [Fact]
    public async Task Post_to_the_bare_endpoint_takes_the_method_from_the_body_and_echoes_a_string_id()
    {
        var (_, body) = await _host.PostAsync("/api/v2", """{"jsonrpc":"2.0","id":"abc","method":"public/test"}""");

        Assert.Equal("abc", body.GetProperty("id").GetString());
        Assert.Equal("0.1.0", Rpc.Result(body).GetProperty("version").GetString());
    }

    [Fact]
    public async Task Post_without_jsonrpc_member_is_accepted_and_empty_post_body_means_no_params()
    {
        var (_, withoutVersion) = await _host.PostAsync("/api/v2", """{"id":1,"method":"public/get_time"}""");
        var (_, empty) = await _host.PostAsync("/api/v2/public/get_time", "");

        Rpc.Result(withoutVersion);
        Rpc.Result(empty);
    }

    [Fact]
    public async Task WebSocket_answers_each_frame_in_order()
    {
        await using var socket = await _host.ConnectAsync();
        await socket.SendTextAsync("""{"jsonrpc":"2.0","id":1,"method":"public/get_time"}""");
        await socket.SendTextAsync("""{"jsonrpc":"2.0","id":2,"method":"public/test","params":{}}""");

        var first = await socket.ReceiveAsync();
        var second = await socket.ReceiveAsync();

        Assert.Equal(1, first.GetProperty("id").GetInt32());
        Assert.Equal(_host.NowMs, Rpc.Result(first).GetInt64());
        Assert.Equal(2, second.GetProperty("id").GetInt32());
        Assert.Equal("0.1.0", Rpc.Result(second).GetProperty("version").GetString());
    }

    [Fact]
    public async Task Hello_status_and_test_answer_as_deribit_does()
    {
        var (_, hello) = await _host.GetAsync("/api/v2/public/hello?client_name=ccxt&client_version=4.5.84");
        var (_, status) = await _host.GetAsync("/api/v2/public/status");

        Assert.Equal("0.1.0", Rpc.Result(hello).GetProperty("version").GetString());
        var result = Rpc.Result(status);
        Assert.Equal("false", result.GetProperty("locked").GetString());
        Assert.Equal(JsonValueKind.Array, result.GetProperty("locked_indices").ValueKind);
    }

    [Fact]
    public async Task Error_responses_carry_code_message_and_data_and_http_400()
    {
        var (status, body) = await _host.GetAsync("/api/v2/public/echo?text=a&count=zero");

        Assert.Equal(400, status);
        var error = Rpc.Error(body, -32602);
        Assert.Equal("Invalid params", error.GetProperty("message").GetString());
        Assert.Equal("count", Rpc.Param(error));
        Assert.Equal("must be an integer", Rpc.Reason(error));
    }

    [Fact]
    public async Task Query_strings_are_coerced_to_the_declared_types()
    {
        var (_, body) = await _host.GetAsync("/api/v2/public/echo?text=hi%20there&count=5&amount=-0.25e1&flag=true&side=sell&tags=%5B%22a%22%2C%22b%22%5D");

        Assert.Equal("hi there|count=5|amount=-2.5|flag=True|side=sell|tags=a,b", Rpc.Result(body).GetString());
    }

    [Fact]
    public async Task Json_params_are_read_with_their_json_types()
    {
        var (_, body) = await _host.PostAsync("/api/v2", """{"jsonrpc":"2.0","id":1,"method":"public/echo","params":{"text":"x","count":100,"amount":1e-8,"flag":false,"tags":[]}}""");

        Assert.Equal("x|count=100|amount=0.00000001|flag=False|tags=", Rpc.Result(body).GetString());
    }

    [Fact]
    public async Task Health_endpoints_and_metrics()
    {
        using var live = await _host.Http.GetAsync("/health/live");
        using var ready = await _host.Http.GetAsync("/health/ready");
        await _host.GetAsync("/api/v2/public/get_time");
        await _host.GetAsync("/api/v2/public/nope");
        var metrics = await _host.Http.GetStringAsync("/metrics");

        Assert.Equal(200, (int)live.StatusCode);
        Assert.Equal(200, (int)ready.StatusCode);
        Assert.Contains("""clearline_api_requests_total{method="public/get_time",code="0"}""", metrics, StringComparison.Ordinal);
        Assert.Contains("""clearline_api_requests_total{method="unknown",code="-32601"}""", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE clearline_api_websocket_connections gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("""clearline_api_request_duration_seconds_bucket{le="+Inf"}""", metrics, StringComparison.Ordinal);
        Assert.Contains("clearline_api_request_duration_seconds_count", metrics, StringComparison.Ordinal);
    }
}
