using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Clearline.Server.Tests.Fuzz;

/// <summary>How a request travels: a WebSocket frame, an HTTP POST body, or an HTTP GET query string.</summary>
internal enum Transport
{
    WebSocket,
    Post,
    Get,
}

/// <summary>One generated request, and the error codes it may be answered with.</summary>
internal sealed record BadRequest
{
    /// <summary>What is wrong with it, for the summary and for a failure's message.</summary>
    public required string Kind { get; init; }

    public required int[] Codes { get; init; }

    /// <summary>The WebSocket frame or the POST body.</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>WebSocket: sent as a binary frame.</summary>
    public bool Binary { get; init; }

    public HttpMethod Verb { get; init; } = HttpMethod.Post;

    /// <summary>HTTP: path and query string.</summary>
    public string Target { get; init; } = "/api/v2";

    public AuthenticationHeaderValue? Authorization { get; init; }

    public override string ToString() =>
        $"{Kind} [{string.Join(", ", Codes)}]: {Verb} {Target} {Authorization} {(Binary ? "(binary) " : "")}{Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 400)))}";
}

/// <summary>
/// Generates requests that are each wrong in at least one way the server must refuse before anything reaches the
/// engine: malformed JSON, a malformed envelope, an unknown method, a parameter missing, unexpected, repeated, of
/// the wrong type or with a refused value (off the tick grid, negative, absurd, an unknown instrument...), bad
/// credentials on an otherwise valid call, or the wrong transport. Each is a valid call of <see cref="Calls"/>
/// broken on purpose, so the codes it may be answered with are known, and a request the server took would show
/// as a result or a moved engine state. Deterministic for a seed (only signatures carry the clock).
/// </summary>
internal sealed class BadRequests(Random random, Transport transport, Credentials credentials)
{
    private const int MaxRequestBytes = 64 * 1024;

    private static readonly string[] ExtraNames = ["foo", "Amount", "instrument", "price ", "", "é", "access_token_", "params", "id"];
    private static readonly string[] BadNumbers = ["NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10", "1e", "--1"];
    private static readonly string[] Trailers = ["}", ",", "x", "{}", "]", "\"", "\"\"", "null"];
    private static readonly string[] BadTokens = ["", "x", "eyJhbGciOiJIUzI1NiJ9.e30.x", new string('a', 64), "null", "Bearer"];

    /// <summary>JSON values of the wrong type for a parameter.</summary>
    private static readonly Dictionary<ArgType, string[]> WrongTypes = new()
    {
        [ArgType.String] = ["5", "true", "null", "[\"x\"]", "{}"],
        [ArgType.Enum] = ["5", "false", "null", "[]", "\"bogus\""],
        [ArgType.Number] = ["\"10\"", "true", "null", "[10]", "{}", "1e400", "99999999999999999999999999999"],
        [ArgType.Integer] = ["\"5\"", "true", "null", "[5]", "1.5", "1e3", "9223372036854775808"],
        [ArgType.Boolean] = ["\"true\"", "1", "0", "null", "[]"],
        [ArgType.Array] = ["\"x\"", "5", "[1]", "[null]", "{}", "null", "[[\"x\"]]"],
    };

    /// <summary>Query-string text that does not read as the parameter's type (any text is a string).</summary>
    private static readonly Dictionary<ArgType, string[]> WrongQueryText = new()
    {
        [ArgType.String] = [],
        [ArgType.Enum] = ["bogus", "", "%ZZ"],
        [ArgType.Number] = ["NaN", "Infinity", "-Infinity", "1e999", "", " 10", "10 ", "1,0", "0x10", "ten", "١٠"],
        [ArgType.Integer] = ["NaN", "1.5", "1e3", "", "9223372036854775808", "five"],
        [ArgType.Boolean] = ["yes", "TRUE", "1", ""],
        [ArgType.Array] = ["notjson", "[1]", "[\"a\"", "", "[\"a\"]x"],
    };

    private int _nextId;

    /// <summary>The next request. Over a WebSocket, <paramref name="signedIn"/> says the socket is signed in as the trader.</summary>
    public BadRequest Next(bool signedIn = false)
    {
        var call = Pick(Calls.All);
        var roll = random.Next(100);
        return transport == Transport.Get
            ? roll switch
            {
                < 5 => UnknownMethod(call),
                < 8 => new BadRequest { Kind = "GET without a method", Codes = [11050], Verb = HttpMethod.Get, Target = "/api/v2?" + Query(Pairs(call)) },
                < 20 => BadAuthentication(Private(call), signedIn),
                _ => BadParameter(call, signedIn),
            }
            : roll switch
            {
                < 15 => MalformedJson(call),
                < 27 => MalformedEnvelope(call),
                < 31 => UnknownMethod(call),
                < 41 => BadAuthentication(Private(call), signedIn),
                < 44 => WrongTransport(call),
                _ => BadParameter(call, signedIn),
            };
    }

