using System.Diagnostics;
using System.Runtime.CompilerServices;
using Clearline.Bench.Engine;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Sequencing;
using Clearline.Sequencing.Codecs;

namespace Clearline.Bench.Risk;

/// <summary>What <c>bench risk</c> runs (docs/performance.md, "Risk").</summary>
/// <param name="Accounts">Accounts funded before the workload; the workload draws its accounts from 1..this.</param>
/// <param name="Runs">Throughput runs per engine; the median is reported.</param>
/// <param name="Rates">Offered rates of the latency runs, commands/s.</param>
/// <param name="LatencySeconds">Length of each latency run.</param>
/// <param name="Pipeline">Also measure through the durable pipeline (journal in <paramref name="Directory"/>).</param>
/// <param name="Directory">Scratch directory for the pipeline's journal.</param>
/// <param name="Fsync">Whether the pipeline fsyncs at every group commit.</param>
/// <param name="Clock">The pipeline sequencer's clock.</param>
/// <param name="RemarginAccounts">Accounts holding a position when the mark moves (0: skip that measure).</param>
/// <param name="RemarginRepeats">Timed mark moves; the median is reported.</param>
/// <param name="Seed">Seed of the re-margin venue's orders.</param>
public sealed record RiskBenchOptions(
    int Accounts,
    int Runs,
    IReadOnlyList<int> Rates,
    double LatencySeconds,
    bool Pipeline,
    string Directory,
    bool Fsync,
    IClock Clock,
    int RemarginAccounts,
    int RemarginRepeats,
    ulong Seed);

/// <summary>
/// The cost of clearing on the engine thread. The exchange-core stream runs on an engine with a clearinghouse (every
/// account funded and the index quoted first, so every order passes the pre-trade margin check and every trade is
/// settled into positions) and on a bare engine, in the same process and interleaved run by run:
/// <list type="bullet">
/// <item>saturation throughput, commands applied back to back through <see cref="EngineState.Apply"/> from their
/// journal bytes (decode included), and, optionally, through the durable pipeline as <c>bench engine</c> drives it;</item>
/// <item>latency at a fixed offered rate: submit-to-acknowledgement through the pipeline (the <c>bench engine</c>
/// machinery), and on the engine thread alone: each command's <c>Apply</c> time and its completion measured from its
/// due time, and per-command means over batches of <see cref="BatchSize"/> commands, free of timer overhead;</item>
/// <item>re-margining: the time of one index quote that moves the mark under many accounts holding positions.</item>
/// </list>
/// </summary>
public static class RiskBench
{
    /// <summary>Commands per call of a measured loop, so tiered compilation promotes the loops (as in <see cref="Harness"/>).</summary>
    private const int ChunkSize = 4096;

    /// <summary>Commands per timed batch in the batch-mean service time.</summary>
    public const int BatchSize = 32;

