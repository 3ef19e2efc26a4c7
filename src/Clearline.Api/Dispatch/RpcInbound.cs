using System.Net;
using Clearline.Api.Auth;
using Clearline.Api.Methods;
using Clearline.Api.RateLimiting;
using Clearline.Api.Transport;

namespace Clearline.Api.Dispatch;

/// <summary>Where a request came from: transport, peer, the connection-level credit bucket to charge, the
/// WebSocket session (null over HTTP) and, over HTTP, what the request offers for authentication.</summary>
internal readonly record struct RpcInbound(
    RpcTransport Transport,
    IPAddress RemoteAddress,
    CreditBucket ConnectionCredits,
    RpcSession? Session,
    HttpAuthorization Authorization,
    CancellationToken Aborted);
