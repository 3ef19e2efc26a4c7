using System.Text.Json;

namespace Clearline.Cli.Tests;

/// <summary>
/// <c>clearline bench risk</c> at a tiny size: the JSON lines parse and carry their fields. No timing is asserted, only
/// what the run must get right whatever the machine: nothing refused, the same trades with and without clearing, every
/// re-margined account holding a position.
/// </summary>
public sealed class BenchRiskCommandTests : IDisposable
{
    private static readonly string[] Percentiles = ["p50", "p90", "p99", "p999", "p9999", "max"];

    private readonly BenchRun _bench = new("risk");

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void A_tiny_run_prints_one_json_line_per_measure_with_its_fields()
    {
        var run = CliRun.Of(
            "bench", "risk", "--commands", "5000", "--runs", "2", "--rates", "100000", "--latency-seconds", "0.02",
            "--remargin-accounts", "100", "--remargin-repeats", "3", "--no-fsync", "--data", _bench.Data);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = BenchRun.JsonLines(run);
        Assert.All(lines, l => Assert.Equal("risk", l.GetProperty("benchmark").GetString()));
        Assert.Equal(
            ["throughput/engine_thread/clearing", "throughput/engine_thread/bare", "throughput/pipeline/clearing", "throughput/pipeline/bare",
             "latency/pipeline/clearing", "latency/pipeline/bare", "service_time/engine_thread/clearing", "service_time/engine_thread/bare",
             "batch_mean/engine_thread/clearing", "batch_mean/engine_thread/bare", "remargin"],
            lines.Select(Key));

        var direct = lines.Where(l => Key(l).StartsWith("throughput/engine_thread/", StringComparison.Ordinal)).ToList();
        foreach (var t in direct)
        {
            Assert.Equal("exchange-core", t.GetProperty("workload").GetString());
            Assert.Equal(2_000, t.GetProperty("accounts").GetInt32());
            Assert.Equal(5_000, t.GetProperty("commands").GetInt64());
            Assert.Equal(2, t.GetProperty("runs").GetInt32());
            Assert.Equal(2, t.GetProperty("runs_cmd_s").GetArrayLength());
            Assert.True(t.GetProperty("median_cmd_s").GetDouble() > 0);
            Assert.True(t.GetProperty("ns_per_cmd").GetDouble() > 0);
            Assert.Equal(0, t.GetProperty("rejected").GetInt64());
            Assert.True(t.GetProperty("alloc_bytes_per_cmd").GetDouble() >= 0);
        }

        Assert.True(direct[0].GetProperty("trades").GetInt64() > 0);
        Assert.Equal(direct[0].GetProperty("trades").GetInt64(), direct[1].GetProperty("trades").GetInt64());

        foreach (var t in lines.Where(l => Key(l).StartsWith("throughput/pipeline/", StringComparison.Ordinal)))
        {
            Assert.False(t.GetProperty("fsync").GetBoolean());
            Assert.Equal(2, t.GetProperty("runs_cmd_s").GetArrayLength());
            Assert.True(t.GetProperty("median_cmd_s").GetDouble() > 0);
        }

        foreach (var l in lines.Where(l => l.GetProperty("measure").GetString() == "latency"))
        {
            Assert.Equal(100_000, l.GetProperty("offered_cmd_s").GetInt32());
            Assert.Equal(2_000, l.GetProperty("commands").GetInt64());
            Assert.True(l.GetProperty("achieved_cmd_s").GetDouble() > 0);
            Assert.True(l.GetProperty("refused").GetInt64() >= 0);
            AssertPercentiles(l.GetProperty("submit_to_ack_us"));
        }

        foreach (var s in lines.Where(l => l.GetProperty("measure").GetString() == "service_time"))
        {
            Assert.Equal(100_000, s.GetProperty("offered_cmd_s").GetInt32());
            Assert.Equal(2_000, s.GetProperty("commands").GetInt64());
            Assert.Equal(0, s.GetProperty("rejected").GetInt64());
            Assert.True(s.GetProperty("timer_overhead_ns").GetInt64() >= 0);
            AssertPercentiles(s.GetProperty("apply_us"));
            AssertPercentiles(s.GetProperty("from_due_us"));
        }

        foreach (var b in lines.Where(l => l.GetProperty("measure").GetString() == "batch_mean"))
        {
            Assert.Equal(32, b.GetProperty("batch").GetInt32());
            Assert.Equal(4_992, b.GetProperty("commands").GetInt64());
            AssertPercentiles(b.GetProperty("per_command_us"));
        }

        var remargin = lines[^1];
        Assert.Equal(100, remargin.GetProperty("accounts").GetInt32());
        Assert.Equal(100, remargin.GetProperty("holders").GetInt32());
        Assert.Equal(3, remargin.GetProperty("repeats").GetInt32());
        Assert.True(remargin.GetProperty("median_ms").GetDouble() > 0);
        Assert.True(remargin.GetProperty("min_ms").GetDouble() <= remargin.GetProperty("max_ms").GetDouble());
        Assert.True(remargin.GetProperty("ns_per_holder").GetDouble() > 0);
        Assert.True(remargin.GetProperty("alloc_bytes_per_quote").GetDouble() >= 0);
        Assert.False(Directory.Exists(_bench.Data), "the pipeline's scratch journal is removed");
    }

    [Theory]
    [InlineData("--runs", "0")]
    [InlineData("--rates", "100000,0")]
    [InlineData("--latency-seconds", "0")]
    [InlineData("--remargin-accounts", "-1")]
    public void Bad_arguments_exit_non_zero(string option, string value)
    {
        var run = CliRun.Of("bench", "risk", option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    private static string Key(JsonElement line)
    {
        var measure = line.GetProperty("measure").GetString();
        return line.TryGetProperty("path", out var path) ? $"{measure}/{path.GetString()}/{line.GetProperty("engine").GetString()}" : measure!;
    }

    private static void AssertPercentiles(JsonElement summary) => BenchRun.AssertAscending(summary, Percentiles);
}
