using System.Diagnostics;
using Clearline.Engine;
using Clearline.Sequencing;
using Clearline.Engine.Storage;

namespace Clearline.Bench.Engine;

/// <summary>What <c>bench engine</c> runs: the journal directory, durability and the offered rates for the latency runs.</summary>
public sealed record EngineBenchOptions(string Directory, bool Fsync, IReadOnlyList<int> Rates, double LatencySeconds, IClock Clock);

/// <summary>
/// End-to-end benchmark of the write path: producer → sequencer → journal (group commit) → engine → publisher.
/// Throughput: one producer submits the measured stream as fast as the pipeline takes it (retrying while it
/// is full); the time runs from the first submission to the last acknowledgement; median of three passes.
/// Latency: at each fixed offered rate, command i is due at start + i/rate and its latency is measured from
/// that due time to its acknowledgement, so a stalled pipeline is charged for every command it delayed (no
/// coordinated omission). Recovery: the last throughput pass also snapshots once, about a million commands
/// before its end; its data directory is then recovered cold (first use of the replay code in the process)
/// by full replay, and from the snapshot plus the tail. Replay: the full replay again, warm.
/// </summary>
public static class EngineBench
{
    private const int ThroughputPasses = 3;

    /// <summary>The journal tail behind the snapshot that recovery is measured from (the target case).</summary>
    private const long RecoveryTail = 1_000_000;

    public static EngineBenchResult Run(Workload workload, EngineBenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        // Warm-up: a short pass so the JIT has tiered up the pipeline and the books.
        Throughput(workload with { Commands = workload.Commands[..Math.Min(workload.Commands.Length, workload.PrefillCount + 200_000)] }, options, log, "warm-up");

        var passes = new double[ThroughputPasses];
        for (var pass = 0; pass < ThroughputPasses; pass++)
        {
            var last = pass == ThroughputPasses - 1;
            passes[pass] = Throughput(workload, options, log, $"throughput pass {pass + 1}/{ThroughputPasses}", snapshotTail: last ? RecoveryTail : null);
        }

        Array.Sort(passes);
        var recoveryFull = Recover(workload, options.Directory, useSnapshots: false, log, "recovery by full replay (cold)");
        var recoverySnapshot = Recover(workload, options.Directory, useSnapshots: true, log, "recovery from snapshot + tail");
        var replayWarm = Recover(workload, options.Directory, useSnapshots: false, log, "replay (warm)");
        var replay = new ReplayResult(replayWarm.Commands, replayWarm.Commands / replayWarm.Seconds, recoveryFull, recoverySnapshot);
        var latency = options.Rates.Select(rate => Latency(workload, options, rate, log)).ToList();
        Directory.Delete(options.Directory, recursive: true);
        return new EngineBenchResult(workload.Name, options.Fsync, workload.MeasuredCount, passes[ThroughputPasses / 2], replay, latency);
    }

    /// <summary>Commands per second from first submission to last acknowledgement, on an engine built by <paramref name="setup"/> (bare by default).</summary>
    internal static double Throughput(Workload workload, EngineBenchOptions options, TextWriter log, string label, long? snapshotTail = null, EngineSetup? setup = null)
    {
        var acks = new AckRecorder();
        long refused = 0;
        double seconds;
        var snapshotEvery = snapshotTail is { } tail ? Math.Max(1, workload.Commands.Length - tail) : (long?)null;
        using (var driver = PipelineDriver.Start(workload, options.Directory, options.Fsync, options.Clock, snapshotEvery, setup))
        {
            Settle();
            var began = Stopwatch.GetTimestamp();
            for (var i = workload.PrefillCount; i < workload.Commands.Length; i++)
            {
                refused += driver.SubmitUntilTaken(workload.Commands[i], acks, i);
            }

            acks.WaitFor(workload.MeasuredCount);
            seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        }

        var rate = workload.MeasuredCount / seconds;
        log.WriteLine($"{label}: {rate:N0} cmd/s durable ({acks.Rejected:N0} rejected by the book, {refused:N0} submissions refused while full)");
        return rate;
    }

    /// <summary>Recovers the data directory the last throughput pass left.</summary>
    private static RecoveryResult Recover(Workload workload, string directory, bool useSnapshots, TextWriter log, string label)
    {
        Settle();
        var began = Stopwatch.GetTimestamp();
        var (state, report) = EngineRecovery.Recover(new DataDirectory(directory), workload.Instruments, new EngineLimits(workload.BookCapacity, workload.InitialCapacity), useSnapshots);
        var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var result = new RecoveryResult(report.SnapshotSequence, report.ReplayedCommands, seconds);
        log.WriteLine($"{label}: {(report.SnapshotSequence is { } s ? $"snapshot at {s:N0} + " : string.Empty)}{report.ReplayedCommands:N0} journal commands → sequence {state.LastSequence:N0} in {seconds:F3} s ({report.ReplayedCommands / seconds:N0} cmd/s), state hash {state.ComputeStateHash()}");
        return result;
    }

    /// <summary>Offers the measured stream at a fixed rate for at most <see cref="EngineBenchOptions.LatencySeconds"/>, on an engine built by <paramref name="setup"/> (bare by default).</summary>
    internal static LatencyResult Latency(Workload workload, EngineBenchOptions options, int rate, TextWriter log, EngineSetup? setup = null, string label = "latency")
    {
        var count = (int)Math.Min(workload.MeasuredCount, rate * options.LatencySeconds);
        var due = new long[count];
        var arrivals = new long[count];
        var acks = new AckRecorder(arrivals);
        long refused = 0;
        using (var driver = PipelineDriver.Start(workload, options.Directory, options.Fsync, options.Clock, setup: setup))
        {
            Settle();
            var interval = Stopwatch.Frequency / (double)rate;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var dueAt = start + (long)(i * interval);
                due[i] = dueAt;
                // Yield rather than spin: on a two-core machine a spinning producer keeps woken pipeline
                // threads queued behind it on its core for a whole scheduler slice.
                while (Stopwatch.GetTimestamp() < dueAt)
                {
                    Thread.Yield();
                }

                refused += driver.SubmitUntilTaken(workload.Commands[workload.PrefillCount + i], acks, i);
            }

            acks.WaitFor(count);
            var achieved = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
            var latencies = new long[count];
            for (var i = 0; i < count; i++)
            {
                latencies[i] = arrivals[i] - due[i];
            }

            var result = new LatencyResult(rate, achieved, count, refused, LatencySummary.FromTicks(latencies, Stopwatch.Frequency));
            log.WriteLine($"{label} at {rate:N0} cmd/s offered ({achieved:N0} achieved, {count:N0} commands, {refused:N0} refused while full): p50 {result.Latency.P50:N0} ns, p99 {result.Latency.P99:N0} ns, p99.9 {result.Latency.P999:N0} ns, max {result.Latency.Max:N0} ns");
            return result;
        }
    }

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
