namespace Clearline.Api.Protocol;

/// <summary>
/// The outcome of one request, ready to be written: the request's id, the result or error, and the
/// microsecond at which the request arrived (<c>usIn</c>).
/// </summary>
public readonly record struct RpcResponse(RequestId Id, RpcResult Result, long UsIn)
{
    /// <summary>0 for a result, else the error code: the figure metrics and HTTP status are derived from.</summary>
    public int Code => Result.Error?.Code ?? 0;
}
