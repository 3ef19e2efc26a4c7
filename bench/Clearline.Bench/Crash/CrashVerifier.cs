using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;

namespace Clearline.Bench.Crash;

/// <summary>Where a data directory's engine stands: what the next child must recover.</summary>
public sealed record RecoveredPoint(long Sequence, string StateHash);

/// <summary>
/// The checks after a child was killed, all in this process: recovery from the newest snapshot and a full
/// replay of the journal agree (state hash and last sequence); every acknowledged sequence was recovered; and
/// every journal record the child wrote, the acknowledged ones included, holds exactly the bytes of the
/// command with that position in the child's stream, regenerated here from the seed.
/// </summary>
internal static class CrashVerifier
{
    /// <summary>Records at most this many failures per kind, so a broken run still reads.</summary>
    private const int MaxReported = 3;

    public static (RecoveryReport? Report, RecoveredPoint? Recovered) Check(DataDirectory data, CrashWorkload workload, ChildReport child, RecoveredPoint? expectedStart, List<string> failures)
    {
        if (child.ReadySequence is { } ready && expectedStart is not null && (ready != expectedStart.Sequence || child.ReadyHash != expectedStart.StateHash))
        {
            failures.Add($"the child recovered sequence {ready} with hash {child.ReadyHash}, but the harness had recovered {expectedStart.Sequence} with hash {expectedStart.StateHash}");
        }

        foreach (var line in child.Unexpected.Take(MaxReported))
        {
            failures.Add($"the child printed an unexpected line: {line}");
        }

        RecoveryReport report;
        RecoveredPoint recovered;
        try
        {
            (var fromSnapshot, report) = EngineRecovery.Recover(data, workload.Markets, CrashWorkload.Limits, useSnapshots: true);
            var (replayed, _) = EngineRecovery.Recover(data, workload.Markets, CrashWorkload.Limits, useSnapshots: false);
            recovered = new RecoveredPoint(fromSnapshot.LastSequence, fromSnapshot.ComputeStateHash().Root.ToString());
            var full = new RecoveredPoint(replayed.LastSequence, replayed.ComputeStateHash().Root.ToString());
            if (recovered != full)
            {
                failures.Add($"recovery from {(report.SnapshotSequence is { } s ? $"snapshot {s}" : "no snapshot")} reached sequence {recovered.Sequence} with hash {recovered.StateHash}; a full replay reached {full.Sequence} with hash {full.StateHash}");
            }
        }
        catch (Exception e) when (e is JournalCorruptException or InvalidDataException or IOException)
        {
            failures.Add($"recovery failed: {e.Message}");
            return (null, null);
        }

        failures.AddRange(report.IgnoredSnapshots.Select(reason => $"recovery ignored a snapshot a process crash cannot damage: {reason}"));
        if (child.ReadySequence is { } start)
        {
            CheckAcknowledgements(child, start, recovered.Sequence, failures);
            try
            {
                CheckJournal(data, workload, start, recovered.Sequence, failures);
            }
            catch (Exception e) when (e is JournalCorruptException or IOException)
            {
                failures.Add($"reading the journal back failed: {e.Message}");
            }
        }

        if (child.DoneSequence is { } done && (done != recovered.Sequence || child.DoneHash != recovered.StateHash || done != child.ReadySequence + workload.Count))
        {
            failures.Add($"the child finished at sequence {done} with hash {child.DoneHash} ({workload.Count} commands after {child.ReadySequence}), recovery reached {recovered.Sequence} with hash {recovered.StateHash}");
        }

        return (report, recovered);
    }

    /// <summary>The child submitted tag t as the t-th command after <paramref name="start"/>, and acknowledgements come in sequence order.</summary>
    private static void CheckAcknowledgements(ChildReport child, long start, long recovered, List<string> failures)
    {
        var reported = 0;
        for (var i = 0; i < child.Acks.Count && reported < MaxReported; i++)
        {
            var (tag, sequence) = child.Acks[i];
            string? failure = null;
            if (tag != i || sequence != start + 1 + tag)
            {
                failure = $"acknowledgement {i} is for tag {tag} at sequence {sequence}: expected tag {i} at sequence {start + 1 + i}";
            }
            else if (sequence > recovered)
            {
                failure = $"LOST: tag {tag} was acknowledged at sequence {sequence}, but recovery reached only {recovered}";
            }

            if (failure is not null)
            {
                failures.Add(failure);
                reported++;
            }
        }
    }

    /// <summary>Every record after <paramref name="start"/> up to the recovered end is the child's command at that position.</summary>
    private static void CheckJournal(DataDirectory data, CrashWorkload workload, long start, long recovered, List<string> failures)
    {
        if (recovered - start > workload.Count)
        {
            failures.Add($"the journal holds {recovered - start} records after sequence {start}, but the child had only {workload.Count} commands");
            return;
        }

        var expected = new byte[CommandCodec.MaxSize];
        var delivered = 0L;
        var reported = 0;
        JournalReader.Scan(data.Journal, start + 1, (sequence, payload) =>
        {
            delivered++;
            var tag = sequence - start - 1;
            var length = workload.Encode(tag, start, expected);
            if ((!CommandRecord.TryRead(payload, out _, out var command) || !command.SequenceEqual(expected.AsSpan(0, length))) && reported++ < MaxReported)
            {
                failures.Add($"journal record {sequence} does not hold the child's command {tag}: {Convert.ToHexString(payload)}, expected {Convert.ToHexString(expected, 0, length)} after the timestamp");
            }
        });
        if (delivered != recovered - start)
        {
            failures.Add($"the journal delivered {delivered} records after sequence {start}, recovery applied {recovered - start}");
        }
    }
}
