using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Clearline.Api.Auth;
using Clearline.Api.Hosting;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Sequencing;
using Clearline.Server.Demo;
using Clearline.Server.Venue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Clearline.Server.Tests;

/// <summary>
/// The real server (<see cref="VenueServer"/>) on a free loopback port over a data directory that outlives it, so a
/// test can stop it and start another on the same data. Keys: the demo trader (account 2) and a second funded
/// account (<see cref="OtherAccount"/>), each with read and trade scopes, and a read-only key on the demo trader.
/// </summary>
internal sealed class TestVenue : IAsyncDisposable
{
    public const string TraderId = "trader";
    public const string TraderSecret = "trader-secret";
    public const string OtherId = "other";
    public const string OtherSecret = "other-secret";
    public const int OtherAccount = 7;
    public const string ReaderId = "reader";
    public const string ReaderSecret = "reader-secret";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private TestVenue(WebApplication app, string dataDirectory, bool ownsDirectory)
    {
        _app = app;
        _ownsDirectory = ownsDirectory;
        DataDirectory = dataDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public VenueEngine Engine => _app.Services.GetRequiredService<VenueEngine>();

    public VenueView View => _app.Services.GetRequiredService<VenueView>();

    /// <summary>Stops the host (the engine finishes and snapshots); the read model stays readable.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>A directory for tests that restart on the same data; they delete it themselves.</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "clearline-server-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Starts a venue; with the demo market on, waits until every market has a mark and a book. API limits can be
    /// changed through <paramref name="configureApi"/> (<see cref="ServerOptions.ConfigureApi"/>), and the engine's clock
    /// replaced by <paramref name="clock"/>.
    /// </summary>
    public static async Task<TestVenue> StartAsync(string? dataDirectory = null, bool demoMarket = true, Action<ApiOptions>? configureApi = null, IClock? clock = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var app = VenueServer.Build(new ServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = "http://127.0.0.1:0",
            DemoMarket = demoMarket,
            FeedInterval = TimeSpan.FromMilliseconds(100),
            QuoteInterval = TimeSpan.FromMilliseconds(200),
            ConfigureApi = configureApi,
            Clock = clock,
        });
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        foreach (var (id, secret, account, scopes) in (ReadOnlySpan<(string, string, int, ApiScopes)>)
            [(TraderId, TraderSecret, DemoAccounts.Trader, ApiScopes.Read | ApiScopes.Trade), (OtherId, OtherSecret, OtherAccount, ApiScopes.Read | ApiScopes.Trade), (ReaderId, ReaderSecret, DemoAccounts.Trader, ApiScopes.Read)])
        {
            if (!keys.TryGet(id, out _))
            {
                keys.Add(id, secret, account, scopes);
            }
        }

        await app.StartAsync();
        var venue = new TestVenue(app, dataDirectory, ownsDirectory);
        await app.Services.GetRequiredService<DemoMarket>().Funded;
        await venue.Engine.SubmitAsync(new Deposit(new AccountId(OtherAccount), new CurrencyId(0), new Money(5 * 100_000_000), 1));
        if (demoMarket)
        {
            await WaitUntilAsync(async () =>
            {
                var book = await venue.CallAsync("public/get_order_book", new { instrument_name = "BTC_USDC-PERPETUAL" });
                return book.GetProperty("result").GetProperty("bids").GetArrayLength() > 0;
            });
        }

        return venue;
    }

    /// <summary>A JSON-RPC call over HTTP POST; private calls authenticate as the given key (HTTP Basic).</summary>
    public async Task<JsonElement> CallAsync(string method, object? parameters = null, string? clientId = null, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/{method}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method, @params = parameters ?? new { } }), Encoding.UTF8, "application/json"),
        };
        if (clientId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        }

        using var response = await Http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public Task<JsonElement> TraderAsync(string method, object? parameters = null) => CallAsync(method, parameters, TraderId, TraderSecret);

    public Task<JsonElement> OtherAsync(string method, object? parameters = null) => CallAsync(method, parameters, OtherId, OtherSecret);

    /// <summary>A WebSocket to <c>/ws/api/v2</c>.</summary>
    public async Task<WebSocketClient> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/ws/api/v2" }.Uri, CancellationToken.None);
        return new WebSocketClient(socket);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the venue");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>One JSON message per frame, read with a timeout.</summary>
internal sealed class WebSocketClient(ClientWebSocket socket) : IDisposable
{
    private int _nextId;

    public async Task<int> SendAsync(string method, object parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id, method, @params = parameters });
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return id;
    }

    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[1 << 20];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
        }
    }

    /// <summary>Sends a request and returns its response, keeping notifications that arrive before it.</summary>
    public async Task<JsonElement> RequestAsync(string method, object parameters, List<JsonElement>? notifications = null)
    {
        var id = await SendAsync(method, parameters);
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.TryGetProperty("id", out var got) && got.GetInt32() == id)
            {
                return message;
            }

            notifications?.Add(message);
        }
    }

    public void Dispose() => socket.Dispose();
}
