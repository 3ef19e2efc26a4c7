namespace Clearline.Api.Protocol;

/// <summary>
/// A JSON-RPC error object: <c>{"code":..,"message":..,"data":{"reason":..,"param":..}}</c>. Deribit puts the
/// offending parameter and a short reason in <c>data</c>; both are optional and <c>data</c> is left out when
/// neither is set. Immutable, so the common errors are shared instances.
/// </summary>
public sealed class RpcError
{
    public RpcError(int code, string message, string? param = null, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        Code = code;
        Message = message;
        Param = param;
        Reason = reason;
    }

    public int Code { get; }

    public string Message { get; }

    /// <summary>The parameter the error is about, when there is one.</summary>
    public string? Param { get; }

    /// <summary>Why the request was refused, in a few words.</summary>
    public string? Reason { get; }

    public override string ToString() => $"{Code} {Message}" + (Param is null ? "" : $" ({Param})") + (Reason is null ? "" : $": {Reason}");
}
