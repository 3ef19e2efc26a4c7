using System.Text;
using System.Text.Json;
using Clearline.Bench.Engine;

namespace Clearline.Bench.Risk;

/// <summary>Saturation throughput on the engine thread: commands applied back to back to <c>EngineState</c>.</summary>
/// <param name="Engine"><c>clearing</c> or <c>bare</c>.</param>
/// <param name="Commands">Measured commands per run.</param>
/// <param name="Runs">Commands/s of each measured run.</param>
/// <param name="Rejected">Commands refused in the last run (the book's or clearing's): 0 when the stream is as generated.</param>
/// <param name="Trades">Trades in the last run.</param>
/// <param name="AllocatedBytesPerCommand">Bytes allocated on the engine thread per measured command (the largest run).</param>
public sealed record DirectThroughput(string Engine, long Commands, IReadOnlyList<double> Runs, long Rejected, long Trades, double AllocatedBytesPerCommand)
{
    public double Median => RiskBenchResult.Median(Runs);
}

/// <summary>Durable throughput through the pipeline (<c>bench engine</c>'s pass), each run's figure the time from first submission to last acknowledgement.</summary>
public sealed record PipelineThroughput(string Engine, bool Fsync, long Commands, IReadOnlyList<double> Runs)
{
    public double Median => RiskBenchResult.Median(Runs);
}

/// <summary>Submit-to-acknowledgement latency through the pipeline at a fixed offered rate.</summary>
public sealed record PipelineLatency(string Engine, bool Fsync, LatencyResult Result);

/// <summary>
/// The engine thread alone at a fixed offered rate. <see cref="PerCommand"/>: each command's <c>Apply</c>, two
/// timestamps around it (<see cref="TimerOverheadNanoseconds"/> included, not subtracted). <see cref="FromDue"/>: from
/// the command's due time to the end of its <c>Apply</c>, so waiting behind a slow command counts, and a rate beyond
/// the engine's capacity shows as a queue that grows for the whole run.
/// </summary>
public sealed record ServiceTime(
    string Engine,
    int OfferedRate,
    double AchievedRate,
    long Commands,
    long Rejected,
    long TimerOverheadNanoseconds,
    LatencySummary PerCommand,
    LatencySummary FromDue);

/// <summary>
/// Unpaced: the total time of each run of <see cref="BatchSize"/> consecutive commands (divide by the batch size for a
/// per-command mean): no timer overhead to speak of, but a slow command is averaged with its batch.
/// </summary>
public sealed record BatchMeans(string Engine, int BatchSize, long Commands, LatencySummary Batches);

/// <summary>Time of one index quote that moves the mark under <see cref="Holders"/> accounts with positions.</summary>
public sealed record RemarginResult(int Accounts, int Holders, IReadOnlyList<double> Milliseconds, double AllocatedBytesPerQuote)
{
    public double MedianMilliseconds => RiskBenchResult.Median(Milliseconds);
}

