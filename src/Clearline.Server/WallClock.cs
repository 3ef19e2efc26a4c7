using Clearline.Sequencing;

namespace Clearline.Server;

/// <summary>The wall clock, given to the sequencer by the host: the engine itself only ever sees the stamps.</summary>
public sealed class WallClock : IClock
{
    public long UtcNowMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