    private BadRequest MalformedJson(Call call)
    {
        var valid = Json(call.Method, Object(Pairs(call)));
        var (kind, text) = random.Next(transport == Transport.Post ? 10 : 9) switch
        {
            0 => ("truncated", valid[..random.Next(1, valid.Length)]),
            1 => ("a quote dropped", DropQuote(valid)),
            2 => ("trailing garbage", valid + Pick(Trailers)),
            3 => ("a number JSON does not allow", Json(call.Method, $"{{\"amount\":{Pick(BadNumbers)}}}")),
            4 => ("single quotes", valid.Replace('"', '\'')),
            5 => ("a comment", "{/* x */" + valid[1..]),
            6 => ("a raw control character in a string", valid.Replace("\"method\"", "\"met\nhod\"", StringComparison.Ordinal)),
            7 => ("nested 100 deep", Json(call.Method, $"{{\"x\":{new string('[', 100)}{new string(']', 100)}}}")),
            8 => ("random text", RandomText()),
            _ => ("invalid UTF-8", null),
        };

        if (text is null)
        {
            // Over a WebSocket, invalid UTF-8 in a text frame is a protocol error that closes the socket: POST only.
            var bytes = Encoding.UTF8.GetBytes(valid).ToList();
            bytes.InsertRange(valid.IndexOf(call.Method, StringComparison.Ordinal) + 2, random.Next(2) == 0 ? [0xFF] : [0xC3, 0x28]);
            return new BadRequest { Kind = "malformed JSON: " + kind, Codes = [-32700], Body = [.. bytes] };
        }

        // Random text is usually malformed, but may be a JSON value that is not an object.
        return Message(call, "malformed JSON: " + kind, kind == "random text" ? [-32700, -32600] : [-32700], text);
    }

