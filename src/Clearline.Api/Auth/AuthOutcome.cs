using Clearline.Api.Protocol;

namespace Clearline.Api.Auth;

/// <summary>An authenticated key, or the error that says why not.</summary>
internal readonly record struct AuthOutcome(ApiKey? Key, RpcError? Error)
{
    public static implicit operator AuthOutcome(ApiKey key) => new(key, null);

    public static implicit operator AuthOutcome(RpcError error) => new(null, error);
}
