using System.Collections.Concurrent;
using System.Net;

namespace Clearline.Api.RateLimiting;

/// <summary>
/// The connection-level bucket of HTTP clients. A WebSocket connection has its own bucket; HTTP connections are
/// cheap to reopen, so over HTTP the remote address is the connection. Buckets that have refilled completely are
/// dropped once the table has doubled since the last sweep, which bounds memory by the addresses active within
/// one refill period. (A request racing a sweep may be charged to a bucket being dropped: a full one, so this
/// forgives at most one request per address per sweep.)
/// </summary>
internal sealed class PeerCredits
{
    private const int InitialSweepThreshold = 1024;

    private readonly ConcurrentDictionary<IPAddress, CreditBucket> _byAddress = new();
    private readonly Func<IPAddress, CreditBucket> _create;
    private readonly Lock _sweepLock = new();
    private int _sweepThreshold = InitialSweepThreshold;

    public PeerCredits(CreditLimits limits, TimeProvider clock)
    {
        _create = _ => new CreditBucket(limits, clock);
    }

    public CreditBucket For(IPAddress address)
    {
        if (_byAddress.Count >= Volatile.Read(ref _sweepThreshold))
        {
            Sweep();
        }

        return _byAddress.GetOrAdd(address, _create);
    }

    private void Sweep()
    {
        lock (_sweepLock)
        {
            foreach (var (address, bucket) in _byAddress)
            {
                if (bucket.IsFull)
                {
                    _byAddress.TryRemove(address, out _);
                }
            }

            Volatile.Write(ref _sweepThreshold, Math.Max(InitialSweepThreshold, 2 * _byAddress.Count));
        }
    }
}
