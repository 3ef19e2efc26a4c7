using Clearline.Api.Params;
using Clearline.Api.Protocol;

namespace Clearline.Api.Methods;

/// <summary>
/// A method's implementation. It receives parameters already validated against the method's schema and a
/// caller already authenticated and authorised for the method's scopes and charged its credits; it returns a
/// result or an <see cref="RpcError"/>. An exception is answered as 11094 internal_server_error and logged.
/// </summary>
public delegate ValueTask<RpcResult> RpcHandler(RpcParams parameters, RpcCallContext context);
