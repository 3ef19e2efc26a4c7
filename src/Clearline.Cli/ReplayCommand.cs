using System.CommandLine;
using System.Diagnostics;
using Clearline.Engine;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Journal;
using Clearline.Sequencing.Snapshots;

namespace Clearline.Cli;

/// <summary>
/// <c>clearline replay</c>: rebuilds the engine state from a data directory as a starting engine would, but
/// leaves the journal as it is (a torn tail is reported, not cut), so it is safe on a live or copied directory.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var dataOption = DataOption.Create();
        var fullOption = new Option<bool>("--full") { Description = "replay the whole journal from sequence 1, ignoring snapshots (so every segment is checked, not only those after the snapshot)" };
        var leavesOption = new Option<bool>("--leaves") { Description = "also print the hash of every leaf of the state tree" };
        var snapshotOption = new Option<bool>("--snapshot")
        {
            Description = $"then write a snapshot of the replayed state to the data directory (keeping the newest {Snapshots.Keep})",
        };

        var command = new Command("replay", "rebuilds the state from a data directory (newest verified snapshot + journal, or --full) and prints what it did, the books and the state hash; ends with one JSON line")
        {
            dataOption, fullOption, leavesOption, snapshotOption,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var data = parse.GetValue(dataOption)!;
            if (!DataOption.Exists(data, error))
            {
                return ExitCodes.BadInput;
            }

            EngineConfiguration configuration;
            try
            {
                configuration = MarketsFile.Read(data.FullName);
            }
            catch (InvalidDataException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }

            var options = new Options(parse.GetValue(fullOption), parse.GetValue(leavesOption), parse.GetValue(snapshotOption));
            return Run(new DataDirectory(data.FullName), configuration, options, output, error);
        });
        return command;
    }

    private static int Run(DataDirectory data, EngineConfiguration configuration, Options options, TextWriter output, TextWriter error)
    {
        var started = Stopwatch.GetTimestamp();
        EngineState state;
        RecoveryReport report;
        try
        {
            (state, report) = EngineRecovery.Recover(data, configuration.Markets, configuration.Limits, useSnapshots: !options.Full, progress: new ReplayProgress(error, started), truncateTornTail: false, clearing: configuration.Clearing);
        }
        catch (JournalCorruptException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.JournalCorrupt;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rate = report.ReplayedCommands / seconds;
        output.WriteLine(report.SnapshotSequence is { } snapshot
            ? $"snapshot: {SnapshotStore.FileName(snapshot)} (sequence {snapshot})"
            : options.Full ? "full replay (--full)" : "full replay (no snapshot)");
        foreach (var ignored in report.IgnoredSnapshots)
        {
            output.WriteLine($"ignored snapshot {ignored}");
        }

        if (report.Journal.TruncatedTail is { } tornTail)
        {
            output.WriteLine(tornTail);
        }

        var loading = report.SnapshotSequence is null ? string.Empty : " (loading and verifying the snapshot included)";
        output.WriteLine(report.ReplayedCommands == 0
            ? $"replayed: nothing after sequence {state.LastSequence}, {seconds:F3} s"
            : $"replayed: sequences {state.LastSequence - report.ReplayedCommands + 1}..{state.LastSequence}, {report.ReplayedCommands:N0} commands in {seconds:F3} s{loading}, {rate:N0} cmd/s");
        StateSummary.Print(output, state);

        StateHash hash;
        if (options.Snapshot)
        {
            (var path, hash) = Snapshots.Write(data, state);
            output.WriteLine($"snapshot written: {path}");
        }
        else
        {
            hash = state.ComputeStateHash();
        }

        output.WriteLine($"state hash: {hash.Root}");
        if (options.Leaves)
        {
            PrintLeaves(output, state, hash);
        }

        using var json = new JsonLineWriter(output);
        var line = json.Json;
        line.WriteStartObject();
        line.WriteString("command"u8, "replay"u8);
        line.WriteString("state_hash"u8, hash.Root.ToString());
        line.WriteNumber("last_sequence"u8, state.LastSequence);
        if (report.SnapshotSequence is { } sequence)
        {
            line.WriteNumber("snapshot_sequence"u8, sequence);
        }
        else
        {
            line.WriteNull("snapshot_sequence"u8);
        }

        line.WriteNumber("replayed"u8, report.ReplayedCommands);
        line.WriteNumber("seconds"u8, Math.Round(seconds, 6));
        line.WriteNumber("cmd_s"u8, (long)Math.Round(rate));
        line.WriteEndObject();
        json.EndLine();
        return ExitCodes.Ok;
    }

    private static void PrintLeaves(TextWriter output, EngineState state, StateHash hash)
    {
        foreach (var leaf in hash.Leaves)
        {
            var market = leaf.Instrument is { } id && state.Matching.TryGetBook(id, out var book) ? $" {id} {book.Spec.Name}" : string.Empty;
            output.WriteLine($"  leaf {leaf.Kind}{market}: {leaf.Hash}");
        }
    }

    private sealed record Options(bool Full, bool Leaves, bool Snapshot);
}
