using System.Buffers;
using System.Net;
using Clearline.Api.Auth;
using Clearline.Api.Dispatch;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Protocol;
using Clearline.Api.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Clearline.Api.Transport;

/// <summary>
/// JSON-RPC over HTTP: <c>GET /api/v2/{public|private}/{method}?params</c> (what ccxt sends) and <c>POST</c> of a
/// JSON-RPC body to the same path or to <c>/api/v2</c>. A result is HTTP 200, an error HTTP 400 with the
/// JSON-RPC error in the body, as Deribit answers; nothing reaches the client as a 500.
/// </summary>
internal sealed partial class HttpRpcEndpoint
{
    private readonly RpcDispatcher _dispatcher;
    private readonly PeerCredits _peerCredits;
    private readonly ApiOptions _options;
    private readonly ILogger<HttpRpcEndpoint> _logger;

    public HttpRpcEndpoint(RpcDispatcher dispatcher, PeerCredits peerCredits, ApiOptions options, ILogger<HttpRpcEndpoint> logger)
    {
        _dispatcher = dispatcher;
        _peerCredits = peerCredits;
        _options = options;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var output = new PooledBufferWriter();
        byte[]? body = null;
        try
        {
            RpcResponse response;
            (response, body) = await AnswerAsync(context).ConfigureAwait(false);
            _dispatcher.Write(output, response);
            await SendAsync(context.Response, response.Code == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, output, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            LogFailed(_logger, e);
            output.Clear();
            _dispatcher.Write(output, _dispatcher.Refuse(RpcErrors.InternalServerError));
            await SendAsync(context.Response, StatusCodes.Status400BadRequest, output, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <returns>The response, and the pooled body buffer to return once the response is written.</returns>
    private async Task<(RpcResponse Response, byte[]? Body)> AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var routeMethod = request.RouteValues.TryGetValue("path", out var path) ? path as string : null;
        var isGet = HttpMethods.IsGet(request.Method);
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            return (_dispatcher.Refuse(RpcErrors.BadRequest("only GET and POST are supported")), null);
        }

        if (isGet)
        {
            var query = request.QueryString.Value ?? "";
            if (routeMethod is null)
            {
                return (_dispatcher.Refuse(RpcErrors.BadRequest("GET needs the method in the path")), null);
            }

            if (query.Length > _options.MaxRequestBytes)
            {
                return (_dispatcher.Refuse(RpcErrors.BadRequest("request too large")), null);
            }

            return (await _dispatcher.DispatchQueryAsync(routeMethod, query, Inbound(context, ReadOnlyMemory<byte>.Empty)).ConfigureAwait(false), null);
        }

        var (body, length) = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (_dispatcher.Refuse(RpcErrors.BadRequest("request too large")), null);
        }

        var message = body.AsMemory(0, length);
        var inbound = Inbound(context, message);

        // An empty POST to a method's path is a call without parameters (a GET without a query string).
        var response = length == 0 && routeMethod is not null
            ? await _dispatcher.DispatchQueryAsync(routeMethod, "", inbound).ConfigureAwait(false)
            : await _dispatcher.DispatchJsonAsync(message, routeMethod, inbound).ConfigureAwait(false);
        return (response, body);
    }

    private RpcInbound Inbound(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        var request = context.Request;
        var header = request.Headers.Authorization;
        var authorization = header.Count == 0
            ? HttpAuthorization.None
            : new HttpAuthorization(header.ToString(), request.Method, RawTarget(context), body);
        return new RpcInbound(RpcTransport.Http, address, _peerCredits.For(address), null, authorization, context.RequestAborted);
    }

    /// <summary>The request target exactly as the client sent it: what a deri-hmac-sha256 signature covers.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.PathBase + context.Request.Path + context.Request.QueryString;

    /// <returns>The body in a pooled buffer, or a null buffer when it exceeds the limit.</returns>
    private async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            return (null, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                buffer.AsSpan(0, length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = grown;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, 0);
        }

        return (buffer, length);
    }

    private static Task SendAsync(HttpResponse response, int status, PooledBufferWriter output, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = output.WrittenCount;
        return response.Body.WriteAsync(output.WrittenMemory, cancellationToken).AsTask();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP request failed; answered 11094")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
