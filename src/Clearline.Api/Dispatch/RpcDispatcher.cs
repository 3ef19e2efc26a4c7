using System.Buffers;
using Clearline.Api.Auth;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Observability;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Api.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Clearline.Api.Dispatch;

/// <summary>
/// Answers one request, whatever the transport: resolve the method, then in this order
/// <list type="number">
/// <item>the transport is one the method is offered on (10030);</item>
/// <item>the connection has credits (10028);</item>
/// <item>for a private method, the caller authenticates (13009) and holds the method's scopes (13021);</item>
/// <item>the caller's key has credits in the method's pool (10028);</item>
/// <item>the parameters match the schema (-32602);</item>
/// </list>
/// then the handler. Authentication comes before parameter errors so that a stranger learns nothing about a
/// private method's parameters. Every path ends in a response; nothing here throws at the transport.
/// </summary>
internal sealed partial class RpcDispatcher
{
    private readonly RpcMethodRegistry _registry;
    private readonly Authenticator _authenticator;
    private readonly KeyCredits _keyCredits;
    private readonly ApiMetrics _metrics;
    private readonly ApiOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RpcDispatcher> _logger;

    public RpcDispatcher(
        RpcMethodRegistry registry,
        Authenticator authenticator,
        KeyCredits keyCredits,
        ApiMetrics metrics,
        ApiOptions options,
        TimeProvider clock,
        ILogger<RpcDispatcher> logger)
    {
        _registry = registry;
        _authenticator = authenticator;
        _keyCredits = keyCredits;
        _metrics = metrics;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// A JSON-RPC message: a POST body or a WebSocket frame. <paramref name="routeMethod"/> is the method named
    /// by the URL path, if any; a body naming another is refused.
    /// </summary>
    public ValueTask<RpcResponse> DispatchJsonAsync(ReadOnlyMemory<byte> message, string? routeMethod, RpcInbound inbound)
    {
        var started = _clock.GetTimestamp();
        var usIn = UnixTime.Microseconds(_clock);
        var envelope = RpcEnvelopeReader.Read(message.Span, _registry);
        if (envelope.Error is not null)
        {
            return Finish(envelope.Method, envelope.Id, envelope.Error, usIn, started);
        }

        var method = envelope.Method;
        if (routeMethod is not null)
        {
            var routed = _registry.Find(routeMethod);
            if (routed is null)
            {
                return Finish(null, envelope.Id, RpcErrors.MethodNotFound, usIn, started);
            }

            if (envelope.HasMethod && !ReferenceEquals(envelope.Method, routed))
            {
                return Finish(routed, envelope.Id, RpcErrors.InvalidRequest("method differs from the one in the path"), usIn, started);
            }

            method = routed;
        }

        if (method is null)
        {
            return Finish(null, envelope.Id, RpcErrors.InvalidRequest("method is required"), usIn, started);
        }

        var source = envelope.HasParams ? ParamSource.Json(message[envelope.Params]) : ParamSource.None;
        return InvokeAsync(method, envelope.Id, source, inbound, usIn, started);
    }

    /// <summary>An HTTP GET: the method from the path, the parameters from the query string.</summary>
    public ValueTask<RpcResponse> DispatchQueryAsync(string routeMethod, string query, RpcInbound inbound)
    {
        var started = _clock.GetTimestamp();
        var usIn = UnixTime.Microseconds(_clock);
        var method = _registry.Find(routeMethod);
        return method is null
            ? Finish(null, RequestId.None, RpcErrors.MethodNotFound, usIn, started)
            : InvokeAsync(method, RequestId.None, ParamSource.Query(query), inbound, usIn, started);
    }

    /// <summary>A request refused before it could be read (too large, wrong frame type, wrong HTTP verb).</summary>
    public RpcResponse Refuse(RpcError error)
    {
        var started = _clock.GetTimestamp();
        return Record(null, RequestId.None, error, UnixTime.Microseconds(_clock), started);
    }

    /// <summary>
    /// Writes a response in full to <paramref name="output"/>. Should a handler's result fail to serialise, the
    /// partial output is discarded and replaced by 11094, so a client never receives half a message.
    /// </summary>
    public void Write(PooledBufferWriter output, in RpcResponse response)
    {
        try
        {
            RpcWriter.WriteResponse(output, response, UnixTime.Microseconds(_clock), _options.Testnet);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogResultNotSerialisable(_logger, e);
            output.Clear();
            RpcWriter.WriteResponse(output, response with { Result = RpcErrors.InternalServerError }, UnixTime.Microseconds(_clock), _options.Testnet);
        }
    }

    private async ValueTask<RpcResponse> InvokeAsync(RpcMethod method, RequestId id, ParamSource source, RpcInbound inbound, long usIn, long started)
    {
        var schema = method.Parameters;
        var values = ArrayPool<ParamValue>.Shared.Rent(schema.Items.Length);
        RpcResult result;
        try
        {
            Array.Clear(values, 0, schema.Items.Length);
            result = await RunAsync(method, schema, values, source, inbound, usIn).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(values, 0, schema.Items.Length);
            ArrayPool<ParamValue>.Shared.Return(values);
        }

        return Record(method, id, result, usIn, started);
    }

    private async ValueTask<RpcResult> RunAsync(RpcMethod method, ParamSchema schema, ParamValue[] values, ParamSource source, RpcInbound inbound, long usIn)
    {
        if ((method.Transports & inbound.Transport) == 0)
        {
            return RpcErrors.MustBeWebSocketRequest;
        }

        if (!inbound.ConnectionCredits.TryConsume(_options.ConnectionCredits.DefaultCost))
        {
            return RpcErrors.TooManyRequests;
        }

        var span = values.AsSpan(0, schema.Items.Length);
        string? accessToken;
        var paramsError = source.IsQuery
            ? QueryParamsReader.Read(source.QueryText!, schema, span, out accessToken)
            : source.IsJson
                ? JsonParamsReader.Read(source.JsonText.Span, schema, span, out accessToken)
                : Missing(schema, span, out accessToken);

        var caller = inbound.Session?.Caller is { } signedIn ? _authenticator.StillValid(signedIn).Key : null;
        if (method.IsPrivate)
        {
            var auth = Authenticate(accessToken, inbound);
            if (auth.Error is not null)
            {
                return auth.Error;
            }

            caller = auth.Key!;
            if (!caller.HasScopes(method.RequiredScopes))
            {
                return RpcErrors.Forbidden;
            }
        }

        if (caller is not null && !_keyCredits.TryConsume(caller.ClientId, method.Pool, method.Cost ?? DefaultCost(method.Pool)))
        {
            return RpcErrors.TooManyRequests;
        }

        if (paramsError is not null)
        {
            return paramsError;
        }

        var context = new RpcCallContext(caller, inbound.Transport, inbound.RemoteAddress, inbound.Session, usIn, inbound.Aborted);
        try
        {
            return await method.Handler(new RpcParams(schema, values), context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (inbound.Aborted.IsCancellationRequested)
        {
            return RpcErrors.InternalServerError; // nobody is listening any more
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogHandlerFailed(_logger, method.Name, e);
            return RpcErrors.InternalServerError;
        }
    }

    /// <summary>Private calls: <c>access_token</c> in the params, else the session's identity, else the HTTP
    /// <c>Authorization</c> header.</summary>
    private AuthOutcome Authenticate(string? accessToken, in RpcInbound inbound)
    {
        var nowMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (accessToken is not null)
        {
            return _authenticator.AccessToken(accessToken, nowMs);
        }

        if (inbound.Session?.Caller is { } sessionCaller)
        {
            return _authenticator.StillValid(sessionCaller);
        }

        return inbound.Authorization.Header is not null
            ? _authenticator.HttpHeader(inbound.Authorization, nowMs)
            : RpcErrors.Unauthorized("authorization required");
    }

    private static RpcError? Missing(ParamSchema schema, Span<ParamValue> values, out string? accessToken)
    {
        accessToken = null;
        var missing = schema.FirstMissing(values);
        return missing is null ? null : RpcErrors.InvalidParams(missing.Name, "missing");
    }

    private int DefaultCost(CreditPool pool) =>
        pool == CreditPool.MatchingEngine ? _options.MatchingEngineCredits.DefaultCost : _options.GeneralCredits.DefaultCost;

    private ValueTask<RpcResponse> Finish(RpcMethod? method, RequestId id, RpcResult result, long usIn, long started) =>
        new(Record(method, id, result, usIn, started));

    private RpcResponse Record(RpcMethod? method, RequestId id, RpcResult result, long usIn, long started)
    {
        var response = new RpcResponse(id, result, usIn);
        _metrics.RecordRequest(method?.Name ?? ApiMetrics.UnknownMethod, response.Code, (long)_clock.GetElapsedTime(started).TotalMicroseconds);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Method {Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A result could not be serialised; answered 11094 instead")]
    private static partial void LogResultNotSerialisable(ILogger logger, Exception exception);

    /// <summary>Where the parameters are: a JSON object in the message, a query string, or nowhere.</summary>
    private readonly record struct ParamSource(ReadOnlyMemory<byte> JsonText, string? QueryText, bool IsJson)
    {
        public static ParamSource None => default;

        public bool IsQuery => QueryText is not null;

        public static ParamSource Json(ReadOnlyMemory<byte> json) => new(json, null, true);

        public static ParamSource Query(string query) => new(default, query, false);
    }
}
