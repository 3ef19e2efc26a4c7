using System.Net.Http.Headers;
using System.Text;
using Clearline.Api.Tests.Support;

namespace Clearline.Api.Tests;

/// <summary>public/auth's three grants, tokens, Basic credentials and deri-hmac-sha256 request signing.</summary>
public sealed class AuthTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(o =>
    {
        o.AccessTokenLifetime = TimeSpan.FromMinutes(15);
        o.RefreshTokenLifetime = TimeSpan.FromHours(1);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Client_credentials_give_a_bearer_token_with_deribit_fields()
    {
        var (_, response) = await _host.GetAsync($"/api/v2/public/auth?grant_type=client_credentials&client_id={ApiHost.TraderId}&client_secret={ApiHost.TraderSecret}&state=s1");

        var result = Rpc.Result(response);
        Assert.Equal("bearer", result.GetProperty("token_type").GetString());
        Assert.Equal(900, result.GetProperty("expires_in").GetInt32());
        Assert.Equal("account:read trade:read_write wallet:read", result.GetProperty("scope").GetString());
        Assert.Equal("s1", result.GetProperty("state").GetString());
        Assert.Equal(43, result.GetProperty("access_token").GetString()!.Length);
        Assert.NotEqual(result.GetProperty("access_token").GetString(), result.GetProperty("refresh_token").GetString());

        var token = result.GetProperty("access_token").GetString()!;
        var (_, viaHeader) = await _host.GetAsync("/api/v2/private/whoami", new AuthenticationHeaderValue("Bearer", token));
        var (_, viaParam) = await _host.GetAsync($"/api/v2/private/whoami?access_token={token}");
        Assert.Equal("trader01@7", Rpc.Result(viaHeader).GetString());
        Assert.Equal("trader01@7", Rpc.Result(viaParam).GetString());
    }

    [Theory]
    [InlineData("client_id=trader01&client_secret=wrong")]
    [InlineData("client_id=nobody&client_secret=trader-secret-0123456789")]
    public async Task Wrong_client_credentials_are_invalid_credentials(string credentials)
    {
        var (_, response) = await _host.GetAsync($"/api/v2/public/auth?grant_type=client_credentials&{credentials}");

        Assert.Equal("invalid_credentials", Rpc.Error(response, 13004).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Each_grant_takes_its_own_parameters()
    {
        var (_, missing) = await _host.GetAsync("/api/v2/public/auth?grant_type=client_credentials&client_id=trader01");
        var (_, foreign) = await _host.GetAsync($"/api/v2/public/auth?grant_type=client_credentials&client_id=trader01&client_secret={ApiHost.TraderSecret}&nonce=x");
        var (_, unknownGrant) = await _host.GetAsync("/api/v2/public/auth?grant_type=password");

        Assert.Equal("client_secret", Rpc.Param(Rpc.Error(missing, -32602)));
        Assert.Equal("not used with grant_type client_credentials", Rpc.Reason(Rpc.Error(foreign, -32602)));
        Assert.Equal("grant_type", Rpc.Param(Rpc.Error(unknownGrant, -32602)));
    }

    [Fact]
    public async Task Client_signature_over_websocket_signs_the_session_in()
    {
        await using var socket = await _host.ConnectAsync();
        var signature = Signatures.ClientSignature(ApiHost.ReaderSecret, _host.NowMs, "abc123", "");

        var auth = await socket.CallAsync("public/auth", $$"""{"grant_type":"client_signature","client_id":"{{ApiHost.ReaderId}}","timestamp":{{_host.NowMs}},"nonce":"abc123","signature":"{{signature}}","data":""}""");
        var whoami = await socket.CallAsync("private/whoami");

        Assert.Equal("account:read trade:read wallet:read", Rpc.Result(auth).GetProperty("scope").GetString());
        Assert.Equal("reader01@8", Rpc.Result(whoami).GetString());
    }

    [Fact]
    public async Task Client_signature_checks_signature_window_and_nonce()
    {
        var now = _host.NowMs;
        string Auth(long ts, string nonce, string signature) =>
            $"/api/v2/public/auth?grant_type=client_signature&client_id={ApiHost.TraderId}&timestamp={ts}&nonce={nonce}&signature={signature}&data=d";

        var (_, good) = await _host.GetAsync(Auth(now, "n1", Signatures.ClientSignature(ApiHost.TraderSecret, now, "n1", "d")));
        var (_, replayed) = await _host.GetAsync(Auth(now, "n1", Signatures.ClientSignature(ApiHost.TraderSecret, now, "n1", "d")));
        var (_, badSignature) = await _host.GetAsync(Auth(now, "n2", Signatures.ClientSignature("not-the-secret", now, "n2", "d")));
        var stale = now - 60_001;
        var (_, tooOld) = await _host.GetAsync(Auth(stale, "n3", Signatures.ClientSignature(ApiHost.TraderSecret, stale, "n3", "d")));
        var ahead = now + 60_001;
        var (_, tooNew) = await _host.GetAsync(Auth(ahead, "n4", Signatures.ClientSignature(ApiHost.TraderSecret, ahead, "n4", "d")));

        Rpc.Result(good);
        Assert.Equal("nonce already used", Rpc.Reason(Rpc.Error(replayed, 13004)));
        Assert.Equal("invalid signature", Rpc.Reason(Rpc.Error(badSignature, 13004)));
        Assert.Equal("timestamp outside the allowed window", Rpc.Reason(Rpc.Error(tooOld, 13004)));
        Assert.Equal("timestamp outside the allowed window", Rpc.Reason(Rpc.Error(tooNew, 13004)));
    }

    [Fact]
    public async Task Hmac_header_on_get_verifies_against_an_independently_computed_signature()
    {
        const string Uri = "/api/v2/private/whoami";
        var header = Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs, "n-get", "GET", Uri);

        var (_, response) = await _host.GetAsync(Uri, header);

        Assert.Equal("trader01@7", Rpc.Result(response).GetString());
    }

    [Fact]
    public async Task Hmac_header_covers_the_query_string_as_sent()
    {
        const string Uri = "/api/v2/private/trade_thing?text=hello%20world&count=3";
        var header = Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs, "n-query", "GET", Uri);
        var tampered = Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs, "n-query-2", "GET", Uri);

        var (_, response) = await _host.GetAsync(Uri, header);
        var (_, changed) = await _host.GetAsync(Uri.Replace("count=3", "count=4", StringComparison.Ordinal), tampered);

        Assert.Equal("hello world|count=3", Rpc.Result(response).GetString());
        Assert.Equal("invalid signature", Rpc.Reason(Rpc.Error(changed, 13009)));
    }

    [Fact]
    public async Task Hmac_header_on_post_covers_the_body()
    {
        const string Uri = "/api/v2/private/whoami";
        const string Body = """{"jsonrpc":"2.0","id":5,"method":"private/whoami"}""";
        var header = Signatures.Header(ApiHost.ReaderId, ApiHost.ReaderSecret, _host.NowMs, "n-post", "POST", Uri, Body);
        var otherBody = Signatures.Header(ApiHost.ReaderId, ApiHost.ReaderSecret, _host.NowMs, "n-post-2", "POST", Uri, Body);

        var (_, response) = await _host.PostAsync(Uri, Body, header);
        var (_, changed) = await _host.PostAsync(Uri, Body.Replace("5", "6", StringComparison.Ordinal), otherBody);

        Assert.Equal("reader01@8", Rpc.Result(response).GetString());
        Assert.Equal("invalid signature", Rpc.Reason(Rpc.Error(changed, 13009)));
    }

    [Fact]
    public async Task Hmac_header_rejects_replayed_nonces_and_stale_timestamps()
    {
        const string Uri = "/api/v2/private/whoami";
        var header = Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs, "once", "GET", Uri);

        var (_, first) = await _host.GetAsync(Uri, header);
        var (_, replay) = await _host.GetAsync(Uri, header);
        var stale = Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs - 61_000, "stale", "GET", Uri);
        var (_, old) = await _host.GetAsync(Uri, stale);

        Rpc.Result(first);
        Assert.Equal("nonce already used", Rpc.Reason(Rpc.Error(replay, 13009)));
        Assert.Equal("timestamp outside the allowed window", Rpc.Reason(Rpc.Error(old, 13009)));
    }

    [Fact]
    public async Task A_nonce_may_be_reused_once_its_timestamp_has_left_the_window()
    {
        const string Uri = "/api/v2/private/whoami";
        var (_, first) = await _host.GetAsync(Uri, Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs, "again", "GET", Uri));
        _host.Clock.Advance(TimeSpan.FromSeconds(61));
        var (_, later) = await _host.GetAsync(Uri, Signatures.Header(ApiHost.TraderId, ApiHost.TraderSecret, _host.NowMs, "again", "GET", Uri));

        Rpc.Result(first);
        Rpc.Result(later);
    }

    [Theory]
    [InlineData("id=trader01,ts=1,sig=00")]
    [InlineData("id=trader01,ts=abc,sig=00,nonce=x")]
    [InlineData("id=trader01,id=trader01,ts=1,sig=00,nonce=x")]
    [InlineData("id=trader01,ts=1,sig=00,nonce=x,extra=1")]
    [InlineData("garbage")]
    public async Task Malformed_signature_headers_are_unauthorized(string fields)
    {
        var (_, response) = await _host.GetAsync("/api/v2/private/whoami", new AuthenticationHeaderValue("deri-hmac-sha256", fields));

        Assert.Equal("malformed signature header", Rpc.Reason(Rpc.Error(response, 13009)));
    }

    [Fact]
    public async Task Basic_credentials_authenticate_a_rest_call()
    {
        var good = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiHost.ReaderId}:{ApiHost.ReaderSecret}"));
        var bad = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiHost.ReaderId}:nope"));

        var (_, ok) = await _host.GetAsync("/api/v2/private/whoami", new AuthenticationHeaderValue("Basic", good));
        var (_, refused) = await _host.GetAsync("/api/v2/private/whoami", new AuthenticationHeaderValue("Basic", bad));

        Assert.Equal("reader01@8", Rpc.Result(ok).GetString());
        Rpc.Error(refused, 13009);
    }

    [Fact]
    public async Task Access_tokens_expire_and_refresh_tokens_are_single_use()
    {
        var (_, auth) = await _host.GetAsync($"/api/v2/public/auth?grant_type=client_credentials&client_id={ApiHost.TraderId}&client_secret={ApiHost.TraderSecret}");
        var access = Rpc.Result(auth).GetProperty("access_token").GetString()!;
        var refresh = auth.GetProperty("result").GetProperty("refresh_token").GetString()!;

        _host.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        var (_, stillValid) = await _host.GetAsync($"/api/v2/private/whoami?access_token={access}");
        _host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var (_, expired) = await _host.GetAsync($"/api/v2/private/whoami?access_token={access}");

        var (_, refreshed) = await _host.GetAsync($"/api/v2/public/auth?grant_type=refresh_token&refresh_token={refresh}");
        var newAccess = Rpc.Result(refreshed).GetProperty("access_token").GetString()!;
        var (_, withNew) = await _host.GetAsync($"/api/v2/private/whoami?access_token={newAccess}");
        var (_, reused) = await _host.GetAsync($"/api/v2/public/auth?grant_type=refresh_token&refresh_token={refresh}");

        Rpc.Result(stillValid);
        Assert.Equal("invalid or expired token", Rpc.Reason(Rpc.Error(expired, 13009)));
        Assert.Equal("trader01@7", Rpc.Result(withNew).GetString());
        Assert.Equal("invalid or expired refresh token", Rpc.Reason(Rpc.Error(reused, 13009)));
    }

    [Fact]
    public async Task Refresh_tokens_expire()
    {
        var (_, auth) = await _host.GetAsync($"/api/v2/public/auth?grant_type=client_credentials&client_id={ApiHost.TraderId}&client_secret={ApiHost.TraderSecret}");
        var refresh = Rpc.Result(auth).GetProperty("refresh_token").GetString()!;

        _host.Clock.Advance(TimeSpan.FromHours(1));
        var (_, response) = await _host.GetAsync($"/api/v2/public/auth?grant_type=refresh_token&refresh_token={refresh}");

        Rpc.Error(response, 13009);
    }

    [Fact]
    public async Task Removing_a_key_revokes_its_tokens_and_sessions()
    {
        _host.Keys.Add("temp01", "temp-secret", 9, Auth.ApiScopes.Read);
        var token = await _host.TokenAsync("temp01", "temp-secret");
        await using var socket = await _host.ConnectAsync();
        Rpc.Result(await socket.CallAsync("public/auth", """{"grant_type":"client_credentials","client_id":"temp01","client_secret":"temp-secret"}"""));

        Assert.True(_host.Keys.Remove("temp01"));
        var (_, viaToken) = await _host.GetAsync($"/api/v2/private/whoami?access_token={token}");
        var viaSession = await socket.CallAsync("private/whoami");

        Rpc.Error(viaToken, 13009);
        Assert.Equal("key revoked", Rpc.Reason(Rpc.Error(viaSession, 13009)));
    }

    [Fact]
    public async Task A_token_after_a_bad_parameter_still_authenticates_so_the_parameter_error_is_answered()
    {
        var token = await _host.TokenAsync(ApiHost.TraderId, ApiHost.TraderSecret);

        var (_, viaQuery) = await _host.GetAsync($"/api/v2/private/trade_thing?bogus=1&access_token={token}");
        var (_, viaBody) = await _host.PostAsync(
            "/api/v2",
            $$$"""{"jsonrpc":"2.0","id":1,"method":"private/trade_thing","params":{"text":"x","count":[1,[2]],"access_token":"{{{token}}}"}}""");
        var (_, wrongToken) = await _host.PostAsync(
            "/api/v2",
            """{"jsonrpc":"2.0","id":1,"method":"private/trade_thing","params":{"bogus":1,"access_token":"nope"}}""");

        Assert.Equal("bogus", Rpc.Error(viaQuery, -32602).GetProperty("data").GetProperty("param").GetString());
        Assert.Equal("count", Rpc.Error(viaBody, -32602).GetProperty("data").GetProperty("param").GetString());
        Assert.Equal("invalid or expired token", Rpc.Reason(Rpc.Error(wrongToken, 13009)));
    }

    [Fact]
    public async Task Scopes_are_enforced_per_method()
    {
        var reader = await _host.TokenAsync(ApiHost.ReaderId, ApiHost.ReaderSecret);
        var trader = await _host.TokenAsync(ApiHost.TraderId, ApiHost.TraderSecret);

        var (_, readerReads) = await _host.GetAsync($"/api/v2/private/read_thing?access_token={reader}");
        var (_, readerTrades) = await _host.GetAsync($"/api/v2/private/trade_thing?text=x&access_token={reader}");
        var (_, traderTrades) = await _host.GetAsync($"/api/v2/private/trade_thing?text=x&access_token={trader}");

        Rpc.Result(readerReads);
        Assert.Equal("forbidden", Rpc.Error(readerTrades, 13021).GetProperty("message").GetString());
        Assert.Equal("x", Rpc.Result(traderTrades).GetString());
    }
}
