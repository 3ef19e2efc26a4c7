using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Clearline.Api.Auth;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearline.Api.Tests.Support;

/// <summary>
/// The API on Kestrel at a random loopback port, with a manual clock, the test methods and channels, and two
/// keys: <see cref="TraderId"/> (read and trade, account 7) and <see cref="ReaderId"/> (read only, account 8).
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string TraderId = "trader01";
    public const string TraderSecret = "trader-secret-0123456789";
    public const string ReaderId = "reader01";
    public const string ReaderSecret = "reader-secret-0123456789";

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, string dataDirectory, ManualTimeProvider clock)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public ManualTimeProvider Clock { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public ApiKeyStore Keys => Services.GetRequiredService<ApiKeyStore>();

    public SubscriptionHub Hub => Services.GetRequiredService<SubscriptionHub>();

    public static async Task<ApiHost> StartAsync(Action<ApiOptions>? configure = null, Action<IServiceCollection>? services = null, ILoggerProvider? logs = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "clearline-api-tests", Guid.NewGuid().ToString("N"));
        var clock = new ManualTimeProvider(Start);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddClearlineApi(o =>
        {
            o.DataDirectory = dataDirectory;
            configure?.Invoke(o);
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IRpcMethodModule, TestMethods>();
        builder.Services.AddSingleton<IChannelResolver, TestChannels>();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapClearlineApi();
        await app.StartAsync();

        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        keys.Add(TraderId, TraderSecret, 7, ApiScopes.Read | ApiScopes.Trade);
        keys.Add(ReaderId, ReaderSecret, 8, ApiScopes.Read);
        return new ApiHost(app, dataDirectory, clock);
    }

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<(int Status, JsonElement Body)> GetAsync(string pathAndQuery, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = authorization;
        return await SendAsync(request);
    }

    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string body, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = authorization;
        return await SendAsync(request);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>An access token for a key, through public/auth with client credentials.</summary>
    public async Task<string> TokenAsync(string clientId, string secret)
    {
        var (_, body) = await GetAsync($"/api/v2/public/auth?grant_type=client_credentials&client_id={clientId}&client_secret={secret}");
        return body.GetProperty("result").GetProperty("access_token").GetString()!;
    }

    public async Task<TestSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/ws/api/v2" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new TestSocket(socket);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A WebSocket client that sends text and reads whole JSON messages, each within a few seconds.</summary>
public sealed class TestSocket : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private readonly ClientWebSocket _socket;
    private int _nextId;

    public TestSocket(ClientWebSocket socket)
    {
        _socket = socket;
    }

    public WebSocket Socket => _socket;

    public Task SendTextAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends a request with the next id and returns the response to it.</summary>
    public async Task<JsonElement> CallAsync(string method, string paramsJson = "{}")
    {
        var id = ++_nextId;
        await SendTextAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""");
        var response = await ReceiveAsync();
        Assert.Equal(id, response.GetProperty("id").GetInt32());
        return response;
    }

    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[1 << 16];
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"closed by the server: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
        }
    }

    /// <summary>Reads until the server's close frame and returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[1 << 16];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return _socket.CloseStatus;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
