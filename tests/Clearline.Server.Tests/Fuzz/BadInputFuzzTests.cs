using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Clearline.Api.Hosting;
using Clearline.Api.RateLimiting;
using Xunit.Abstractions;

namespace Clearline.Server.Tests.Fuzz;

/// <summary>
/// More than 100,000 bad requests (<see cref="BadRequests"/>) at the real venue, over WebSockets (three signed in as
/// the trader, one not) and HTTP (POST bodies and GET queries, with valid and invalid credentials), several streams at
/// once. The demo market is off, so nothing else moves the engine. Every answer must be a JSON-RPC error with one of
/// the codes the request's defect calls for and a message, never a result and never an HTTP status other than 400;
/// afterwards the engine's last sequence and state hash must be what they were, and the venue must still answer and
/// still take a valid command. Seeded (set CLEARLINE_FUZZ_SEED to explore others), so a failure reproduces.
/// </summary>
public sealed class BadInputFuzzTests(ITestOutputHelper output)
{
    private const int SignedInSockets = 3;
    private const int RequestsPerSocket = 20_000;
    private const int HttpStreamsPerVerb = 4;
    private const int RequestsPerHttpStream = 3_000;

    /// <summary>Requests sent on a stream before its answers are read: enough to keep the server busy.</summary>
    private const int Window = 128;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CLEARLINE_FUZZ_SEED"), out var seed) ? seed : 20251105;

    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    [Fact]
    public async Task Over_100_000_bad_requests_are_refused_and_leave_the_engine_untouched()
    {
        await using var venue = await TestVenue.StartAsync(demoMarket: false, configureApi: WithoutCreditLimits);
        var auth = await venue.CallAsync("public/auth", new { grant_type = "client_credentials", client_id = TestVenue.TraderId, client_secret = TestVenue.TraderSecret });
        var credentials = new Credentials(auth.GetProperty("result").GetProperty("access_token").GetString()!);
        var before = venue.Engine.IdleStateHash();
        var stopwatch = Stopwatch.StartNew();

        var streams = new List<Task<int>>();
        for (var i = 0; i <= SignedInSockets; i++)
        {
            streams.Add(WebSocketStreamAsync(venue, credentials, stream: i, signIn: i < SignedInSockets));
        }

        for (var i = 0; i < 2 * HttpStreamsPerVerb; i++)
        {
            streams.Add(HttpStreamAsync(venue, credentials, stream: 100 + i, i % 2 == 0 ? Transport.Post : Transport.Get));
        }

        var sent = (await Task.WhenAll(streams)).Sum();
        stopwatch.Stop();
        var after = venue.Engine.IdleStateHash();

        output.WriteLine($"seed {Seed}: {sent:N0} requests in {stopwatch.Elapsed.TotalSeconds:F1} s");
        foreach (var (key, count) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,8:N0}  {key}");
        }

        Assert.True(_failures.IsEmpty, $"{_failures.Count} wrong answers (seed {Seed}), the first:\n{string.Join("\n", _failures.Take(10))}");
        Assert.True(sent >= 100_000, $"only {sent} requests");
        Assert.Equal(before, after);

        // Still up, and the engine still takes a command: a valid one moves it by exactly one.
        using (var ready = await venue.Http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Equal(0, (await venue.TraderAsync("private/cancel_all")).GetProperty("result").GetInt32());
        var moved = venue.Engine.IdleStateHash();
        Assert.Equal(before.Sequence + 1, moved.Sequence);
        Assert.NotEqual(before.Root, moved.Root);
    }

    /// <summary>Deribit's credits would answer all but the first hundred requests with 10028, before any of the checks under test.</summary>
    private static void WithoutCreditLimits(ApiOptions options)
    {
        var unlimited = new CreditLimits(1_000_000_000, 1_000_000_000, 1);
        options.GeneralCredits = unlimited;
        options.MatchingEngineCredits = unlimited;
        options.ConnectionCredits = unlimited;
    }

