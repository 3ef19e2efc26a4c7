using System.Diagnostics;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Journal;

namespace Clearline.Bench.Crash;

/// <summary>What a crash run does: where, how often, which seeds, and how long after <c>ready</c> a kill may come.</summary>
/// <param name="Data">The data directory every child works on in turn (created if missing; what is there is recovered).</param>
/// <param name="Iterations">Children to start and kill.</param>
/// <param name="Seed">Derives each child's stream seed and every kill delay.</param>
/// <param name="Commands">Measured commands in a child's stream: enough that it rarely finishes before the kill.</param>
/// <param name="MinKillDelayMilliseconds">The shortest wait from <c>ready</c> to the kill.</param>
/// <param name="MaxKillDelayMilliseconds">The longest.</param>
public sealed record CrashOptions(string Data, int Iterations, ulong Seed = 1, int Commands = 1_000_000, int MinKillDelayMilliseconds = 20, int MaxKillDelayMilliseconds = 400);

/// <summary>
/// The crash test: start a child engine (<see cref="CrashChild"/>) on the data directory, SIGKILL it at a
/// random moment, check what it left (<see cref="CrashVerifier"/>), and go again on the same directory, so
/// every child also restarts from what a killed one left. Stops at the first failed iteration, leaving the
/// directory as evidence.
/// </summary>
public static class CrashHarness
{
    /// <summary>Exit code of a process that SIGKILL ended (128 + 9).</summary>
    private const int KilledExitCode = 137;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    public static CrashResult Run(CrashOptions options, ChildLauncher launcher, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinKillDelayMilliseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxKillDelayMilliseconds, options.MinKillDelayMilliseconds);
        var began = Stopwatch.GetTimestamp();
        var data = new DataDirectory(Path.GetFullPath(options.Data));
        var delays = new Prng(options.Seed);
        var iterations = new List<CrashIteration>();
        RecoveredPoint? recovered = null;
        for (var i = 0; i < options.Iterations; i++)
        {
            var seed = Prng.Derive(options.Seed, (ulong)i);
            var delay = delays.NextInclusive(options.MinKillDelayMilliseconds, options.MaxKillDelayMilliseconds);
            var iteration = RunOnce(i, seed, delay, data, options.Commands, launcher, ref recovered);
            iterations.Add(iteration);
            log.WriteLine(iteration);
            if (iteration.Failures.Count > 0)
            {
                break;
            }
        }

        return new CrashResult(iterations, Stopwatch.GetElapsedTime(began).TotalSeconds);
    }

    private static CrashIteration RunOnce(int index, ulong seed, int delay, DataDirectory data, int commands, ChildLauncher launcher, ref RecoveredPoint? recovered)
    {
        var failures = new List<string>();
        int exitCode;
        ChildReport child;
        string stderr;
        CrashWorkload workload;
        var leftovers = SnapshotLeftovers(data);
        using (var process = CrashChildProcess.Start(launcher, data.Root, seed, commands))
        {
            // Generated while the child starts up and generates the same stream.
            workload = new CrashWorkload(seed, commands);
            if (!process.WaitForReady(ReadyTimeout))
            {
                failures.Add("the child did not print ready");
            }

            process.WaitForExit(delay);

            exitCode = process.Kill();
            child = process.Report();
            stderr = process.StandardError;
        }

        var snapshotWriteCut = SnapshotLeftovers(data).Except(leftovers).Any();
        var emptySegment = EndsWithEmptySegment(data);
        // A child that printed done may still have been killed on its way out.
        var finished = child.DoneSequence is not null;
        if (exitCode != KilledExitCode && !(finished && exitCode == 0) && !OperatingSystem.IsWindows())
        {
            failures.Add($"the child exited with code {exitCode}{(stderr.Length > 0 ? ": " + stderr : string.Empty)}");
        }

        var (report, point) = CrashVerifier.Check(data, workload, child, recovered, failures);
        recovered = point;
        return new CrashIteration(
            index,
            seed,
            delay,
            !finished,
            child.ReadySequence ?? 0,
            child.Acks.Count,
            point?.Sequence ?? 0,
            report?.SnapshotSequence,
            report?.Journal.TruncatedTail,
            snapshotWriteCut,
            emptySegment,
            failures);
    }

    /// <summary>
    /// True when the kill came after a new segment's header was written and its directory flushed but before its
    /// first batch: the journal then ends with a segment that holds no record, which recovery must take as an empty tail.
    /// </summary>
    private static bool EndsWithEmptySegment(DataDirectory data)
    {
        var last = Directory.Exists(data.Journal) ? Directory.GetFiles(data.Journal, "*" + JournalFormat.Extension).Max(StringComparer.Ordinal) : null;
        return last is not null && new FileInfo(last).Length == JournalFormat.SegmentHeaderSize;
    }

    /// <summary>Temporary files of snapshot writes a kill cut short (the next snapshot's prune removes them).</summary>
    private static string[] SnapshotLeftovers(DataDirectory data) =>
        Directory.Exists(data.Snapshots) ? Directory.GetFiles(data.Snapshots, "*.tmp") : [];
}
