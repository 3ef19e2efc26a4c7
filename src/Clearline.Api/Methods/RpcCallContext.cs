using System.Net;
using Clearline.Api.Auth;
using Clearline.Api.Transport;

namespace Clearline.Api.Methods;

/// <summary>Who is calling, over what, and since when.</summary>
public readonly struct RpcCallContext
{
    internal RpcCallContext(ApiKey? caller, RpcTransport transport, IPAddress? remoteAddress, RpcSession? session, long receivedAtUs, CancellationToken aborted)
    {
        Caller = caller;
        Transport = transport;
        RemoteAddress = remoteAddress;
        Session = session;
        ReceivedAtUs = receivedAtUs;
        Aborted = aborted;
    }

    /// <summary>The authenticated key; always set for a private method, set for a public one on a WebSocket
    /// session that has authenticated.</summary>
    public ApiKey? Caller { get; }

    public RpcTransport Transport { get; }

    public IPAddress? RemoteAddress { get; }

    /// <summary>The WebSocket session the request arrived on; null over HTTP.</summary>
    public RpcSession? Session { get; }

    /// <summary>When the request arrived, in microseconds since the Unix epoch (the response's <c>usIn</c>).</summary>
    public long ReceivedAtUs { get; }

    /// <summary>Signalled when the client goes away before the answer.</summary>
    public CancellationToken Aborted { get; }
}
