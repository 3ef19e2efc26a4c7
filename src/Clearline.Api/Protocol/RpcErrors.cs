namespace Clearline.Api.Protocol;

/// <summary>The errors of the transport layer, with Deribit's codes and messages.</summary>
public static class RpcErrors
{
    public static readonly RpcError ParseError = new(RpcErrorCodes.ParseError, "Parse error");
    public static readonly RpcError MethodNotFound = new(RpcErrorCodes.MethodNotFound, "Method not found");
    public static readonly RpcError TooManyRequests = new(RpcErrorCodes.TooManyRequests, "too_many_requests");
    public static readonly RpcError MustBeWebSocketRequest = new(RpcErrorCodes.MustBeWebSocketRequest, "must_be_websocket_request");
    public static readonly RpcError InternalServerError = new(RpcErrorCodes.InternalServerError, "internal_server_error");
    public static readonly RpcError Forbidden = new(RpcErrorCodes.Forbidden, "forbidden");

    public static RpcError InvalidRequest(string reason) => new(RpcErrorCodes.InvalidRequest, "Invalid Request", reason: reason);

    /// <summary>A parameter is missing, unexpected, of the wrong type or out of range.</summary>
    public static RpcError InvalidParams(string param, string reason) => new(RpcErrorCodes.InvalidParams, "Invalid params", param, reason);

    /// <summary>The request carries no usable authorization: absent, expired or unknown token, bad signature.</summary>
    public static RpcError Unauthorized(string reason) => new(RpcErrorCodes.Unauthorized, "unauthorized", reason: reason);

    /// <summary><c>public/auth</c> was given credentials that do not authenticate.</summary>
    public static RpcError InvalidCredentials(string? reason = null) => new(RpcErrorCodes.InvalidCredentials, "invalid_credentials", reason: reason);

    public static RpcError TooManyRequestsBecause(string reason) => new(RpcErrorCodes.TooManyRequests, "too_many_requests", reason: reason);

    /// <summary>The request could not be taken as a request at all (too large, wrong frame type, wrong HTTP verb).</summary>
    public static RpcError BadRequest(string reason) => new(RpcErrorCodes.BadRequest, "bad_request", reason: reason);
}
