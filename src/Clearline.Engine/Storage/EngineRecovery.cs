using System.Diagnostics.CodeAnalysis;
using Clearline.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;
using Clearline.Sequencing.Snapshots;

namespace Clearline.Engine.Storage;

/// <summary>What recovery did: the snapshot it started from (if any), and the journal range it replayed.</summary>
/// <param name="SnapshotSequence">The sequence of the snapshot used; null for a full replay.</param>
/// <param name="IgnoredSnapshots">Snapshots that failed verification, newest first, each as "file name: reason".</param>
/// <param name="Journal">The scan of the journal tail.</param>
/// <param name="ReplayedCommands">Commands applied on top of the snapshot.</param>
public sealed record RecoveryReport(long? SnapshotSequence, IReadOnlyList<string> IgnoredSnapshots, JournalScan Journal, long ReplayedCommands);

/// <summary>
/// Rebuilds the engine at startup: the newest snapshot that verifies, then every journal record after it.
/// Never guesses: a snapshot is used only if its checksum holds, it decodes under the configured markets and
/// its recomputed state hash equals the hash stored with it; otherwise it is reported and an older one (or a
/// full replay) is used. Journal damage other than a torn tail throws <see cref="JournalCorruptException"/>
/// (see <see cref="JournalReader"/>), and so does a whole record that is not a command the state accepts.
/// </summary>
public static class EngineRecovery
{
    /// <summary>Progress is reported every this many replayed commands.</summary>
    public const int ProgressInterval = 1_000_000;

    /// <param name="data">The data directory.</param>
    /// <param name="markets">The configured markets (must be those the journal was written under).</param>
    /// <param name="limits">Book capacity.</param>
    /// <param name="useSnapshots">False replays the whole journal (what <c>clearline replay --full</c> and tests compare against).</param>
    /// <param name="log">Receives one line per event worth telling (snapshot used or ignored, torn tail cut).</param>
    /// <param name="progress">Told the sequence reached, every <see cref="ProgressInterval"/> commands.</param>
    /// <param name="truncateTornTail">
    /// False leaves a torn tail in place and only reports it: a tool replaying a live or copied data
    /// directory must not change the journal. A starting engine cuts it, so its writer can append.
    /// </param>
    /// <param name="clearing">The clearing configuration the journal was written under; null for a bare matching engine.</param>
    public static (EngineState State, RecoveryReport Report) Recover(
        DataDirectory data,
        IReadOnlyList<InstrumentSpec> markets,
        EngineLimits? limits = null,
        bool useSnapshots = true,
        TextWriter? log = null,
        IProgress<long>? progress = null,
        bool truncateTornTail = true,
        ClearingConfig? clearing = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(markets);
        var ignored = new List<string>();
        var state = useSnapshots ? NewestVerifiedSnapshot(data, markets, limits, clearing, ignored, log) : null;
        var snapshotSequence = state?.LastSequence;
        state ??= new EngineState(markets, limits, clearing);

        var replayer = new Replayer(state, data.Journal, progress);
        var scan = JournalReader.Scan(data.Journal, state.LastSequence + 1, replayer.Apply, log, truncateTornTail);
        // No segment at all, not merely no record: a crash can leave the segment after the snapshot with only its header.
        if (scan.Segments == 0 && state.LastSequence > 0)
        {
            throw new JournalCorruptException(data.Journal, 0, $"the journal is empty but snapshot {state.LastSequence} exists: the journal was lost");
        }

        if (snapshotSequence is null && scan.Records > 0 && scan.FirstSequence != 1)
        {
            throw new JournalCorruptException(data.Journal, 0, $"the journal starts at sequence {scan.FirstSequence}, not 1, and no snapshot covers the gap");
        }

        log?.WriteLine(snapshotSequence is { } s
            ? $"recovery: snapshot at sequence {s} + {replayer.Applied} journal commands → sequence {state.LastSequence}"
            : $"recovery: full replay of {replayer.Applied} journal commands → sequence {state.LastSequence}");
        return (state, new RecoveryReport(snapshotSequence, ignored, scan, replayer.Applied));
    }

    private static EngineState? NewestVerifiedSnapshot(DataDirectory data, IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits, ClearingConfig? clearing, List<string> ignored, TextWriter? log)
    {
        foreach (var file in SnapshotStore.List(data.Snapshots))
        {
            if (TryLoad(file, markets, limits, clearing, out var state, out var reason))
            {
                log?.WriteLine($"recovery: using snapshot {Path.GetFileName(file.Path)}");
                return state;
            }

            ignored.Add($"{Path.GetFileName(file.Path)}: {reason}");
            log?.WriteLine($"recovery: ignoring snapshot {ignored[^1]}");
        }

        return null;
    }

    private static bool TryLoad(SnapshotFile file, IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits, ClearingConfig? clearing, [NotNullWhen(true)] out EngineState? state, [NotNullWhen(false)] out string? reason)
    {
        state = null;
        if (!SnapshotStore.TryRead(file.Path, out var header, out var payload, out reason))
        {
            return false;
        }

        try
        {
            var decoded = EngineStateCodec.Decode(payload, markets, limits, clearing);
            var hash = decoded.ComputeStateHash().Root;
            if (!header.StateHash.Span.SequenceEqual(hash.ToArray()))
            {
                reason = $"state hash {hash} does not match the stored {Convert.ToHexStringLower(header.StateHash.Span)}";
                return false;
            }

            if (decoded.LastSequence != header.Sequence || decoded.LastTimestamp != header.Timestamp)
            {
                reason = $"state is at sequence {decoded.LastSequence}, the header says {header.Sequence}";
                return false;
            }

            state = decoded;
            return true;
        }
        catch (InvalidDataException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Applies journal records to the state, events discarded.</summary>
    private sealed class Replayer(EngineState state, string journal, IProgress<long>? progress)
    {
        public long Applied { get; private set; }

        public void Apply(long sequence, ReadOnlySpan<byte> payload)
        {
            if (!CommandRecord.TryRead(payload, out var timestamp, out var command))
            {
                throw new JournalCorruptException(journal, 0, $"record {sequence} is too short to hold a command");
            }

            var sink = default(NoVenueEvents);
            try
            {
                state.Apply(sequence, timestamp, command, ref sink);
            }
            catch (InvalidOperationException e)
            {
                // Apply refuses only what no pipeline journals (bytes that are not a command, time going back), before any change.
                throw new JournalCorruptException(journal, 0, e.Message);
            }

            if (++Applied % ProgressInterval == 0)
            {
                progress?.Report(sequence);
            }
        }
    }
}
