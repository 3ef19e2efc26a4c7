using System.Diagnostics;
using System.Runtime.CompilerServices;
using Clearline.Matching;

namespace Clearline.Bench;

/// <summary>
/// Runs a workload: warm-up passes (so the JIT has tiered up), three throughput passes (one stopwatch around
/// the whole measured stream, allocations counted around it; the median is reported), then a latency pass
/// on a fresh book timing each command. Every pass starts from a fresh book built by the (untimed) prefill.
/// With <c>prefetch</c>, each command first gives the book lookahead hints for the next two (as an engine
/// draining a ring can), and that cost is measured with it.
/// </summary>
public static class Harness
{
    /// <summary>
    /// Commands per call of the measured loop. The loops are ordinary methods called many times, so tiered
    /// compilation promotes them to fully optimised (PGO) code during warm-up instead of leaving them in OSR code.
    /// </summary>
    private const int ChunkSize = 4096;

    /// <summary>Throughput passes per run; their median is reported (allocation: the largest pass).</summary>
    private const int ThroughputPasses = 3;

    public static BenchResult Run(Workload workload, int warmupRuns, TextWriter log, bool prefetch = false)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(log);
        if (workload.MultiSymbol)
        {
            var ids = workload.Instruments.Select(i => i.Id).ToArray();
            return Run(workload, warmupRuns, log, prefetch, () => new EngineTarget(new MatchingEngine(workload.Instruments, workload.BookCapacity, workload.InitialCapacity), ids));
        }

