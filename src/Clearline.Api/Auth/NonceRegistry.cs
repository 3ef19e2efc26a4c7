using System.Collections.Concurrent;

namespace Clearline.Api.Auth;

/// <summary>
/// The nonces each key has used in signed requests. A signed request is valid only while its timestamp is
/// within the window of the server's clock, so a nonce needs remembering only until its timestamp leaves the
/// window: after that, a replay fails the timestamp check anyway. Memory is thus bounded by the key's request
/// rate over one window, and only correctly signed requests ever get here.
/// </summary>
internal sealed class NonceRegistry
{
    private readonly ConcurrentDictionary<string, KeyNonces> _byKey = new(StringComparer.Ordinal);

    /// <summary>Records the nonce; false if the key already used it and it has not expired.</summary>
    public bool TryUse(string clientId, string nonce, long expiresAtMs, long nowMs) =>
        _byKey.GetOrAdd(clientId, static _ => new KeyNonces()).TryUse(nonce, expiresAtMs, nowMs);

    private sealed class KeyNonces
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, long> _expiries = new(StringComparer.Ordinal);
        private readonly PriorityQueue<string, long> _byExpiry = new();

        public bool TryUse(string nonce, long expiresAtMs, long nowMs)
        {
            lock (_lock)
            {
                while (_byExpiry.TryPeek(out var oldest, out var expiry) && expiry <= nowMs)
                {
                    _byExpiry.Dequeue();
                    if (_expiries.TryGetValue(oldest, out var current) && current == expiry)
                    {
                        _expiries.Remove(oldest);
                    }
                }

                if (_expiries.TryGetValue(nonce, out var existing) && existing > nowMs)
                {
                    return false;
                }

                _expiries[nonce] = expiresAtMs;
                _byExpiry.Enqueue(nonce, expiresAtMs);
                return true;
            }
        }
    }
}