    private BadRequest MalformedEnvelope(Call call)
    {
        var p = Object(Pairs(call));
        var id = NextId();
        var routed = transport == Transport.Post && random.Next(2) == 0;
        var (kind, text, code) = random.Next(routed ? 10 : 9) switch
        {
            0 => ("a batch", $"[{Json(call.Method, p)}]", -32600),
            1 => ("jsonrpc not \"2.0\"", $"{{\"jsonrpc\":{Pick(["\"1.0\"", "2", "null", "\"2\""])},\"id\":{id},\"method\":\"{call.Method}\",\"params\":{p}}}", -32600),
            2 => ("an id neither integer nor string", $"{{\"jsonrpc\":\"2.0\",\"id\":{Pick(["1.5", "{}", "[]", "true", "1e3"])},\"method\":\"{call.Method}\",\"params\":{p}}}", -32600),
            3 => ("a method that is not a string", $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":{Pick(["5", "null", "[\"public/test\"]", "{}"])},\"params\":{p}}}", -32600),
            4 => ("an unexpected member", $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{call.Method}\",\"params\":{p},\"{Pick(["Method", "result", "x", "paramz"])}\":1}}", -32600),
            5 => ("a repeated member", $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"id\":{id},\"method\":\"{call.Method}\",\"params\":{p}}}", -32600),
            6 => ("params not an object", $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{call.Method}\",\"params\":{Pick(["[1]", "\"x\"", "5", "true", "[]"])}}}", -32602),
            7 => ("a request that is not an object", Pick(["\"public/test\"", "5", "null", "true", "[]"]), -32600),
            8 => ("no method", $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"params\":{p}}}", -32600),
            _ => ("a method other than the path's", Json(Other(call).Method, p), -32600),
        };

        // Posted to a method's path, a body without a method is a call of that method: those go to /api/v2.
        return Message(call, "malformed envelope: " + kind, [code], text, routed && kind != "no method" ? "/api/v2/" + call.Method : "/api/v2");
    }

    private BadRequest UnknownMethod(Call call)
    {
        var name = random.Next(6) switch
        {
            0 => call.Method + "_",
            1 => call.Method.ToUpperInvariant(),
            2 => call.Method.Replace('/', '.'),
            3 => call.Method.Replace("public/", "private/", StringComparison.Ordinal).Replace("get_", "fetch_", StringComparison.Ordinal) + "s",
            4 => "v2/" + call.Method,
            _ => call.IsPrivate ? "public/" + call.Method["private/".Length..] + "x" : "private/nope",
        };

        var path = "/api/v2/" + Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal);
        return transport == Transport.Get
            ? new BadRequest { Kind = "unknown method", Codes = [-32601], Verb = HttpMethod.Get, Target = path + "?" + Query(Pairs(call)) }
            : Message(call, "unknown method", [-32601], Json(name, Object(Pairs(call))), random.Next(2) == 0 ? path : "/api/v2");
    }

    /// <summary>A valid private call, with credentials that are missing, wrong, stale, tampered with or without the scope.</summary>
    private BadRequest BadAuthentication(Call call, bool signedIn)
    {
        var pairs = Pairs(call);
        var refused = Expected(call, authenticated: false, reader: false, []);
        if (transport == Transport.WebSocket)
        {
            // A signed-in socket still refuses a call whose own token is bad: the token is checked first.
            return signedIn || random.Next(2) == 0
                ? Message(call, "bad authentication: a bad access_token", refused, Json(call.Method, Object([.. pairs, ("access_token", Quote(Pick(BadTokens)))])))
                : Message(call, "bad authentication: none", refused, Json(call.Method, Object(pairs)));
        }

        var request = Http(call, "bad authentication: ", refused, pairs);
        switch (random.Next(12))
        {
            case 0:
                return Http(call, "bad authentication: a bad access_token", refused, [.. pairs, ("access_token", Quote(Pick(BadTokens)))]) with { Authorization = Credentials.Basic() };
            case 1 when call.Trade:
                return request with { Kind = "bad authentication: a read-only key on a trading method", Codes = Expected(call, true, true, []), Authorization = Credentials.Reader() };
            case 2:
                return request with { Kind = request.Kind + "none" };
            case 3:
                return request with { Kind = request.Kind + "a wrong Basic secret", Authorization = Credentials.BasicOf(TestVenue.TraderId, "wrong-secret") };
            case 4:
                return request with { Kind = request.Kind + "an unknown Basic client", Authorization = Credentials.BasicOf("nobody", TestVenue.TraderSecret) };
            case 5:
                return request with { Kind = request.Kind + "malformed Basic", Authorization = new AuthenticationHeaderValue("Basic", Pick(["!!!", "dHJhZGVy", "Og==", "=="])) };
            case 6:
                return request with { Kind = request.Kind + "a bad bearer token", Authorization = new AuthenticationHeaderValue("Bearer", Pick(BadTokens[1..])) };
            case 7:
                return request with { Kind = request.Kind + "an unknown scheme", Authorization = new AuthenticationHeaderValue(Pick(["Digest", "Token", "HMAC"]), "x") };
            case 8:
                return request with
                {
                    Kind = request.Kind + "a malformed signature header",
                    Authorization = new AuthenticationHeaderValue("deri-hmac-sha256", Pick(["id=trader", "id=trader,ts=x,sig=00,nonce=n", "id=trader,id=trader,ts=1,sig=0,nonce=n", "x"])),
                };
            case 9:
                // Correctly signed, a minute or more off the server clock either way.
                var skew = TimeSpan.FromSeconds((random.Next(2) == 0 ? -1 : 1) * random.Next(61, 3600));
                return request with { Kind = request.Kind + "a signature outside the time window", Authorization = credentials.Signature(request, skew) };
            default:
                // Correctly signed for other content: a changed body, or a changed query string.
                var signed = request.Verb == HttpMethod.Get ? request with { Target = request.Target + "&x=1" } : request with { Body = [.. request.Body, (byte)' '] };
                return request with { Kind = request.Kind + "a signature over another request", Authorization = credentials.Signature(signed, TimeSpan.Zero) };
        }
    }

    /// <summary>The wrong frame or verb, or a body past the limit (WebSocket-only methods over HTTP come from the other kinds).</summary>
    private BadRequest WrongTransport(Call call)
    {
        var valid = Json(call.Method, Object(Pairs(call)));
        if (transport == Transport.WebSocket)
        {
            return new BadRequest { Kind = "wrong transport: a binary frame", Codes = [11050], Body = Encoding.UTF8.GetBytes(valid), Binary = true };
        }

        return random.Next(4) == 0
            ? new BadRequest { Kind = "wrong transport: a body past the size limit", Codes = [11050], Body = Encoding.UTF8.GetBytes($"{valid[..^1]},\"x\":\"{new string('x', MaxRequestBytes)}\"}}") }
            : new BadRequest { Kind = "wrong transport: a verb other than GET and POST", Codes = [11050], Verb = Pick([HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch]), Target = "/api/v2/" + call.Method, Body = Encoding.UTF8.GetBytes(valid) };
    }

    /// <summary>A call with one parameter made missing, unexpected, repeated, of the wrong type or refused, and valid credentials.</summary>
    private BadRequest BadParameter(Call call, bool signedIn)
    {
        var args = call.Args;
        var present = args.Where(a => a.Valid is not null).ToArray();
        var required = args.Where(a => a.Required).ToArray();
        var refusable = args.Where(a => Refused(a).Length > 0).ToArray();
        var typed = transport == Transport.Get ? args.Where(a => WrongQueryText[a.Type].Length > 0).ToArray() : args;
        string[] defects =
        [
            "unexpected",
            .. present.Length > 0 ? ["repeated"] : Array.Empty<string>(),
            .. required.Length > 0 ? ["missing"] : Array.Empty<string>(),
            .. refusable.Length > 0 ? ["refused value", "refused value"] : Array.Empty<string>(),
            .. typed.Length > 0 ? ["wrong type"] : Array.Empty<string>(),
        ];

        var defect = Pick(defects);
        int[] refusal = call.Refusal is { } r ? [r] : [];
        (string Name, string Json)[] pairs;
        int[] codes;
        switch (defect)
        {
            case "unexpected":
                pairs = [.. Pairs(call), (Pick(ExtraNames), Pick(["1", "\"x\"", "true", "null"]))];
                codes = [-32602];
                break;
            case "repeated":
                var twice = Pick(present);
                pairs = [.. Pairs(call), (twice.Name, twice.Valid!)];
                codes = [-32602];
                break;
            case "missing":
                var left = Pick(required);
                pairs = [.. Pairs(call).Where(p => p.Name != left.Name)];
                codes = [-32602, .. refusal];
                break;
            case "refused value":
                var arg = Pick(refusable);
                pairs = Replaced(call, arg, Pick(Refused(arg)));
                codes = [arg.Code, .. refusal];
                break;
            default:
                var wrong = Pick(typed);
                pairs = Replaced(call, wrong, transport == Transport.Get ? Quote(Pick(WrongQueryText[wrong.Type])) : Pick(WrongTypes[wrong.Type]));
                codes = [-32602];
                break;
        }

        var kind = "bad parameter: " + defect;
        if (transport == Transport.WebSocket)
        {
            // An unauthenticated socket reaches the parameters with a valid token among them.
            var token = call.IsPrivate && !signedIn && random.Next(2) == 0;
            var p = token ? Object([.. pairs, ("access_token", Quote(credentials.AccessToken))]) : Object(pairs);
            return Message(call, kind, Expected(call, signedIn || token, reader: false, codes), Json(call.Method, p));
        }

        if (!call.IsPrivate)
        {
            return Http(call, kind, Expected(call, false, false, codes), pairs);
        }

        // Valid credentials: Basic, a bearer token, the token as a parameter, a request signature, or the read-only key.
        var request = Http(call, kind, Expected(call, true, false, codes), pairs);
        return random.Next(6) switch
        {
            0 => request with { Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken) },
            1 => Http(call, kind, request.Codes, [.. pairs, ("access_token", Quote(credentials.AccessToken))]),
            2 => request with { Authorization = credentials.Signature(request, TimeSpan.Zero) },
            3 => request with { Codes = Expected(call, true, true, codes), Authorization = Credentials.Reader() },
            _ => request with { Authorization = Credentials.Basic() },
        };
    }

    /// <summary>
    /// The argument's refused values this transport can carry: a GET request line past Kestrel's 8 KiB is refused by
    /// Kestrel itself (HTTP 414) before the API sees it.
    /// </summary>
    private string[] Refused(Arg arg) => transport == Transport.Get ? [.. arg.Bad.Where(b => b.Length < 1024)] : arg.Bad;

    /// <summary>What is checked before the parameters, in the server's order: the transport, authentication, scope.</summary>
    private int[] Expected(Call call, bool authenticated, bool reader, int[] codes)
    {
        if (transport != Transport.WebSocket && call.WebSocketOnly)
        {
            return [10030];
        }

        if (call.IsPrivate && !authenticated)
        {
            return [13009];
        }

        return reader && call.Trade ? [13021] : codes;
    }

    /// <summary>A whole JSON-RPC message: a WebSocket frame, or a POST body (private calls carry the trader's Basic credentials).</summary>
    private BadRequest Message(Call call, string kind, int[] codes, string json, string path = "/api/v2") =>
        new()
        {
            Kind = kind,
            Codes = codes,
            Body = Encoding.UTF8.GetBytes(json),
            Target = path,
            Authorization = transport == Transport.Post && call.IsPrivate ? Credentials.Basic() : null,
        };

    /// <summary>An HTTP call of the method's path: GET with the parameters as its query, or POST with them as params.</summary>
    private BadRequest Http(Call call, string kind, int[] codes, (string Name, string Json)[] pairs) =>
        transport == Transport.Get
            ? new BadRequest { Kind = kind, Codes = codes, Verb = HttpMethod.Get, Target = $"/api/v2/{call.Method}?{Query(pairs)}" }
            : new BadRequest { Kind = kind, Codes = codes, Target = "/api/v2/" + call.Method, Body = Encoding.UTF8.GetBytes(Json(call.Method, Object(pairs))) };

    private string Json(string method, string parameters) => $"{{\"jsonrpc\":\"2.0\",\"id\":{NextId()},\"method\":\"{method}\",\"params\":{parameters}}}";

    private int NextId() => ++_nextId;

    private Call Private(Call call)
    {
        while (!call.IsPrivate)
        {
            call = Pick(Calls.All);
        }

        return call;
    }

    private Call Other(Call call)
    {
        var other = call;
        while (other.Method == call.Method)
        {
            other = Pick(Calls.All);
        }

        return other;
    }

    private string RandomText()
    {
        var chars = new char[random.Next(1, 64)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];

    /// <summary>The valid call's parameters, as names and JSON values.</summary>
    private static (string Name, string Json)[] Pairs(Call call) => [.. call.Args.Where(a => a.Valid is not null).Select(a => (a.Name, a.Valid!))];

    private static (string Name, string Json)[] Replaced(Call call, Arg arg, string json) => [.. Pairs(call).Where(p => p.Name != arg.Name), (arg.Name, json)];

    private static string Object((string Name, string Json)[] pairs) => "{" + string.Join(",", pairs.Select(p => $"{Quote(p.Name)}:{p.Json}")) + "}";

    /// <summary>A JSON string goes into a query string as its text, any other value as its JSON.</summary>
    private static string Query((string Name, string Json)[] pairs) =>
        string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Json.StartsWith('"') ? JsonSerializer.Deserialize<string>(p.Json)! : p.Json)));

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    /// <summary>Drops the middle unescaped quote: an odd number of quotes is never valid JSON.</summary>
    private static string DropQuote(string json)
    {
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == '"').ToArray();
        return json.Remove(quotes[quotes.Length / 2], 1);
    }
}

