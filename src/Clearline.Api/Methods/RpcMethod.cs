using Clearline.Api.Auth;
using Clearline.Api.Params;
using Clearline.Api.RateLimiting;

namespace Clearline.Api.Methods;

/// <summary>
/// A method the server answers: its name (<c>public/...</c> or <c>private/...</c>), its parameters, the scopes
/// a caller needs, what it costs in credits, the transports it is offered on, and its handler.
/// </summary>
public sealed class RpcMethod
{
    public RpcMethod(string name, ParamSchema parameters, RpcHandler handler)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(handler);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a method name: expected public/name or private/name, lower case, digits and '_'.", nameof(name));
        }

        Name = name;
        IsPrivate = name.StartsWith("private/", StringComparison.Ordinal);
        Parameters = parameters;
        Handler = handler;
    }

    public string Name { get; }

    /// <summary>Private methods need an authenticated caller; public ones do not.</summary>
    public bool IsPrivate { get; }

    public ParamSchema Parameters { get; }

    public RpcHandler Handler { get; }

    /// <summary>Scopes the caller's key must hold. Only a private method can require any.</summary>
    public ApiScopes RequiredScopes { get; init; }

    public CreditPool Pool { get; init; } = CreditPool.General;

    /// <summary>Credits one call takes from the key's bucket; null for the pool's default cost.</summary>
    public int? Cost { get; init; }

    public RpcTransport Transports { get; init; } = RpcTransport.Any;

    public override string ToString() => Name;

    private static bool IsValidName(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || name[..slash] is not ("public" or "private") || slash == name.Length - 1)
        {
            return false;
        }

        foreach (var c in name.AsSpan(slash + 1))
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