public sealed record RiskBenchResult(
    string Workload,
    int Accounts,
    IReadOnlyList<DirectThroughput> Throughput,
    IReadOnlyList<PipelineThroughput> Pipeline,
    IReadOnlyList<PipelineLatency> PipelineLatency,
    IReadOnlyList<ServiceTime> Service,
    IReadOnlyList<BatchMeans> Batches,
    RemarginResult? Remargin)
{
    /// <summary>
    /// The machine-readable lines, one JSON object each, every one with <c>"benchmark":"risk"</c> and a
    /// <c>"measure"</c>: <c>throughput</c> (per engine and path), <c>latency</c> (pipeline, per rate), <c>service_time</c>
    /// (engine thread, per rate), <c>batch_mean</c> (engine thread) and <c>remargin</c>. Latencies in µs, throughput in
    /// commands/s.
    /// </summary>
    public IEnumerable<string> ToJsonLines()
    {
        foreach (var t in Throughput)
        {
            yield return Line(json =>
            {
                Head(json, "throughput", "engine_thread", t.Engine);
                json.WriteNumber("commands", t.Commands);
                json.WriteNumber("runs", t.Runs.Count);
                json.WriteNumber("median_cmd_s", Math.Round(t.Median));
                json.WriteNumber("ns_per_cmd", Math.Round(1e9 / t.Median, 2));
                Array(json, "runs_cmd_s", t.Runs, 0);
                json.WriteNumber("rejected", t.Rejected);
                json.WriteNumber("trades", t.Trades);
                json.WriteNumber("alloc_bytes_per_cmd", Math.Round(t.AllocatedBytesPerCommand, 3));
            });
        }

        foreach (var t in Pipeline)
        {
            yield return Line(json =>
            {
                Head(json, "throughput", "pipeline", t.Engine);
                json.WriteBoolean("fsync", t.Fsync);
                json.WriteNumber("commands", t.Commands);
                json.WriteNumber("runs", t.Runs.Count);
                json.WriteNumber("median_cmd_s", Math.Round(t.Median));
                Array(json, "runs_cmd_s", t.Runs, 0);
            });
        }

        foreach (var l in PipelineLatency)
        {
            yield return Line(json =>
            {
                var r = l.Result;
                Head(json, "latency", "pipeline", l.Engine);
                json.WriteBoolean("fsync", l.Fsync);
                json.WriteNumber("offered_cmd_s", r.OfferedRate);
                json.WriteNumber("achieved_cmd_s", Math.Round(r.AchievedRate));
                json.WriteNumber("commands", r.Commands);
                json.WriteNumber("refused", r.RefusedSubmissions);
                Percentiles(json, "submit_to_ack_us", r.Latency, 1);
            });
        }

        foreach (var s in Service)
        {
            yield return Line(json =>
            {
                Head(json, "service_time", "engine_thread", s.Engine);
                json.WriteNumber("offered_cmd_s", s.OfferedRate);
                json.WriteNumber("achieved_cmd_s", Math.Round(s.AchievedRate));
                json.WriteNumber("commands", s.Commands);
                json.WriteNumber("rejected", s.Rejected);
                json.WriteNumber("timer_overhead_ns", s.TimerOverheadNanoseconds);
                Percentiles(json, "apply_us", s.PerCommand, 1);
                Percentiles(json, "from_due_us", s.FromDue, 1);
            });
        }

        foreach (var b in Batches)
        {
            yield return Line(json =>
            {
                Head(json, "batch_mean", "engine_thread", b.Engine);
                json.WriteNumber("batch", b.BatchSize);
                json.WriteNumber("commands", b.Commands);
                Percentiles(json, "per_command_us", b.Batches, b.BatchSize);
            });
        }

        if (Remargin is { } m)
        {
            yield return Line(json =>
            {
                json.WriteString("benchmark", "risk");
                json.WriteString("measure", "remargin");
                json.WriteNumber("accounts", m.Accounts);
                json.WriteNumber("holders", m.Holders);
                json.WriteNumber("repeats", m.Milliseconds.Count);
                json.WriteNumber("median_ms", Math.Round(m.MedianMilliseconds, 3));
                json.WriteNumber("min_ms", Math.Round(m.Milliseconds.Min(), 3));
                json.WriteNumber("max_ms", Math.Round(m.Milliseconds.Max(), 3));
                json.WriteNumber("ns_per_holder", m.Holders == 0 ? 0 : Math.Round(m.MedianMilliseconds * 1e6 / m.Holders, 1));
                json.WriteNumber("alloc_bytes_per_quote", Math.Round(m.AllocatedBytesPerQuote));
            });
        }
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private void Head(Utf8JsonWriter json, string measure, string path, string engine)
    {
        json.WriteString("benchmark", "risk");
        json.WriteString("measure", measure);
        json.WriteString("path", path);
        json.WriteString("engine", engine);
        json.WriteString("workload", Workload);
        json.WriteNumber("accounts", Accounts);
    }

    /// <summary>Percentiles in µs (3 decimals) of nanosecond figures divided by <paramref name="divisor"/>.</summary>
    private static void Percentiles(Utf8JsonWriter json, string name, LatencySummary summary, int divisor)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50", Micros(summary.P50, divisor));
        json.WriteNumber("p90", Micros(summary.P90, divisor));
        json.WriteNumber("p99", Micros(summary.P99, divisor));
        json.WriteNumber("p999", Micros(summary.P999, divisor));
        json.WriteNumber("p9999", Micros(summary.P9999, divisor));
        json.WriteNumber("max", Micros(summary.Max, divisor));
        json.WriteEndObject();
    }

    private static double Micros(long nanoseconds, int divisor) => Math.Round(nanoseconds / (double)divisor / 1000.0, 3);

    private static void Array(Utf8JsonWriter json, string name, IReadOnlyList<double> values, int decimals)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(Math.Round(value, decimals));
        }

        json.WriteEndArray();
    }

    private static string Line(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
