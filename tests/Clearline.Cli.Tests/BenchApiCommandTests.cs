using System.Text.Json;

namespace Clearline.Cli.Tests;

/// <summary>
/// <c>clearline bench api</c> at a tiny size: the JSON lines parse and carry their fields, and what the run must get right
/// whatever the machine's speed: every request answered and accounted for in the mix, no errors, crossing orders that
/// trade with the demo market maker, percentiles in order, a working order book over HTTP, the scratch data removed.
/// </summary>
public sealed class BenchApiCommandTests : IDisposable
{
    private static readonly string[] Percentiles = ["p50", "p90", "p99", "p999", "max"];

    private readonly BenchRun _bench = new("api");

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void A_tiny_run_prints_one_json_line_per_measure_with_its_fields()
    {
        var run = CliRun.Of(
            "bench", "api", "--connections", "4", "--window", "2", "--seconds", "0.5", "--warmup", "0.5", "--runs", "1", "--rates", "500", "--http-clients", "2", "--data", _bench.Data);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = BenchRun.JsonLines(run);
        Assert.All(lines, l => Assert.Equal("api", l.GetProperty("benchmark").GetString()));
        Assert.Equal(["order_entry_throughput", "order_entry_latency", "order_book_throughput"], lines.Select(l => l.GetProperty("measure").GetString()));

        var throughput = lines[0];
        Assert.Equal((4, 2, 1), (throughput.GetProperty("connections").GetInt32(), throughput.GetProperty("window").GetInt32(), throughput.GetProperty("runs").GetInt32()));
        var answered = throughput.GetProperty("answered").GetInt64();
        Assert.True(answered > 0);
        Assert.Equal(throughput.GetProperty("median_orders_s").GetDouble(), Assert.Single(throughput.GetProperty("runs_orders_s").EnumerateArray()).GetDouble());
        AssertMix(throughput, answered);
        Assert.True(throughput.GetProperty("filled").GetInt64() > 0, "crossing orders trade with the demo market maker");
        AssertPercentiles(throughput.GetProperty("round_trip_us"));

        var latency = lines[1];
        Assert.Equal(500, latency.GetProperty("offered_orders_s").GetInt32());
        Assert.Equal(250, latency.GetProperty("requests").GetInt64());
        Assert.Equal(250, latency.GetProperty("answered").GetInt64());
        Assert.True(latency.GetProperty("achieved_orders_s").GetDouble() is > 0 and <= 520, "an open loop cannot answer faster than it offers");
        AssertMix(latency, 250);
        AssertPercentiles(latency.GetProperty("from_due_us"));

        var book = lines[2];
        Assert.Equal(2, book.GetProperty("clients").GetInt32());
        Assert.Equal(0, book.GetProperty("failed").GetInt64());
        Assert.True(book.GetProperty("median_requests_s").GetDouble() > 0);
        AssertPercentiles(book.GetProperty("round_trip_us"));
        Assert.False(Directory.Exists(_bench.Data), "the venue's scratch data is removed");
    }

    [Theory]
    [InlineData("--connections", "0")]
    [InlineData("--rates", "1000,x")]
    [InlineData("--seconds", "0")]
    [InlineData("--warmup", "-1")]
    public void Bad_arguments_exit_non_zero(string option, string value)
    {
        var run = CliRun.Of("bench", "api", option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    /// <summary>Every answer is one of the kinds and none an error; passive orders outnumber crossing ones, which fill at most once each.</summary>
    private static void AssertMix(JsonElement line, long answered)
    {
        var passive = line.GetProperty("passive").GetInt64();
        var crossing = line.GetProperty("crossing").GetInt64();
        var cancels = line.GetProperty("cancels").GetInt64();
        Assert.Empty(line.GetProperty("errors").EnumerateObject());
        Assert.Equal(answered, passive + crossing + cancels);
        Assert.True(passive > crossing, $"{passive} passive orders, {crossing} crossing");
        Assert.InRange(line.GetProperty("filled").GetInt64(), 0, crossing);
    }

    private static void AssertPercentiles(JsonElement summary)
    {
        BenchRun.AssertAscending(summary, Percentiles);
        Assert.True(summary.GetProperty("max").GetDouble() > 0);
    }
}
