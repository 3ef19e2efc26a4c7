namespace Clearline.Api.Methods;

/// <summary>The transports a request can arrive on; a method may be limited to some of them.</summary>
[Flags]
public enum RpcTransport
{
    Http = 1,
    WebSocket = 2,
    Any = Http | WebSocket,
}
