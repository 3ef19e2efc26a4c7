using System.Globalization;
using System.Text;

namespace Clearline.Bench;

/// <summary>Exact latency percentiles (nearest rank over the sorted samples), in nanoseconds.</summary>
public sealed record LatencySummary(long P50, long P90, long P99, long P999, long P9999, long Max)
{
    /// <summary>Summarises raw <see cref="System.Diagnostics.Stopwatch"/> tick samples; sorts <paramref name="ticks"/> in place.</summary>
    public static LatencySummary FromTicks(long[] ticks, long frequency)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (ticks.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        Array.Sort(ticks);
        long At(double p)
        {
            var rank = (int)Math.Ceiling(p * ticks.Length);
            var index = Math.Clamp(rank - 1, 0, ticks.Length - 1);
            return ToNanoseconds(ticks[index], frequency);
        }

        return new LatencySummary(At(0.50), At(0.90), At(0.99), At(0.999), At(0.9999), ToNanoseconds(ticks[^1], frequency));
    }

    public static long ToNanoseconds(long ticks, long frequency) =>
        (long)Math.Round(ticks * (1_000_000_000.0 / frequency), MidpointRounding.AwayFromZero);
}

/// <summary>What the real book did over the latency pass, to check the stream against its description.</summary>
public sealed record StreamCheck(long TradingCommands, long Trades, long Rejected, int EndOrders, int EndLevels, long Commands)
{
    public double TradeRatio => Commands == 0 ? 0 : TradingCommands / (double)Commands;
}

public sealed record BenchResult(
    string Workload,
    bool Prefetch,
    long Commands,
    double ThroughputCommandsPerSecond,
    double NanosecondsPerCommand,
    LatencySummary Latency,
    double AllocatedBytesPerCommand,
    long TimerOverheadNanoseconds,
    StreamCheck Check)
{
    /// <summary>The single machine-readable result line.</summary>
    public string ToJson()
    {
        var c = CultureInfo.InvariantCulture;
        var json = new StringBuilder(256);
        json.Append("{\"benchmark\":\"matching\",\"workload\":\"").Append(Escape(Workload)).Append('"')
            .Append(",\"commands\":").Append(Commands.ToString(c))
            .Append(",\"throughput_cmd_s\":").Append(Math.Round(ThroughputCommandsPerSecond).ToString("0", c))
            .Append(",\"ns_per_cmd\":").Append(NanosecondsPerCommand.ToString("0.00", c))
            .Append(",\"latency_ns\":{\"p50\":").Append(Latency.P50.ToString(c))
            .Append(",\"p90\":").Append(Latency.P90.ToString(c))
            .Append(",\"p99\":").Append(Latency.P99.ToString(c))
            .Append(",\"p999\":").Append(Latency.P999.ToString(c))
            .Append(",\"p9999\":").Append(Latency.P9999.ToString(c))
            .Append(",\"max\":").Append(Latency.Max.ToString(c))
            .Append("},\"alloc_bytes_per_cmd\":").Append(AllocatedBytesPerCommand.ToString("0.###", c))
            .Append(",\"prefetch\":").Append(Prefetch ? "true" : "false")
            .Append('}');
        return json.ToString();
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case < ' ': builder.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(ch); break;
            }
        }

        return builder.ToString();
    }
}
