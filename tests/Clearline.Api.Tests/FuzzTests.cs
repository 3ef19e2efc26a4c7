using System.Net;
using System.Text;
using System.Text.Json;
using Clearline.Api.Auth;
using Clearline.Api.Dispatch;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Protocol;
using Clearline.Api.RateLimiting;
using Clearline.Api.Tests.Support;
using Clearline.Api.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Clearline.Api.Tests;

/// <summary>
/// Throws malformed and mutated requests straight at the dispatcher (no sockets) and checks that every answer
/// is a well-formed Deribit v2 response, that errors carry one of the transport's codes with a message, and that
/// nothing throws or ends in 11094 (which would mean a handler or the writer failed on input it should refuse).
/// Seeded, so a failure reproduces; set CLEARLINE_FUZZ_SEED to explore other seeds.
/// </summary>
public sealed class FuzzTests : IClassFixture<SharedHost>
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CLEARLINE_FUZZ_SEED"), out var seed) ? seed : 20250102;

    private static readonly HashSet<int> TransportCodes = [-32700, -32600, -32601, -32602, 10028, 10030, 11050, 13004, 13009, 13021];

    private static readonly string[] Seeds =
    [
        """{"jsonrpc":"2.0","id":1,"method":"public/get_time","params":{}}""",
        """{"jsonrpc":"2.0","id":"x","method":"public/test"}""",
        """{"jsonrpc":"2.0","id":2,"method":"public/hello","params":{"client_name":"ccxt","client_version":"4.5.84"}}""",
        """{"jsonrpc":"2.0","id":3,"method":"public/echo","params":{"text":"a","count":5,"amount":1.5e3,"flag":true,"side":"buy","tags":["x","y"]}}""",
        """{"jsonrpc":"2.0","id":4,"method":"public/auth","params":{"grant_type":"client_credentials","client_id":"trader01","client_secret":"trader-secret-0123456789"}}""",
        """{"jsonrpc":"2.0","id":5,"method":"public/auth","params":{"grant_type":"client_signature","client_id":"trader01","timestamp":1735787045000,"nonce":"n","signature":"00","data":""}}""",
        """{"jsonrpc":"2.0","id":6,"method":"public/auth","params":{"grant_type":"refresh_token","refresh_token":"abc"}}""",
        """{"jsonrpc":"2.0","id":7,"method":"private/whoami","params":{"access_token":"nope"}}""",
        """{"jsonrpc":"2.0","id":8,"method":"private/trade_thing","params":{"text":"t","count":1}}""",
        """{"jsonrpc":"2.0","id":9,"method":"public/subscribe","params":{"channels":["book.BTC-PERPETUAL.100ms","user.orders.any","raw.x"]}}""",
        """{"jsonrpc":"2.0","id":10,"method":"private/subscribe","params":{"channels":["user.orders.any"]}}""",
        """{"jsonrpc":"2.0","id":11,"method":"public/set_heartbeat","params":{"interval":10}}""",
        """{"jsonrpc":"2.0","id":12,"method":"public/unsubscribe","params":{"channels":["book.BTC-PERPETUAL.100ms"]}}""",
        """{"jsonrpc":"2.0","id":13,"method":"public/status"}""",
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "0", "-1", "1e999", "-1e-999", "NaN", "Infinity",
        "9223372036854775808", "1.0", "\"\\ud800\"", "\"\\u0000\"", "\\", "\"params\":", "\"method\":", "\"id\":",
        "\"jsonrpc\":\"2.0\"", "\"access_token\":\"x\"", "\"channels\":[", "\"text\":", "é", "\u2028", " ", "\t\n",
        "\"public/get_time\"", "\"private/whoami\"", "{\"a\":{\"b\":[[[[[[[[]]]]]]]]}}",
    ];

    private static readonly string[] Routes =
    [
        "public/get_time", "public/echo", "public/auth", "public/hello", "private/whoami", "private/trade_thing",
        "public/set_heartbeat", "public/subscribe", "nope", "public/", "private/no_such", "public/echo/x",
    ];

    private static readonly string[] QueryNames =
    [
        "text", "count", "amount", "flag", "side", "tags", "grant_type", "client_id", "client_secret", "timestamp",
        "nonce", "signature", "data", "refresh_token", "access_token", "interval", "channels", "client_name", "client_version", "x",
    ];

    private static readonly string[] QueryValues =
    [
        "", "a", "5", "-5", "1.5", "1e3", "NaN", "Infinity", "-Infinity", "true", "True", "buy", "%5B%22a%22%5D", "%5B1%5D",
        "%ZZ", "%00", "%C3%28", "%ED%A0%80", "99999999999999999999999999999", "client_credentials", "trader01", "+", "%2B", "[\"a\"",
    ];

    private readonly ApiHost _host;

    public FuzzTests(SharedHost shared)
    {
        _host = shared.Host;
    }

    [Fact]
    public async Task Mutated_and_random_requests_always_get_well_formed_answers()
    {
        var dispatcher = _host.Services.GetRequiredService<RpcDispatcher>();
        var options = _host.Services.GetRequiredService<ApiOptions>();
        var random = new Random(Seed);
        var credits = new CreditBucket(options.ConnectionCredits, _host.Clock);
        var session = new RpcSession("fuzz", IPAddress.Loopback, 1 << 20, options.ConnectionCredits, _host.Clock);
        var output = new PooledBufferWriter();
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var errors = 0;
        var answered = 0;

        for (var i = 0; i < 80_000; i++)
        {
            var message = Mutate(random, seeds);
            var overWebSocket = random.Next(2) == 0;
            var inbound = overWebSocket
                ? new RpcInbound(RpcTransport.WebSocket, IPAddress.Loopback, session.Credits, session, HttpAuthorization.None, default)
                : new RpcInbound(RpcTransport.Http, IPAddress.Loopback, credits, null, RandomAuthorization(random, message), default);
            var route = overWebSocket || random.Next(3) > 0 ? null : Routes[random.Next(Routes.Length)];
            var response = await dispatcher.DispatchJsonAsync(message, route, inbound);
            errors += Check(dispatcher, output, response, message);
            answered++;
        }

        for (var i = 0; i < 30_000; i++)
        {
            var query = RandomQuery(random);
            var route = Routes[random.Next(Routes.Length)];
            var inbound = new RpcInbound(RpcTransport.Http, IPAddress.Loopback, credits, null, RandomAuthorization(random, []), default);
            var response = await dispatcher.DispatchQueryAsync(route, query, inbound);
            errors += Check(dispatcher, output, response, Encoding.UTF8.GetBytes(route + query));
            answered++;
        }

        Assert.Equal(110_000, answered);
        Assert.True(errors > answered * 3 / 4, $"only {errors} of {answered} were errors: the mutations are too gentle");
        output.Dispose();
    }

    /// <returns>1 for an error answer, 0 for a result.</returns>
    private static int Check(RpcDispatcher dispatcher, PooledBufferWriter output, RpcResponse response, byte[] input)
    {
        output.Clear();
        dispatcher.Write(output, response);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(output.WrittenMemory);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"unparseable answer to {Show(input)}: {e.Message}");
        }

        Rpc.AssertEnvelope(root);
        if (root.TryGetProperty("id", out var id))
        {
            Assert.True(id.ValueKind is JsonValueKind.Number or JsonValueKind.String, $"id of kind {id.ValueKind}");
        }

        if (!root.TryGetProperty("error", out var error))
        {
            return 0;
        }

        var code = error.GetProperty("code").GetInt32();
        Assert.True(TransportCodes.Contains(code), $"code {code} for {Show(input)}: {root}");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (error.TryGetProperty("data", out var data))
        {
            foreach (var member in data.EnumerateObject())
            {
                Assert.True(member.Name is "reason" or "param", member.Name);
                Assert.Equal(JsonValueKind.String, member.Value.ValueKind);
            }
        }

        return 1;
    }

    private static byte[] Mutate(Random random, byte[][] seeds)
    {
        var seed = seeds[random.Next(seeds.Length)];
        switch (random.Next(8))
        {
            case 0: // random bytes
                var noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                return noise;
            case 1: // truncated
                return seed[..random.Next(seed.Length)];
            case 2: // two seeds spliced
                var other = seeds[random.Next(seeds.Length)];
                return [.. seed[..random.Next(seed.Length)], .. other[random.Next(other.Length)..]];
            case 3: // a well-formed object of random members
                return Encoding.UTF8.GetBytes(RandomObject(random, depth: 0));
            default: // a few byte flips, deletions and fragment insertions
                var bytes = new List<byte>(seed);
                for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(3))
                    {
                        case 0:
                            bytes[at] = (byte)random.Next(256);
                            break;
                        case 1:
                            bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                            break;
                        default:
                            bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                            break;
                    }
                }

                return [.. bytes];
        }
    }

    private static string RandomObject(Random random, int depth)
    {
        var members = new List<string>();
        for (var n = random.Next(0, 5); n > 0; n--)
        {
            var name = random.Next(3) == 0 ? QueryNames[random.Next(QueryNames.Length)] : (string[])["jsonrpc", "id", "method", "params"] is var envelope ? envelope[random.Next(4)] : "";
            members.Add($"\"{name}\":{RandomValue(random, depth)}");
        }

        return "{" + string.Join(",", members) + "}";
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 3 ? 6 : 8) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.NextInt64(long.MinValue, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => (random.NextDouble() * 1e6).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        4 => $"\"{Routes[random.Next(Routes.Length)]}\"",
        5 => "\"2.0\"",
        6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth + 1),
    };

    private static string RandomQuery(Random random)
    {
        var pairs = Enumerable.Range(0, random.Next(0, 6))
            .Select(_ => $"{QueryNames[random.Next(QueryNames.Length)]}={QueryValues[random.Next(QueryValues.Length)]}");
        var query = string.Join("&", pairs);
        return random.Next(10) == 0 ? "?" + query + "&&=%" : "?" + query;
    }

    private static HttpAuthorization RandomAuthorization(Random random, byte[] body)
    {
        var header = random.Next(6) switch
        {
            0 => "Bearer " + Convert.ToBase64String(body.AsSpan(0, Math.Min(body.Length, 12))),
            1 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("trader01:" + random.Next())),
            2 => $"deri-hmac-sha256 id=trader01,ts={1735787045000 + random.Next(-100_000, 100_000)},sig={new string('a', random.Next(0, 70))},nonce={random.Next()}",
            3 => "deri-hmac-sha256 " + Encoding.Latin1.GetString(body.AsSpan(0, Math.Min(body.Length, 40))),
            4 => Fragments[random.Next(Fragments.Length)],
            _ => null,
        };
        return header is null ? HttpAuthorization.None : new HttpAuthorization(header, random.Next(2) == 0 ? "GET" : "POST", "/api/v2/private/whoami", body);
    }

    private static string Show(byte[] input) => Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 200)));
}
