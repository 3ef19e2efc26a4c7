using System.Collections.Concurrent;
using Clearline.Api.Hosting;

namespace Clearline.Api.RateLimiting;

/// <summary>The credit buckets of each API key, one per pool, shared by all its connections and both transports.</summary>
internal sealed class KeyCredits
{
    private readonly ConcurrentDictionary<string, CreditBucket[]> _byKey = new(StringComparer.Ordinal);
    private readonly Func<string, CreditBucket[]> _create;

    public KeyCredits(ApiOptions options, TimeProvider clock)
    {
        _create = _ => [new CreditBucket(options.GeneralCredits, clock), new CreditBucket(options.MatchingEngineCredits, clock)];
    }

    public bool TryConsume(string clientId, CreditPool pool, int cost) => _byKey.GetOrAdd(clientId, _create)[(int)pool].TryConsume(cost);
}