        return Run(workload, warmupRuns, log, prefetch, () => new BookTarget(new OrderBook(workload.Instruments[0], workload.BookCapacity, workload.InitialCapacity)));
    }

    private static BenchResult Run<TTarget>(Workload workload, int warmupRuns, TextWriter log, bool prefetch, Func<TTarget> create)
        where TTarget : struct, ICommandTarget
    {
        var commands = workload.Commands;
        var start = workload.PrefillCount;
        var latencies = new long[workload.MeasuredCount];
        long tradingCommands = 0;

        for (var run = 0; run < warmupRuns; run++)
        {
            var warm = Prepared(create, workload);
            var sink = default(CountingSink);
            Throughput(ref warm, commands, start, prefetch, ref sink);
            warm = Prepared(create, workload);
            sink = default;
            Latency(ref warm, commands, start, prefetch, latencies, ref sink, ref tradingCommands);
            log.WriteLine($"warm-up {run + 1}/{warmupRuns} done");
        }

        // Throughput passes: the reported figure is their median, which a noisy shared machine needs.
        var passNs = new long[ThroughputPasses];
        long allocated = 0;
        for (var pass = 0; pass < ThroughputPasses; pass++)
        {
            var passTarget = Prepared(create, workload);
            var throughputSink = default(CountingSink);
            Settle();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var began = Stopwatch.GetTimestamp();
            Throughput(ref passTarget, commands, start, prefetch, ref throughputSink);
            var ended = Stopwatch.GetTimestamp();
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            passNs[pass] = LatencySummary.ToNanoseconds(ended - began, Stopwatch.Frequency);
            log.WriteLine($"throughput pass {pass + 1}/{ThroughputPasses}: {passNs[pass] / (double)workload.MeasuredCount:F1} ns/cmd; {throughputSink.Accepted:N0} accepted, {throughputSink.Rejected:N0} rejected, {throughputSink.Trades:N0} trades ({throughputSink.TradedLots:N0} lots), {throughputSink.Cancelled:N0} cancels, {throughputSink.Amended:N0} amends, {throughputSink.LevelChanges:N0} level events ({throughputSink.LevelLots:N0} lots)");
        }

        Array.Sort(passNs);
        var elapsedNs = passNs[ThroughputPasses / 2];

        // Latency pass.
        var target = Prepared(create, workload);
        var latencySink = default(CountingSink);
        tradingCommands = 0;
        Settle();
        Latency(ref target, commands, start, prefetch, latencies, ref latencySink, ref tradingCommands);
        var check = new StreamCheck(tradingCommands, latencySink.Trades, latencySink.Rejected, target.OrderCount, target.LevelCount, workload.MeasuredCount);
        var summary = LatencySummary.FromTicks(latencies, Stopwatch.Frequency);
        var measured = workload.MeasuredCount;
        return new BenchResult(
            workload.Name,
            prefetch,
            measured,
            measured / (elapsedNs / 1e9),
            elapsedNs / (double)measured,
            summary,
            allocated / (double)measured,
            TimerOverhead(),
            check);
    }

    /// <summary>A fresh target with the prefill applied.</summary>
    private static TTarget Prepared<TTarget>(Func<TTarget> create, Workload workload)
        where TTarget : struct, ICommandTarget
    {
        var target = create();
        var sink = default(CountingSink);
        Throughput(ref target, workload.Commands.AsSpan(0, workload.PrefillCount).ToArray(), 0, prefetch: false, ref sink);
        if (sink.Rejected != 0 || sink.Trades != 0)
        {
            throw new InvalidOperationException($"the prefill must rest without trading: {sink.Rejected} rejected, {sink.Trades} trades");
        }

        return target;
    }

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static void Throughput<TTarget>(ref TTarget target, BenchCommand[] commands, int start, bool prefetch, ref CountingSink sink)
        where TTarget : struct, ICommandTarget
    {
        for (var i = start; i < commands.Length; i += ChunkSize)
        {
            ThroughputChunk(ref target, commands, i, Math.Min(i + ChunkSize, commands.Length), prefetch, ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThroughputChunk<TTarget>(ref TTarget target, BenchCommand[] commands, int start, int end, bool prefetch, ref CountingSink sink)
        where TTarget : struct, ICommandTarget
    {
        for (var i = start; i < end; i++)
        {
            if (prefetch)
            {
                Lookahead(ref target, commands, i);
            }

            target.Execute(in commands[i], ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lookahead<TTarget>(ref TTarget target, BenchCommand[] commands, int i)
        where TTarget : struct, ICommandTarget
    {
        if (i + 2 < commands.Length)
        {
            target.PrefetchFar(in commands[i + 2]);
        }

        if (i + 1 < commands.Length)
        {
            target.PrefetchNear(in commands[i + 1]);
        }
    }

    private static void Latency<TTarget>(ref TTarget target, BenchCommand[] commands, int start, bool prefetch, long[] latencies, ref CountingSink sink, ref long tradingCommands)
        where TTarget : struct, ICommandTarget
    {
        for (var i = start; i < commands.Length; i += ChunkSize)
        {
            LatencyChunk(ref target, commands, i, Math.Min(i + ChunkSize, commands.Length), prefetch, latencies, start, ref sink, ref tradingCommands);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LatencyChunk<TTarget>(ref TTarget target, BenchCommand[] commands, int start, int end, bool prefetch, long[] latencies, int offset, ref CountingSink sink, ref long tradingCommands)
        where TTarget : struct, ICommandTarget
    {
        for (var i = start; i < end; i++)
        {
            var tradesBefore = sink.Trades;
            var t0 = Stopwatch.GetTimestamp();
            if (prefetch)
            {
                Lookahead(ref target, commands, i);
            }

            target.Execute(in commands[i], ref sink);
            var t1 = Stopwatch.GetTimestamp();
            latencies[i - offset] = t1 - t0;
            if (sink.Trades != tradesBefore)
            {
                tradingCommands++;
            }
        }
    }

    /// <summary>The median cost of two back-to-back timestamps: included in every latency sample.</summary>
    private static long TimerOverhead()
    {
        var samples = new long[100_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            samples[i] = Stopwatch.GetTimestamp() - t0;
        }

        return LatencySummary.FromTicks(samples, Stopwatch.Frequency).P50;
    }
}
