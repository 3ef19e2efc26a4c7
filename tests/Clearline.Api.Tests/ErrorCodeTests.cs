using System.Net.Http.Headers;
using Clearline.Api.Tests.Support;

namespace Clearline.Api.Tests;

/// <summary>Each error code the transport layer answers with, and the -32602 detail.</summary>
public sealed class ErrorCodeTests : IClassFixture<SharedHost>
{
    private readonly ApiHost _host;

    public ErrorCodeTests(SharedHost shared)
    {
        _host = shared.Host;
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"id":1,"method":"public/test"} x""")]
    [InlineData("""{"id":1,"method":"public/test",}""")]
    [InlineData("""{'id':1}""")]
    [InlineData("{\"id\":1,\"method\":\"public/te\u00e9st\"")]
    public async Task Malformed_json_is_a_parse_error(string body)
    {
        var (_, response) = await _host.PostAsync("/api/v2", body);

        Rpc.Error(response, -32700);
    }

    [Fact]
    public async Task Invalid_utf8_is_a_parse_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2")
        {
            Content = new ByteArrayContent([.. "{\"id\":1,\"method\":\"public/test\",\"params\":{\"x\":\""u8, 0xC3, 0x28, .. "\"}}"u8]),
        };

        var (_, response) = await _host.SendAsync(request);

        Rpc.Error(response, -32700);
    }

    [Theory]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"public/test"}]""", "batch requests are not supported")]
    [InlineData("42", "a request must be a JSON object")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"public/test"}""", "jsonrpc must be \"2.0\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"public/test"}""", "id must be an integer or a string")]
    [InlineData("""{"jsonrpc":"2.0","id":{},"method":"public/test"}""", "id must be an integer or a string")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":7}""", "method must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", "method is required")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"public/test","extra":true}""", "unexpected member")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"public/test","id":2}""", "duplicate member")]
    public async Task Malformed_requests_are_invalid_requests(string body, string reason)
    {
        var (status, response) = await _host.PostAsync("/api/v2", body);

        Assert.Equal(400, status);
        Assert.Equal(reason, Rpc.Reason(Rpc.Error(response, -32600)));
    }

    [Fact]
    public async Task A_body_naming_another_method_than_the_path_is_refused()
    {
        var (_, response) = await _host.PostAsync("/api/v2/public/test", """{"jsonrpc":"2.0","id":1,"method":"public/get_time"}""");

        Assert.Equal("method differs from the one in the path", Rpc.Reason(Rpc.Error(response, -32600)));
    }

    [Fact]
    public async Task The_id_survives_an_invalid_request_when_it_could_be_read()
    {
        var (_, response) = await _host.PostAsync("/api/v2", """{"jsonrpc":"2.0","id":9,"method":"public/test","bogus":1}""");

        Assert.Equal(9, response.GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("/api/v2/public/no_such_method")]
    [InlineData("/api/v2/public")]
    [InlineData("/api/v2/other/get_time")]
    [InlineData("/api/v2/public/get_time/extra")]
    public async Task Unknown_methods_are_method_not_found(string path)
    {
        var (_, response) = await _host.GetAsync(path);

        Assert.Equal("Method not found", Rpc.Error(response, -32601).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_method_in_a_body_is_method_not_found()
    {
        var (_, response) = await _host.PostAsync("/api/v2", """{"jsonrpc":"2.0","id":3,"method":"private/no_such"}""");

        Rpc.Error(response, -32601);
        Assert.Equal(3, response.GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("/api/v2/public/echo", "text", "missing")]
    [InlineData("/api/v2/public/echo?text=a&bogus=1", "bogus", "unexpected parameter")]
    [InlineData("/api/v2/public/echo?text=a&text=b", "text", "given more than once")]
    [InlineData("/api/v2/public/echo?text=a&count=1.0", "count", "must be an integer")]
    [InlineData("/api/v2/public/echo?text=a&count=%201", "count", "must be an integer")]
    [InlineData("/api/v2/public/echo?text=a&count=0", "count", "must be at least 1")]
    [InlineData("/api/v2/public/echo?text=a&count=101", "count", "must be at most 100")]
    [InlineData("/api/v2/public/echo?text=a&count=99999999999999999999", "count", "must be an integer")]
    [InlineData("/api/v2/public/echo?text=a&amount=NaN", "amount", "must be a number")]
    [InlineData("/api/v2/public/echo?text=a&amount=Infinity", "amount", "must be a number")]
    [InlineData("/api/v2/public/echo?text=a&amount=-Infinity", "amount", "must be a number")]
    [InlineData("/api/v2/public/echo?text=a&amount=1e400", "amount", "must be a number")]
    [InlineData("/api/v2/public/echo?text=a&amount=1,5", "amount", "must be a number")]
    [InlineData("/api/v2/public/echo?text=a&flag=yes", "flag", "must be a boolean")]
    [InlineData("/api/v2/public/echo?text=a&flag=True", "flag", "must be a boolean")]
    [InlineData("/api/v2/public/echo?text=a&side=short", "side", "must be one of: buy, sell")]
    [InlineData("/api/v2/public/echo?text=a&tags=a,b", "tags", "must be an array of strings")]
    [InlineData("/api/v2/public/echo?text=a&tags=%5B1%5D", "tags", "must be an array of strings")]
    [InlineData("/api/v2/public/echo?text=a&tags=%5B%22a%22,%22b%22,%22c%22,%22d%22%5D", "tags", "must have at most 3 items")]
    public async Task Query_parameter_problems_name_the_parameter(string path, string param, string reason)
    {
        var (_, response) = await _host.GetAsync(path);

        var error = Rpc.Error(response, -32602);
        Assert.Equal(param, Rpc.Param(error));
        Assert.Equal(reason, Rpc.Reason(error));
    }

    [Theory]
    [InlineData("""{"text":1}""", "text", "must be a string")]
    [InlineData("""{"text":"a","count":"5"}""", "count", "must be an integer")]
    [InlineData("""{"text":"a","count":5.5}""", "count", "must be an integer")]
    [InlineData("""{"text":"a","amount":"1.5"}""", "amount", "must be a number")]
    [InlineData("""{"text":"a","amount":1e400}""", "amount", "must be a number")]
    [InlineData("""{"text":"a","flag":"true"}""", "flag", "must be a boolean")]
    [InlineData("""{"text":"a","flag":null}""", "flag", "must be a boolean")]
    [InlineData("""{"text":"a","tags":"x"}""", "tags", "must be an array of strings")]
    [InlineData("""{"text":"a","tags":["x",null]}""", "tags", "must be an array of strings")]
    [InlineData("""{"text":"a","side":"Buy"}""", "side", "must be one of: buy, sell")]
    [InlineData("""{"text":"a","nested":{"x":1}}""", "nested", "unexpected parameter")]
    [InlineData("""{"text":"a","text":"b"}""", "text", "given more than once")]
    [InlineData("""{"text":"\ud800"}""", "text", "is not valid text")]
    [InlineData("""{"count":5}""", "text", "missing")]
    public async Task Json_parameter_problems_name_the_parameter(string parameters, string param, string reason)
    {
        var (_, response) = await _host.PostAsync("/api/v2", $$"""{"jsonrpc":"2.0","id":1,"method":"public/echo","params":{{parameters}}}""");

        var error = Rpc.Error(response, -32602);
        Assert.Equal(param, Rpc.Param(error));
        Assert.Equal(reason, Rpc.Reason(error));
    }

    [Fact]
    public async Task Positional_params_are_refused()
    {
        var (_, response) = await _host.PostAsync("/api/v2", """{"jsonrpc":"2.0","id":1,"method":"public/echo","params":["a"]}""");

        Assert.Equal("params", Rpc.Param(Rpc.Error(response, -32602)));
    }

    [Fact]
    public async Task A_handler_that_throws_answers_internal_server_error()
    {
        var (status, response) = await _host.GetAsync("/api/v2/public/boom");

        Assert.Equal(400, status);
        Assert.Equal("internal_server_error", Rpc.Error(response, 11094).GetProperty("message").GetString());
    }

    [Fact]
    public async Task WebSocket_only_methods_over_http_are_refused()
    {
        var (_, response) = await _host.GetAsync("/api/v2/public/set_heartbeat?interval=10");

        Assert.Equal("must_be_websocket_request", Rpc.Error(response, 10030).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Other_http_verbs_are_bad_requests()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v2/public/get_time");

        var (status, response) = await _host.SendAsync(request);

        Assert.Equal(400, status);
        Assert.Equal("bad_request", Rpc.Error(response, 11050).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Private_methods_without_authorization_are_unauthorized()
    {
        var (_, viaGet) = await _host.GetAsync("/api/v2/private/whoami");
        var (_, viaToken) = await _host.GetAsync("/api/v2/private/whoami?access_token=nope");
        var (_, viaBearer) = await _host.GetAsync("/api/v2/private/whoami", new AuthenticationHeaderValue("Bearer", "nope"));
        var (_, viaScheme) = await _host.GetAsync("/api/v2/private/whoami", new AuthenticationHeaderValue("Digest", "x"));

        Assert.Equal("authorization required", Rpc.Reason(Rpc.Error(viaGet, 13009)));
        Assert.Equal("invalid or expired token", Rpc.Reason(Rpc.Error(viaToken, 13009)));
        Assert.Equal("invalid or expired token", Rpc.Reason(Rpc.Error(viaBearer, 13009)));
        Assert.Equal("unsupported authorization scheme", Rpc.Reason(Rpc.Error(viaScheme, 13009)));
        Assert.Equal("unauthorized", viaGet.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Authentication_is_checked_before_parameters()
    {
        var (_, response) = await _host.GetAsync("/api/v2/private/trade_thing?bogus=1");

        Rpc.Error(response, 13009);
    }
}