    /// <summary>One socket: requests sent <see cref="Window"/> ahead of the answers, which come back in order.</summary>
    private async Task<int> WebSocketStreamAsync(TestVenue venue, Credentials credentials, int stream, bool signIn)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(venue.BaseAddress) { Scheme = "ws", Path = "/ws/api/v2" }.Uri, CancellationToken.None);
        var buffer = new byte[1 << 16];
        if (signIn)
        {
            var signInRequest = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = 0, method = "public/auth", @params = new { grant_type = "client_credentials", client_id = TestVenue.TraderId, client_secret = TestVenue.TraderSecret } });
            await socket.SendAsync(signInRequest, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            using var signedIn = JsonDocument.Parse(await ReceiveAsync(socket, buffer));
            Assert.True(signedIn.RootElement.TryGetProperty("result", out _), signedIn.RootElement.ToString());
        }

        var generator = new BadRequests(new Random(Seed + stream), Transport.WebSocket, credentials);
        var inFlight = new Queue<BadRequest>();
        for (var sent = 0; sent < RequestsPerSocket || inFlight.Count > 0;)
        {
            if (sent < RequestsPerSocket && inFlight.Count < Window)
            {
                var request = generator.Next(signIn);
                inFlight.Enqueue(request);
                await socket.SendAsync(request.Body, request.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                sent++;
                continue;
            }

            var index = sent - inFlight.Count;
            Check(inFlight.Dequeue(), await ReceiveAsync(socket, buffer), "ws", stream, index);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        return RequestsPerSocket;
    }

    private async Task<int> HttpStreamAsync(TestVenue venue, Credentials credentials, int stream, Transport transport)
    {
        var generator = new BadRequests(new Random(Seed + stream), transport, credentials);
        for (var i = 0; i < RequestsPerHttpStream; i++)
        {
            var request = generator.Next();
            using var message = new HttpRequestMessage(request.Verb, new Uri(request.Target, UriKind.Relative));
            if (request.Verb != HttpMethod.Get)
            {
                message.Content = new ByteArrayContent(request.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            }

            message.Headers.Authorization = request.Authorization;
            using var response = await venue.Http.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                _failures.Enqueue($"HTTP {(int)response.StatusCode} (stream {stream}, request {i}) to {request}");
            }

            Check(request, body, transport == Transport.Get ? "get" : "post", stream, i);
        }

        return RequestsPerHttpStream;
    }

    /// <summary>The answer is a JSON-RPC 2.0 error with a message and one of the request's codes, and no result.</summary>
    private void Check(BadRequest request, ReadOnlyMemory<byte> answer, string transport, int stream, int index)
    {
        string? problem;
        var code = 0;
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            problem = root.GetProperty("jsonrpc").GetString() != "2.0" ? "no jsonrpc 2.0"
                : root.TryGetProperty("result", out _) ? "a result"
                : !root.TryGetProperty("error", out var error) ? "no error"
                : !error.TryGetProperty("code", out var c) || !c.TryGetInt32(out code) ? "an error without a code"
                : Array.IndexOf(request.Codes, code) < 0 ? $"code {code}"
                : string.IsNullOrEmpty(error.GetProperty("message").GetString()) ? "an error without a message"
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = "an answer that is not a JSON-RPC response (" + e.Message + ")";
        }

        if (problem is not null)
        {
            _failures.Enqueue($"{problem} (stream {stream}, request {index}): {System.Text.Encoding.UTF8.GetString(answer.Span)}\n  to {request}");
            _counts.AddOrUpdate($"FAIL {transport} {request.Kind} {problem}", 1, (_, n) => n + 1);
        }

        _counts.AddOrUpdate($"{transport} {request.Kind} → {code}", 1, (_, n) => n + 1);
    }

    private static async Task<ReadOnlyMemory<byte>> ReceiveAsync(ClientWebSocket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return buffer.AsMemory(0, length);
            }
        }
    }
}
