using System.Globalization;
using System.Text;

namespace Clearline.Bench.Crash;

/// <summary>One child run and what the harness found after it.</summary>
/// <param name="Index">Iteration number, from 0.</param>
/// <param name="Seed">The child's stream seed.</param>
/// <param name="KillDelayMilliseconds">How long after <c>ready</c> the child was killed.</param>
/// <param name="Killed">True when the kill took the child mid-stream; false when it had finished its stream first.</param>
/// <param name="StartSequence">The last sequence the child recovered.</param>
/// <param name="Acknowledged">Acknowledgements the harness read from the child.</param>
/// <param name="RecoveredSequence">The last sequence recovery reached after the kill.</param>
/// <param name="SnapshotSequence">The snapshot recovery started from; null for a full replay.</param>
/// <param name="TruncatedTail">What recovery cut from a torn journal tail, if anything.</param>
/// <param name="SnapshotWriteCut">True when the kill left a snapshot half-written (a temporary file).</param>
/// <param name="EmptySegment">True when the kill left the journal ending in a segment with only its header.</param>
/// <param name="Failures">Every check that failed; empty when the iteration passed.</param>
public sealed record CrashIteration(
    int Index,
    ulong Seed,
    int KillDelayMilliseconds,
    bool Killed,
    long StartSequence,
    long Acknowledged,
    long RecoveredSequence,
    long? SnapshotSequence,
    string? TruncatedTail,
    bool SnapshotWriteCut,
    bool EmptySegment,
    IReadOnlyList<string> Failures)
{
    /// <summary>Acknowledged commands and unacknowledged ones that still reached the journal.</summary>
    public long Journaled => RecoveredSequence - StartSequence;

    public override string ToString()
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"iteration {Index}: seed {Seed}, {(Killed ? $"killed {KillDelayMilliseconds} ms after ready" : "finished before the kill")}, {Acknowledged:N0} acknowledged, {Journaled:N0} journaled, recovered to {RecoveredSequence:N0} from {(SnapshotSequence is { } s ? $"snapshot {s:N0}" : "a full replay")}");
        line += TruncatedTail is null ? string.Empty : "; " + TruncatedTail;
        line += SnapshotWriteCut ? "; a snapshot write was cut" : string.Empty;
        line += EmptySegment ? "; the journal ended in a segment with no record" : string.Empty;
        return Failures.Count == 0 ? line + ": ok" : line + ": FAILED\n  " + string.Join("\n  ", Failures);
    }
}

/// <summary>The whole crash run.</summary>
public sealed record CrashResult(IReadOnlyList<CrashIteration> Iterations, double Seconds)
{
    public int Failures => Iterations.Count(i => i.Failures.Count > 0);

    public long Acknowledged => Iterations.Sum(i => i.Acknowledged);

    /// <summary>Iterations killed with acknowledgements already out, i.e. mid-stream.</summary>
    public int KilledMidStream => Iterations.Count(i => i.Killed && i.Acknowledged > 0);

    public int SnapshotRecoveries => Iterations.Count(i => i.SnapshotSequence is not null);

    public int TornTails => Iterations.Count(i => i.TruncatedTail is not null);

    public int SnapshotWritesCut => Iterations.Count(i => i.SnapshotWriteCut);

    public int EmptySegments => Iterations.Count(i => i.EmptySegment);

    /// <summary>The single machine-readable result line (<c>"benchmark":"crash"</c>).</summary>
    public string ToJson()
    {
        var c = CultureInfo.InvariantCulture;
        return new StringBuilder(256)
            .Append("{\"benchmark\":\"crash\",\"iterations\":").Append(Iterations.Count.ToString(c))
            .Append(",\"acknowledged\":").Append(Acknowledged.ToString(c))
            .Append(",\"failures\":").Append(Failures.ToString(c))
            .Append(",\"killed_mid_stream\":").Append(KilledMidStream.ToString(c))
            .Append(",\"snapshot_recoveries\":").Append(SnapshotRecoveries.ToString(c))
            .Append(",\"torn_tails\":").Append(TornTails.ToString(c))
            .Append(",\"snapshot_writes_cut\":").Append(SnapshotWritesCut.ToString(c))
            .Append(",\"empty_segments\":").Append(EmptySegments.ToString(c))
            .Append(",\"last_sequence\":").Append((Iterations.Count == 0 ? 0 : Iterations[^1].RecoveredSequence).ToString(c))
            .Append(",\"seconds\":").Append(Seconds.ToString("0.0", c))
            .Append('}').ToString();
    }
}
