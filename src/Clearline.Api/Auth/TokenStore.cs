using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Clearline.Api.Auth;

/// <summary>
/// Bearer access tokens and refresh tokens: 256-bit random strings, each mapped to the client id it was issued
/// to and its expiry. A refresh token is single-use: redeeming it retires it and issues a fresh pair. Tokens
/// are kept in memory, so a restart signs every client out (they authenticate again with their key).
/// </summary>
internal sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, Grant> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _refresh = new(StringComparer.Ordinal);
    private readonly long _accessLifetimeMs;
    private readonly long _refreshLifetimeMs;
    private readonly Lock _pruneLock = new();
    private int _pruneThreshold = InitialPruneThreshold;

    private const int InitialPruneThreshold = 1024;

    public TokenStore(TimeSpan accessLifetime, TimeSpan refreshLifetime)
    {
        _accessLifetimeMs = (long)accessLifetime.TotalMilliseconds;
        _refreshLifetimeMs = (long)refreshLifetime.TotalMilliseconds;
    }

    public int AccessLifetimeSeconds => (int)(_accessLifetimeMs / 1000);

    public IssuedTokens Issue(string clientId, long nowMs)
    {
        PruneIfLarge(nowMs);
        var access = NewToken();
        var refresh = NewToken();
        _access[access] = new Grant(clientId, nowMs + _accessLifetimeMs);
        _refresh[refresh] = new Grant(clientId, nowMs + _refreshLifetimeMs);
        return new IssuedTokens(access, refresh);
    }

    /// <summary>The client id an unexpired access token was issued to.</summary>
    public bool TryResolveAccess(string token, long nowMs, out string clientId) => TryResolve(_access, token, nowMs, remove: false, out clientId);

    /// <summary>Retires an unexpired refresh token and gives the client id it was issued to.</summary>
    public bool TryRedeemRefresh(string token, long nowMs, out string clientId) => TryResolve(_refresh, token, nowMs, remove: true, out clientId);

    private static bool TryResolve(ConcurrentDictionary<string, Grant> tokens, string token, long nowMs, bool remove, out string clientId)
    {
        var found = remove ? tokens.TryRemove(token, out var grant) : tokens.TryGetValue(token, out grant);
        if (found && grant.ExpiresAtMs > nowMs)
        {
            clientId = grant.ClientId;
            return true;
        }

        if (found && !remove)
        {
            tokens.TryRemove(token, out _);
        }

        clientId = "";
        return false;
    }

    /// <summary>
    /// Drops expired tokens once the stores have doubled since the last sweep: amortised O(1) per issue, and
    /// memory bounded by the tokens alive within one lifetime.
    /// </summary>
    private void PruneIfLarge(long nowMs)
    {
        if (_access.Count + _refresh.Count < Volatile.Read(ref _pruneThreshold))
        {
            return;
        }

        lock (_pruneLock)
        {
            Prune(_access, nowMs);
            Prune(_refresh, nowMs);
            Volatile.Write(ref _pruneThreshold, Math.Max(InitialPruneThreshold, 2 * (_access.Count + _refresh.Count)));
        }
    }

    private static void Prune(ConcurrentDictionary<string, Grant> tokens, long nowMs)
    {
        foreach (var (token, grant) in tokens)
        {
            if (grant.ExpiresAtMs <= nowMs)
            {
                tokens.TryRemove(token, out _);
            }
        }
    }

    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    private readonly record struct Grant(string ClientId, long ExpiresAtMs);
}

internal readonly record struct IssuedTokens(string AccessToken, string RefreshToken);