/// <summary>The fuzz venue's valid credentials: the trader's key, its read-only key and a bearer token of the trader.</summary>
internal sealed class Credentials(string accessToken)
{
    private long _nonce;

    public string AccessToken => accessToken;

    public static AuthenticationHeaderValue BasicOf(string id, string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    public static AuthenticationHeaderValue Basic() => BasicOf(TestVenue.TraderId, TestVenue.TraderSecret);

    public static AuthenticationHeaderValue Reader() => BasicOf(TestVenue.ReaderId, TestVenue.ReaderSecret);

    /// <summary>
    /// The trader's <c>deri-hmac-sha256</c> header for <paramref name="request"/>, over
    /// <c>ts \n nonce \n METHOD \n URI \n body \n</c> (Deribit's documented formula, not the server's code), with a
    /// timestamp <paramref name="skew"/> off the clock and a nonce never used before.
    /// </summary>
    public AuthenticationHeaderValue Signature(BadRequest request, TimeSpan skew)
    {
        var ts = (DateTimeOffset.UtcNow + skew).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = "fuzz" + Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes($"{ts}\n{nonce}\n{request.Verb.Method}\n{request.Target}\n{Encoding.UTF8.GetString(request.Body)}\n");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestVenue.TraderSecret), message));
        return new AuthenticationHeaderValue("deri-hmac-sha256", $"id={TestVenue.TraderId},ts={ts},sig={signature},nonce={nonce}");
    }
}
