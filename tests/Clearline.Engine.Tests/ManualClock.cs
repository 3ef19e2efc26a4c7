using Clearline.Sequencing;

namespace Clearline.Engine.Tests;

/// <summary>A clock tests set by hand; thread-safe.</summary>
internal sealed class ManualClock(long start = 1_700_000_000_000_000) : IClock
{
    private long _now = start;

    public long Now
    {
        get => Interlocked.Read(ref _now);
        set => Interlocked.Exchange(ref _now, value);
    }

    public long UtcNowMicroseconds() => Now;
}
