using System.Text.Json;

namespace Clearline.Cli.Tests;

/// <summary>
/// <c>clearline bench options</c> at a tiny size: one JSON line per measure with its fields. No timing is asserted; what
/// must hold on any machine is that the kernel's measures allocate nothing and every checksum (the engine's state hash
/// for the engine measures) is the same from run to run.
/// </summary>
public sealed class BenchOptionsCommandTests
{
    private static readonly string[] Measures = ["price_greeks", "price", "implied_volatility", "exp_kernel", "exp_platform", "log_kernel", "log_platform", "pm_risk_array", "pm_account", "pm_tick"];

    [Fact]
    public void A_tiny_run_prints_one_json_line_per_measure_and_the_same_checksums_every_time()
    {
        string[] args = ["bench", "options", "--contracts", "500", "--evaluations", "2000", "--solves", "1000", "--runs", "2", "--pm-accounts", "30", "--pm-positions", "12", "--pm-evaluations", "500", "--pm-ticks", "2", "--pm-engine-accounts", "0"];

        var first = Lines(CliRun.Of(args));
        var second = Lines(CliRun.Of(args));

        Assert.Equal(Measures, first.Select(l => l.GetProperty("measure").GetString()));
        foreach (var line in first)
        {
            Assert.Equal("options", line.GetProperty("benchmark").GetString());
            if (line.GetProperty("measure").GetString()!.StartsWith("pm_", StringComparison.Ordinal))
            {
                Assert.Equal(30, line.GetProperty("accounts").GetInt32());
                Assert.Equal(12, line.GetProperty("positions_per_account").GetInt32());
            }
            else
            {
                Assert.Equal(500, line.GetProperty("contracts").GetInt32());
            }


            Assert.Equal(2, line.GetProperty("runs").GetInt32());
            Assert.Equal(2, line.GetProperty("runs_per_s").GetArrayLength());
            Assert.True(line.GetProperty("median_per_s").GetDouble() > 0);
            Assert.Equal(0, line.GetProperty("alloc_bytes_per_op").GetDouble());
        }

        Assert.Equal(20_000_000, first[0].GetProperty("target_per_s").GetDouble());
        Assert.Equal(3_000_000, first[2].GetProperty("target_per_s").GetDouble());
        Assert.Equal(1_000, first[2].GetProperty("operations").GetInt64());
        Assert.False(first[1].TryGetProperty("target_per_s", out _));
        Assert.Equal(50_000, first[8].GetProperty("target_per_s").GetDouble());
        Assert.Equal(20, first[9].GetProperty("target_per_s").GetDouble());
        Assert.Equal(2, first[9].GetProperty("operations").GetInt64());
        Assert.Equal(first.Select(Checksum), second.Select(Checksum));
    }

    [Fact]
    public void The_engine_measures_follow_the_kernel_ones_with_their_fields_and_the_same_state_hash_every_time()
    {
        string[] args = ["bench", "options", "--contracts", "500", "--evaluations", "500", "--solves", "500", "--runs", "2", "--pm-accounts", "4", "--pm-positions", "4", "--pm-evaluations", "100", "--pm-ticks", "1",
            "--pm-engine-accounts", "10", "--pm-engine-positions", "6", "--pm-engine-ticks", "3", "--pm-engine-trades", "8"];

        var first = Lines(CliRun.Of(args));
        var second = Lines(CliRun.Of(args));

        Assert.Equal([.. Measures, "pm_engine_tick", "pm_engine_trade"], first.Select(l => l.GetProperty("measure").GetString()));
        var (tick, trade) = (first[^2], first[^1]);
        Assert.Equal((10, 6, 2, 6), (tick.GetProperty("accounts").GetInt32(), tick.GetProperty("positions_per_account").GetInt32(), tick.GetProperty("runs").GetInt32(), tick.GetProperty("commands").GetInt32()));
        Assert.Equal(16, trade.GetProperty("commands").GetInt32());
        Assert.True(tick.GetProperty("median_ms").GetDouble() > 0 && trade.GetProperty("median_us").GetDouble() > 0);
        Assert.Equal((50.0, 20.0), (tick.GetProperty("target_ms").GetDouble(), trade.GetProperty("target_us").GetDouble()));
        Assert.True(tick.GetProperty("portfolio_events_per_command").GetDouble() > 0);
        Assert.Equal(StateHash(second[^2]), StateHash(tick));
        Assert.Equal(StateHash(tick), StateHash(trade));
    }

    [Fact]
    public void Bad_arguments_exit_non_zero()
    {
        var run = CliRun.Of("bench", "options", "--runs", "0");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--runs", run.Error, StringComparison.Ordinal);
        var tooMany = CliRun.Of("bench", "options", "--pm-positions", "401");
        Assert.NotEqual(0, tooMany.ExitCode);
        Assert.Contains("--pm-positions", tooMany.Error, StringComparison.Ordinal);
        var engineTooMany = CliRun.Of("bench", "options", "--pm-engine-positions", "351");
        Assert.NotEqual(0, engineTooMany.ExitCode);
        Assert.Contains("--pm-engine-positions", engineTooMany.Error, StringComparison.Ordinal);
        var negative = CliRun.Of("bench", "options", "--pm-engine-accounts", "-1");
        Assert.NotEqual(0, negative.ExitCode);
        Assert.Contains("--pm-engine-accounts", negative.Error, StringComparison.Ordinal);
    }

    private static string? Checksum(JsonElement line) => line.GetProperty("checksum").GetString();

    private static string? StateHash(JsonElement line) => line.GetProperty("state_hash").GetString();

    private static List<JsonElement> Lines(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return [.. run.OutputLines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
