using Clearline.Sequencing;

namespace Clearline.Cli;

/// <summary>The wall clock, given to the sequencer by the host: the engine itself only ever sees the stamps.</summary>
internal sealed class SystemClock : IClock
{
    public long UtcNowMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
