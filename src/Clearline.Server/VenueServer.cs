using Clearline.Api.Auth;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Subscriptions;
using Clearline.Engine.Storage;
using Clearline.Server.Demo;
using Clearline.Server.Rpc;
using Clearline.Server.Venue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearline.Server;

/// <summary>
/// Builds the venue's web host: the JSON-RPC API (Clearline.Api) over the engine with clearing, the read model, the
/// venue's methods and channels and, for the demo, the simulated market. A fresh data directory gets the demo
/// markets; an existing one keeps the configuration its journal was written under.
/// </summary>
public static class VenueServer
{
    public static WebApplication Build(ServerOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.DataDirectory);
        options.DataDirectory = data;
        var configuration = LoadOrCreateConfiguration(data);

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        // Every request would otherwise log two lines; the venue logs what matters (recovery, stop, failures).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddClearlineApi(o =>
        {
            o.DataDirectory = data;
            options.ConfigureApi?.Invoke(o);
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(configuration);
        builder.Services.AddSingleton(options.Clock ?? new WallClock());
        builder.Services.AddSingleton<HistoryStore>();
        builder.Services.AddSingleton(sp => new VenueView(configuration, sp.GetRequiredService<SubscriptionHub>(), sp.GetRequiredService<HistoryStore>()));
        builder.Services.AddSingleton<VenueEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VenueEngine>());
        builder.Services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<VenueEngine>());
        builder.Services.AddSingleton<DemoMarket>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoMarket>());
        builder.Services.AddSingleton<IChannelResolver, VenueChannels>();
        builder.Services.AddSingleton<IRpcMethodModule, MarketDataMethods>();
        builder.Services.AddSingleton<IRpcMethodModule, TradingMethods>();
        builder.Services.AddSingleton<IRpcMethodModule, AccountMethods>();
        builder.Services.AddSingleton<IRpcMethodModule, HistoryMethods>();
        builder.Services.AddSingleton<IRpcMethodModule, SettlementMethods>();

        var app = builder.Build();
        app.MapClearlineApi();
        return app;
    }

    /// <summary>The demo trading account's credentials, created on the first start.</summary>
    public static (string ClientId, string ClientSecret) DemoCredentialsOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<ServerOptions>();
        return DemoCredentials.Ensure(app.Services.GetRequiredService<ApiKeyStore>(), options.DataDirectory);
    }

    private static EngineConfiguration LoadOrCreateConfiguration(string data)
    {
        // Owner-only: the directory holds API secrets (api-keys.json, demo-credentials.json).
        if (!Directory.Exists(data) && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(MarketsFile.PathIn(data)))
        {
            var demo = DemoMarkets.Create(DateOnly.FromDateTime(DateTime.UtcNow));
            MarketsFile.Write(data, demo.Markets, demo.Limits, demo.Clearing);
        }

        var configuration = MarketsFile.Read(data);
        return configuration.Clearing is null
            ? throw new InvalidDataException($"{MarketsFile.PathIn(data)} has no clearing section: the server runs the engine with clearing")
            : configuration;
    }
}