    public static RiskBenchResult Run(Workload workload, RiskBenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var clearing = RiskVenue.Setup(workload, options.Accounts);
        var engines = new[] { ("clearing", clearing), ("bare", EngineSetup.Bare) };
        var stream = EncodedCommands.Encode(workload.Commands);

        // Warm-up: full passes on each engine, at least two and at least a second's worth, so the measured passes run
        // tiered-up (PGO) code: a bare pass can be over before tiered compilation's call-counting delay has passed.
        foreach (var (name, setup) in engines)
        {
            var began = Stopwatch.GetTimestamp();
            for (var pass = 1; pass <= 2 || Stopwatch.GetElapsedTime(began).TotalSeconds < 1; pass++)
            {
                var warm = Direct(workload, stream, setup);
                log.WriteLine($"warm-up {pass} ({name}): {warm.CommandsPerSecond:N0} cmd/s");
            }
        }

        var direct = engines.ToDictionary(e => e.Item1, _ => new List<DirectPass>());
        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var (name, setup) in engines)
            {
                var pass = Direct(workload, stream, setup);
                direct[name].Add(pass);
                log.WriteLine($"run {run + 1}/{options.Runs} ({name}, engine thread): {pass.CommandsPerSecond:N0} cmd/s, {1e9 / pass.CommandsPerSecond:F1} ns/cmd; {pass.Sink.Accepted:N0} accepted, {pass.Sink.Rejected:N0} rejected, {pass.Sink.Trades:N0} trades, {pass.Sink.PositionChanges:N0} position changes; {pass.AllocatedBytes / (double)workload.MeasuredCount:F3} B/cmd");
            }
        }

        var throughput = engines.Select(e =>
        {
            var passes = direct[e.Item1];
            var last = passes[^1].Sink;
            return new DirectThroughput(e.Item1, workload.MeasuredCount, [.. passes.Select(p => p.CommandsPerSecond)], last.Rejected, last.Trades, passes.Max(p => p.AllocatedBytes) / (double)workload.MeasuredCount);
        }).ToList();

        var pipeline = new List<PipelineThroughput>();
        var pipelineLatency = new List<PipelineLatency>();
        if (options.Pipeline)
        {
            var engineOptions = new EngineBenchOptions(options.Directory, options.Fsync, options.Rates, options.LatencySeconds, options.Clock);
            var warmup = workload with { Commands = workload.Commands[..Math.Min(workload.Commands.Length, workload.PrefillCount + 200_000)] };
            foreach (var (name, setup) in engines)
            {
                EngineBench.Throughput(warmup, engineOptions, log, $"pipeline warm-up ({name})", setup: setup);
            }

            var rates = engines.ToDictionary(e => e.Item1, _ => new List<double>());
            for (var run = 0; run < options.Runs; run++)
            {
                foreach (var (name, setup) in engines)
                {
                    rates[name].Add(EngineBench.Throughput(workload, engineOptions, log, $"run {run + 1}/{options.Runs} ({name}, pipeline)", setup: setup));
                }
            }

            pipeline.AddRange(engines.Select(e => new PipelineThroughput(e.Item1, options.Fsync, workload.MeasuredCount, rates[e.Item1])));
            foreach (var rate in options.Rates)
            {
                foreach (var (name, setup) in engines)
                {
                    pipelineLatency.Add(new PipelineLatency(name, options.Fsync, EngineBench.Latency(workload, engineOptions, rate, log, setup, $"pipeline latency ({name})")));
                }
            }

            Directory.Delete(options.Directory, recursive: true);
        }

        var timerOverhead = TimerOverhead();
        var service = new List<ServiceTime>();
        foreach (var rate in options.Rates)
        {
            foreach (var (name, setup) in engines)
            {
                service.Add(Service(workload, stream, setup, name, rate, options.LatencySeconds, timerOverhead, log));
            }
        }

        var batches = engines.Select(e => BatchMeans(workload, stream, e.Item2, e.Item1, log)).ToList();
        var remargin = options.RemarginAccounts > 0 ? Remargin(workload, options, log) : null;
        return new RiskBenchResult(workload.Name, options.Accounts, throughput, pipeline, pipelineLatency, service, batches, remargin);
    }

    /// <summary>One saturation pass: a fresh engine, setup and prefill untimed, then the measured stream under one stopwatch.</summary>
    private static DirectPass Direct(Workload workload, EncodedCommands stream, EngineSetup setup)
    {
        var state = Prepared(workload, stream, setup);
        var sink = default(VenueCountingSink);
        Settle();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var began = Stopwatch.GetTimestamp();
        for (var i = workload.PrefillCount; i < stream.Count; i += ChunkSize)
        {
            ApplyChunk(state, stream, i, Math.Min(i + ChunkSize, stream.Count), ref sink);
        }

        var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new DirectPass(workload.MeasuredCount / seconds, sink, allocated);
    }

    /// <summary>A fresh engine built by <paramref name="setup"/> with the workload's prefill applied (which must rest without trading or refusals).</summary>
    private static EngineState Prepared(Workload workload, EncodedCommands stream, EngineSetup setup)
    {
        var state = setup.CreateState(workload, RiskVenue.BaseTimestamp);
        var sink = default(VenueCountingSink);
        ApplyChunk(state, stream, 0, workload.PrefillCount, ref sink);
        if (sink.Rejected != 0 || sink.Trades != 0)
        {
            throw new InvalidOperationException($"the prefill must rest without trading: {sink.Rejected} rejected, {sink.Trades} trades");
        }

        return state;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ApplyChunk(EngineState state, EncodedCommands stream, int start, int end, ref VenueCountingSink sink)
    {
        var bytes = stream.Bytes;
        var offsets = stream.Offsets;
        var sequence = state.LastSequence;
        for (var i = start; i < end; i++)
        {
            sequence++;
            state.Apply(sequence, RiskVenue.BaseTimestamp + sequence, bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]), ref sink);
        }
    }

    /// <summary>
    /// The engine thread alone at the offered rate: command k is due at start + k/rate; the thread waits (spinning) for
    /// it, applies it, and records its Apply time and its completion from the due time (so a stall is charged to every
    /// command it delays).
    /// </summary>
    private static ServiceTime Service(Workload workload, EncodedCommands stream, EngineSetup setup, string name, int rate, double latencySeconds, long timerOverhead, TextWriter log)
    {
        var count = (int)Math.Min(workload.MeasuredCount, (long)(rate * latencySeconds));
        var service = new long[count];
        var response = new long[count];

        // A short paced warm-up, so the paced loop itself is tiered up.
        var warmCount = Math.Min(count, 100_000);
        Paced(Prepared(workload, stream, setup), stream, workload.PrefillCount, warmCount, rate, new long[warmCount], new long[warmCount], out _);

        var state = Prepared(workload, stream, setup);
        Settle();
        var rejected = Paced(state, stream, workload.PrefillCount, count, rate, service, response, out var seconds);
        var perCommand = LatencySummary.FromTicks(service, Stopwatch.Frequency);
        var fromDue = LatencySummary.FromTicks(response, Stopwatch.Frequency);
        var result = new ServiceTime(name, rate, count / seconds, count, rejected, timerOverhead, perCommand, fromDue);
        log.WriteLine(FormattableString.Invariant($"engine thread ({name}) at {rate:N0} cmd/s offered ({result.AchievedRate:N0} achieved, {count:N0} commands): Apply p50 {perCommand.P50} p99 {perCommand.P99} p99.9 {perCommand.P999} max {perCommand.Max} ns (timer ~{timerOverhead} ns included); from due time p50 {fromDue.P50} p99 {fromDue.P99} p99.9 {fromDue.P999} max {fromDue.Max} ns"));
        return result;
    }

    /// <summary>Unpaced, the measured stream with one timestamp per <see cref="BatchSize"/> commands: per-command means free of timer overhead.</summary>
    private static BatchMeans BatchMeans(Workload workload, EncodedCommands stream, EngineSetup setup, string name, TextWriter log)
    {
        var state = Prepared(workload, stream, setup);
        var batches = new long[workload.MeasuredCount / BatchSize];
        Settle();
        Batched(state, stream, workload.PrefillCount, batches);
        var summary = LatencySummary.FromTicks(batches, Stopwatch.Frequency);
        log.WriteLine(FormattableString.Invariant($"engine thread ({name}), batch-of-{BatchSize} means: p50 {summary.P50 / (double)BatchSize:F1} p99 {summary.P99 / (double)BatchSize:F1} p99.9 {summary.P999 / (double)BatchSize:F1} max {summary.Max / (double)BatchSize:F1} ns per command"));
        return new BatchMeans(name, BatchSize, batches.Length * (long)BatchSize, summary);
    }

    private static long Paced(EngineState state, EncodedCommands stream, int first, int count, int rate, long[] service, long[] response, out double seconds)
    {
        var sink = default(VenueCountingSink);
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        for (var k = 0; k < count; k += ChunkSize)
        {
            PacedChunk(state, stream, first, k, Math.Min(k + ChunkSize, count), start, interval, service, response, ref sink);
        }

        seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return sink.Rejected;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PacedChunk(EngineState state, EncodedCommands stream, int first, int from, int to, long start, double interval, long[] service, long[] response, ref VenueCountingSink sink)
    {
        var bytes = stream.Bytes;
        var offsets = stream.Offsets;
        var sequence = state.LastSequence;
        for (var k = from; k < to; k++)
        {
            var due = start + (long)(k * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                // The engine thread has nothing to do until the command is due.
            }

            var i = first + k;
            sequence++;
            var t0 = Stopwatch.GetTimestamp();
            state.Apply(sequence, RiskVenue.BaseTimestamp + sequence, bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]), ref sink);
            var t1 = Stopwatch.GetTimestamp();
            service[k] = t1 - t0;
            response[k] = t1 - due;
        }
    }

    /// <summary>Back to back, one timestamp per <see cref="BatchSize"/> commands: each sample is a batch's total time.</summary>
    private static void Batched(EngineState state, EncodedCommands stream, int first, long[] batches)
    {
        var sink = default(VenueCountingSink);
        for (var b = 0; b < batches.Length; b += ChunkSize / BatchSize)
        {
            BatchedChunk(state, stream, first, b, Math.Min(b + (ChunkSize / BatchSize), batches.Length), batches, ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BatchedChunk(EngineState state, EncodedCommands stream, int first, int from, int to, long[] batches, ref VenueCountingSink sink)
    {
        var bytes = stream.Bytes;
        var offsets = stream.Offsets;
        var sequence = state.LastSequence;
        var t0 = Stopwatch.GetTimestamp();
        for (var b = from; b < to; b++)
        {
            var end = first + ((b + 1) * BatchSize);
            for (var i = first + (b * BatchSize); i < end; i++)
            {
                sequence++;
                state.Apply(sequence, RiskVenue.BaseTimestamp + sequence, bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]), ref sink);
            }

            var t1 = Stopwatch.GetTimestamp();
            batches[b] = t1 - t0;
            t0 = t1;
        }
    }

    /// <summary>
    /// Re-margining: accounts in pairs trade against each other (one rests a GTC, the other takes it with an IOC), so
    /// every account holds a position and the book ends empty; then index quotes alternate between 1% above and 1%
    /// below the mid, each moving the mark, and each quote's Apply is timed. A small venue is driven the same way
    /// first, so the code runs tiered up.
    /// </summary>
    private static RemarginResult Remargin(Workload workload, RiskBenchOptions options, TextWriter log)
    {
        var warm = Math.Min(options.RemarginAccounts, 2_000);
        RemarginRun(workload, warm, 200, options.Seed, out _, out _);
        var milliseconds = RemarginRun(workload, options.RemarginAccounts, options.RemarginRepeats, options.Seed, out var holders, out var allocated);
        var result = new RemarginResult(options.RemarginAccounts, holders, milliseconds, allocated / (double)milliseconds.Count);
        log.WriteLine(FormattableString.Invariant($"re-margin of {holders:N0} accounts with positions, one index quote moving the mark: median {result.MedianMilliseconds:F3} ms ({result.MedianMilliseconds * 1e6 / holders:F0} ns per account), min {milliseconds.Min():F3}, max {milliseconds.Max():F3} ms over {milliseconds.Count} quotes"));
        return result;
    }

    private static List<double> RemarginRun(Workload workload, int accounts, int repeats, ulong seed, out int holders, out long allocated)
    {
        accounts += accounts % 2;
        var spec = workload.Instruments[0];
        var setup = RiskVenue.Setup(workload, accounts);
        var state = setup.CreateState(workload, RiskVenue.BaseTimestamp);
        var house = state.Clearing!;
        var sink = default(VenueCountingSink);
        var rng = new Prng(Prng.Derive(seed, 0x7269736B));
        var now = RiskVenue.BaseTimestamp;
        var buffer = new byte[CommandCodec.MaxSize];
        long id = 1;
        for (var maker = 1; maker < accounts; maker += 2)
        {
            var side = rng.Chance(0.5) ? Side.Buy : Side.Sell;
            var price = new Price(WorkloadProfile.MidPrice + rng.NextInclusive(-200, 200));
            var lots = new Quantity(rng.NextInclusive(10, 100));
            var instrument = spec.Id;
            Apply(state, ref now, buffer, CommandCodec.Encode(NewOrder.Limit(instrument, new OrderId(id++), new AccountId(maker), side, price, lots), buffer), ref sink);
            var taker = side == Side.Buy ? Side.Sell : Side.Buy;
            Apply(state, ref now, buffer, CommandCodec.Encode(NewOrder.Limit(instrument, new OrderId(id++), new AccountId(maker + 1), taker, price, lots, TimeInForce.ImmediateOrCancel), buffer), ref sink);
        }

        if (sink.Rejected != 0 || sink.Trades != accounts / 2)
        {
            throw new InvalidOperationException($"building the positions: {sink.Rejected} rejected, {sink.Trades} trades for {accounts / 2} pairs");
        }

        holders = 0;
        for (var account = 1; account <= accounts; account++)
        {
            holders += house.PositionOf(new AccountId(account), spec.Id).Size != 0 ? 1 : 0;
        }

        var mid = RiskVenue.PriceE8(spec, WorkloadProfile.MidPrice);
        var quotes = new[] { RiskVenue.Quote(mid + (mid / 100)), RiskVenue.Quote(mid - (mid / 100)) };
        var milliseconds = new List<double>(repeats);
        Settle();
        allocated = 0;
        for (var r = 0; r < repeats; r++)
        {
            var quote = quotes[r % 2];
            var marksBefore = sink.MarkChanges;
            var markBefore = house.PricesOf(spec.Id).Mark;
            now += 1_000_000;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var began = Stopwatch.GetTimestamp();
            state.Apply(state.LastSequence + 1, now, quote, ref sink);
            var elapsed = Stopwatch.GetElapsedTime(began);
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (sink.MarkChanges != marksBefore + 1 || house.PricesOf(spec.Id).Mark == markBefore)
            {
                throw new InvalidOperationException("an index quote did not move the mark");
            }

            milliseconds.Add(elapsed.TotalMilliseconds);
        }

        return milliseconds;
    }

    private static void Apply(EngineState state, ref long now, byte[] buffer, int length, ref VenueCountingSink sink)
    {
        state.Apply(state.LastSequence + 1, ++now, buffer.AsSpan(0, length), ref sink);
    }

    /// <summary>The median cost of two back-to-back timestamps: included in every per-command sample.</summary>
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

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private sealed record DirectPass(double CommandsPerSecond, VenueCountingSink Sink, long AllocatedBytes);
}
