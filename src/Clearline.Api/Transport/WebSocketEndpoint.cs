using System.Net;
using System.Net.WebSockets;
using Clearline.Api.Dispatch;
using Clearline.Api.Hosting;
using Clearline.Api.Observability;
using Clearline.Api.Protocol;
using Clearline.Api.RateLimiting;
using Clearline.Api.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearline.Api.Transport;

/// <summary>
/// <c>/ws/api/v2</c>: accepts a WebSocket (within the per-address connection limit), runs its session until either
/// side closes, then tears it down: subscriptions dropped, heartbeat stopped, the connection counted out.
/// Refusals before the upgrade are HTTP answers with a JSON-RPC error body.
/// </summary>
internal sealed partial class WebSocketEndpoint
{
    private readonly RpcDispatcher _dispatcher;
    private readonly SubscriptionHub _hub;
    private readonly ConnectionLimiter _limiter;
    private readonly ApiMetrics _metrics;
    private readonly ApiOptions _options;
    private readonly TimeProvider _clock;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<WebSocketEndpoint> _logger;
    private long _nextSessionId;

    public WebSocketEndpoint(
        RpcDispatcher dispatcher,
        SubscriptionHub hub,
        ConnectionLimiter limiter,
        ApiMetrics metrics,
        ApiOptions options,
        TimeProvider clock,
        IHostApplicationLifetime lifetime,
        ILogger<WebSocketEndpoint> logger)
    {
        _dispatcher = dispatcher;
        _hub = hub;
        _limiter = limiter;
        _metrics = metrics;
        _options = options;
        _clock = clock;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RpcErrors.BadRequest("a WebSocket upgrade is expected here")).ConfigureAwait(false);
            return;
        }

        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (!_limiter.TryAcquire(address))
        {
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, RpcErrors.TooManyRequestsBecause("too many connections from this address")).ConfigureAwait(false);
            return;
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var id = Interlocked.Increment(ref _nextSessionId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var session = new RpcSession(id, address, _options.WebSocketSendQueueCapacity, _options.ConnectionCredits, _clock);
            _metrics.WebSocketOpened();
            try
            {
                using var stopping = _lifetime.ApplicationStopping.Register(
                    static s => ((RpcSession)s!).Outbox.RequestClose(new CloseRequest(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", DiscardPending: false)),
                    session);
                var pump = new WebSocketPump(socket, session, _dispatcher, _options);
                await pump.RunAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                LogConnectionLost(_logger, session.Id, e.Message);
            }
            finally
            {
                _hub.UnsubscribeAll(session);
                session.End();
                _metrics.WebSocketClosed();
            }
        }
        finally
        {
            _limiter.Release(address);
        }
    }

    private async Task RefuseAsync(HttpContext context, int status, Protocol.RpcError error)
    {
        using var output = new PooledBufferWriter();
        _dispatcher.Write(output, _dispatcher.Refuse(error));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Session} ended abruptly: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string session, string reason);
}
