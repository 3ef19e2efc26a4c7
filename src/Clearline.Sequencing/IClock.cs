namespace Clearline.Sequencing;

/// <summary>
/// The sequencer's time source: the only clock the engine ever sees, through the timestamps stamped on
/// commands. Injected so tests and replays control time; hosts supply the wall clock.
/// </summary>
public interface IClock
{
    /// <summary>Microseconds since the Unix epoch (UTC).</summary>
    long UtcNowMicroseconds();
}
