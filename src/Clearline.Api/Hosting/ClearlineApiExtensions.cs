using Clearline.Api.Auth;
using Clearline.Api.BuiltIn;
using Clearline.Api.Dispatch;
using Clearline.Api.Methods;
using Clearline.Api.Observability;
using Clearline.Api.RateLimiting;
using Clearline.Api.Subscriptions;
using Clearline.Api.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Clearline.Api.Hosting;

/// <summary>
/// Wiring for a host:
/// <code>
/// builder.Services.AddClearlineApi(o => o.DataDirectory = dir);
/// builder.Services.AddSingleton&lt;IRpcMethodModule, VenueMethods&gt;();   // the venue's methods
/// builder.Services.AddSingleton&lt;IChannelResolver, VenueChannels&gt;();  // and channels
/// var app = builder.Build();
/// app.MapClearlineApi();
/// </code>
/// A <see cref="TimeProvider"/> registered by the host replaces the system clock everywhere in the API.
/// </summary>
public static class ClearlineApiExtensions
{
    public static IServiceCollection AddClearlineApi(this IServiceCollection services, Action<ApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ApiOptions();
        configure(options);
        options.Validate();

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);

        // ASP.NET Core's request-start line includes the query string, and a GET public/auth carries
        // client_secret there: keep that category quiet so a secret never reaches a log.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        services.TryAddSingleton<IChannelResolver, NoChannels>();

        services.AddSingleton(_ => ApiKeyStore.Open(options.DataDirectory));
        services.AddSingleton(_ => new TokenStore(options.AccessTokenLifetime, options.RefreshTokenLifetime));
        services.AddSingleton<NonceRegistry>();
        services.AddSingleton<Authenticator>();

        services.AddSingleton<KeyCredits>();
        services.AddSingleton(sp => new PeerCredits(options.ConnectionCredits, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new ConnectionLimiter(options.MaxWebSocketConnectionsPerAddress));

        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<SubscriptionHub>();
        services.AddSingleton<Readiness>();

        services.AddSingleton<IRpcMethodModule, SystemMethods>();
        services.AddSingleton<IRpcMethodModule, AuthMethods>();
        services.AddSingleton<IRpcMethodModule, HeartbeatMethods>();
        services.AddSingleton<IRpcMethodModule, SubscriptionMethods>();
        services.AddSingleton(sp =>
        {
            var registry = new RpcMethodRegistry();
            foreach (var module in sp.GetServices<IRpcMethodModule>())
            {
                module.Register(registry);
            }

            registry.Freeze();
            return registry;
        });

        services.AddSingleton<RpcDispatcher>();
        services.AddSingleton<HttpRpcEndpoint>();
        services.AddSingleton<WebSocketEndpoint>();
        services.AddSingleton<HealthEndpoints>();
        return services;
    }

    /// <summary>Maps <c>/api/v2</c>, <c>/ws/api/v2</c>, <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapClearlineApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Services;
        var http = services.GetRequiredService<HttpRpcEndpoint>();
        var webSocket = services.GetRequiredService<WebSocketEndpoint>();
        var health = services.GetRequiredService<HealthEndpoints>();

        app.UseWebSockets();
        app.Map("/api/v2/{**path}", http.HandleAsync);
        app.Map("/api/v2", http.HandleAsync);
        app.Map("/ws/api/v2", webSocket.HandleAsync);
        app.MapGet("/health/live", HealthEndpoints.LiveAsync);
        app.MapGet("/health/ready", health.ReadyAsync);
        app.MapGet("/metrics", health.MetricsAsync);
        return app;
    }
}
