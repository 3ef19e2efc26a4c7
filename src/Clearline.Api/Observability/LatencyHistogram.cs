namespace Clearline.Api.Observability;

/// <summary>
/// A cumulative latency histogram with fixed bounds, in the Prometheus sense: counts per upper bound (in
/// microseconds internally), a total count and a sum. Lock-free: one interlocked increment per observation.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>From 50 µs (an in-memory answer) to 2.5 s (a stalled backend), roughly ×2.5 apart.</summary>
    internal static readonly long[] BoundsUs = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000];

    private readonly long[] _counts = new long[BoundsUs.Length + 1];
    private long _sumUs;

    public void Observe(long microseconds)
    {
        var bucket = Array.BinarySearch(BoundsUs, microseconds);
        Interlocked.Increment(ref _counts[bucket >= 0 ? bucket : ~bucket]);
        Interlocked.Add(ref _sumUs, microseconds);
    }

    /// <summary>Cumulative counts per bound, the last being +Inf, and the sum in microseconds.</summary>
    public (long[] Cumulative, long SumUs) Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Volatile.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return (cumulative, Volatile.Read(ref _sumUs));
    }
}
