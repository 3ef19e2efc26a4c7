using System.Text.Json;

namespace Clearline.Bench.Tests;

/// <summary>The benchmark's inputs and outputs: the generated streams, their CSV form, and the result line.</summary>
public sealed class WorkloadTests
{
    private static readonly string[] Percentiles = ["p50", "p90", "p99", "p999", "p9999", "max"];

    private static readonly Workload ExchangeCore = WorkloadGenerator.Generate(WorkloadProfile.ExchangeCore, 200_000, seed: 7);

    [Fact]
    public void The_same_seed_gives_the_same_stream_and_another_seed_another()
    {
        var again = WorkloadGenerator.Generate(WorkloadProfile.ExchangeCore, 200_000, seed: 7);
        var other = WorkloadGenerator.Generate(WorkloadProfile.ExchangeCore, 200_000, seed: 8);
        Assert.Equal(ExchangeCore.Commands, again.Commands);
        Assert.NotEqual(ExchangeCore.Commands, other.Commands);
    }

    /// <summary>The exchange-core mix of the reference: 9% GTC, 3% IOC, 6% cancel, 82% move, ~1,000 orders on ~750 levels, ~6% trading.</summary>
    [Fact]
    public void Exchange_core_stream_has_the_reference_shape()
    {
        var stats = ExchangeCore.Stats!;
        Assert.Equal(200_000, stats.Commands);
        Assert.InRange(stats.Gtc / (double)stats.Commands, 0.085, 0.095);
        Assert.InRange(stats.Ioc / (double)stats.Commands, 0.025, 0.035);
        Assert.InRange(stats.Cancel / (double)stats.Commands, 0.055, 0.065);
        Assert.InRange(stats.Move / (double)stats.Commands, 0.81, 0.83);
        Assert.InRange(stats.AverageOrders, 900, 1_100);
        Assert.InRange(stats.AverageLevels, 650, 850);
        Assert.InRange(stats.TradeRatio, 0.045, 0.07);
    }

    [Fact]
    public void Csv_round_trip_keeps_every_command_and_the_measure_marker()
    {
        var writer = new StringWriter();
        CommandCsv.Write(writer, ExchangeCore);
        var text = writer.ToString();
        Assert.StartsWith(CommandCsv.Header + "\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var read = CommandCsv.Read(new StringReader(text), "stream.csv");
        Assert.Equal(ExchangeCore.PrefillCount, read.PrefillCount);
        Assert.Equal(ExchangeCore.Commands.Select(Comparable), read.Commands.Select(Comparable));
    }

    /// <summary>CANCEL carries no price or size and MOVE no size: the reader ignores those columns.</summary>
    private static BenchCommand Comparable(BenchCommand c) => c.Op switch
    {
        BenchOp.Cancel => c with { Price = 0, Quantity = 0 },
        BenchOp.Move => c with { Quantity = 0 },
        _ => c,
    };

    [Theory]
    [InlineData("op,order_id,account,side,price_ticks\n", "s.csv:1: bad header")]
    [InlineData("", "s.csv:1: empty file")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,1,2,B,100,5\nBUY,2,2,B,100,5\n", "s.csv:3: unknown op 'BUY'")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,0,2,B,100,5\n", "s.csv:2: order_id must be a positive integer")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,1,2,X,100,5\n", "s.csv:2: side must be B or S")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,1,2,B,-100,5\n", "s.csv:2: price_ticks must be a positive integer")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,1,2,B,100,0\n", "s.csv:2: qty_lots must be a positive 32-bit integer")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,1,2,B,100\n", "s.csv:2: expected 6 fields, found 5")]
    [InlineData("op,order_id,account,side,price_ticks,qty_lots\nGTC,1,2,B,100,5\n# measure\n# measure\nGTC,2,2,B,100,5\n", "s.csv:4: a second '# measure' marker")]
    public void Malformed_csv_is_refused_with_file_and_line(string text, string expected)
    {
        var error = Assert.Throws<CommandFileException>(() => CommandCsv.Read(new StringReader(text), "s.csv"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_line_is_one_json_object_with_the_documented_fields()
    {
        var result = new BenchResult("exchange-core", Prefetch: false, 3_000_000, 16_000_000.4, 62.5, new LatencySummary(90, 110, 150, 250, 7_000, 40_000), 0, 30, new StreamCheck(1, 1, 0, 1, 1, 1));
        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal("matching", root.GetProperty("benchmark").GetString());
        Assert.Equal("exchange-core", root.GetProperty("workload").GetString());
        Assert.Equal(3_000_000, root.GetProperty("commands").GetInt64());
        Assert.Equal(16_000_000, root.GetProperty("throughput_cmd_s").GetInt64());
        Assert.Equal(62.5, root.GetProperty("ns_per_cmd").GetDouble());
        var latency = root.GetProperty("latency_ns");
        Assert.Equal([90L, 110, 150, 250, 7_000, 40_000], Percentiles.Select(p => latency.GetProperty(p).GetInt64()));
        Assert.Equal(0, root.GetProperty("alloc_bytes_per_cmd").GetDouble());
        Assert.False(root.GetProperty("prefetch").GetBoolean());
    }

    [Fact]
    public void Latency_percentiles_use_the_nearest_rank()
    {
        var ticks = Enumerable.Range(1, 1_000).Select(i => (long)i).Reverse().ToArray();
        var summary = LatencySummary.FromTicks(ticks, 1_000_000_000);
        Assert.Equal(new LatencySummary(500, 900, 990, 999, 1_000, 1_000), summary);
    }
}
