using Clearline.Api.Methods;

namespace Clearline.Api.Protocol;

/// <summary>
/// A parsed JSON-RPC request: its id, the method it names (resolved against the registry) and where its
/// <c>params</c> object lies in the message, to be read later against that method's schema. When the message is
/// not a valid request, <see cref="Error"/> says why and the id is kept if it could be read.
/// </summary>
internal readonly record struct RpcEnvelope(
    RequestId Id,
    bool HasMethod,
    RpcMethod? Method,
    Range Params,
    bool HasParams,
    RpcError? Error);
