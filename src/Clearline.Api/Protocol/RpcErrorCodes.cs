namespace Clearline.Api.Protocol;

/// <summary>
/// The error codes this server answers with: the JSON-RPC 2.0 ones and Deribit's own, with Deribit's numbers
/// and messages so that clients written for Deribit (ccxt among them) map them to the same exceptions.
/// </summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;

    public const int TooManyRequests = 10028;
    public const int MustBeWebSocketRequest = 10030;
    public const int BadRequest = 11050;
    public const int InternalServerError = 11094;
    public const int InvalidCredentials = 13004;
    public const int Unauthorized = 13009;
    public const int Forbidden = 13021;
}
