using System.Globalization;
using System.Text;

namespace Clearline.Bench.Engine;

/// <summary>One recovery of a data directory: from a snapshot (its sequence) or by full replay (null).</summary>
public sealed record RecoveryResult(long? SnapshotSequence, long Commands, double Seconds);

/// <summary>Warm replay speed, and the two cold recoveries of the same journal.</summary>
public sealed record ReplayResult(long Commands, double CommandsPerSecond, RecoveryResult FullRecovery, RecoveryResult SnapshotRecovery);

public sealed record LatencyResult(int OfferedRate, double AchievedRate, long Commands, long RefusedSubmissions, LatencySummary Latency);

public sealed record EngineBenchResult(string Workload, bool Fsync, long Commands, double DurableCommandsPerSecond, ReplayResult Replay, IReadOnlyList<LatencyResult> Latency)
{
    /// <summary>The single machine-readable result line (the <c>bench matching</c> convention, <c>"benchmark":"engine"</c>).</summary>
    public string ToJson()
    {
        var c = CultureInfo.InvariantCulture;
        var json = new StringBuilder(512);
        json.Append("{\"benchmark\":\"engine\",\"workload\":\"").Append(Workload).Append('"')
            .Append(",\"fsync\":").Append(Fsync ? "true" : "false")
            .Append(",\"commands\":").Append(Commands.ToString(c))
            .Append(",\"throughput_cmd_s\":").Append(DurableCommandsPerSecond.ToString("0", c))
            .Append(",\"replay_cmd_s\":").Append(Replay.CommandsPerSecond.ToString("0", c))
            .Append(",\"recovery_full_s\":").Append(Replay.FullRecovery.Seconds.ToString("0.000", c))
            .Append(",\"recovery_full_commands\":").Append(Replay.FullRecovery.Commands.ToString(c))
            .Append(",\"recovery_snapshot_s\":").Append(Replay.SnapshotRecovery.Seconds.ToString("0.000", c))
            .Append(",\"recovery_snapshot_tail_commands\":").Append(Replay.SnapshotRecovery.Commands.ToString(c))
            .Append(",\"latency\":[");
        for (var i = 0; i < Latency.Count; i++)
        {
            var l = Latency[i];
            json.Append(i == 0 ? "" : ",")
                .Append("{\"offered_cmd_s\":").Append(l.OfferedRate.ToString(c))
                .Append(",\"achieved_cmd_s\":").Append(l.AchievedRate.ToString("0", c))
                .Append(",\"commands\":").Append(l.Commands.ToString(c))
                .Append(",\"refused\":").Append(l.RefusedSubmissions.ToString(c))
                .Append(",\"p50_ns\":").Append(l.Latency.P50.ToString(c))
                .Append(",\"p90_ns\":").Append(l.Latency.P90.ToString(c))
                .Append(",\"p99_ns\":").Append(l.Latency.P99.ToString(c))
                .Append(",\"p999_ns\":").Append(l.Latency.P999.ToString(c))
                .Append(",\"p9999_ns\":").Append(l.Latency.P9999.ToString(c))
                .Append(",\"max_ns\":").Append(l.Latency.Max.ToString(c))
                .Append('}');
        }

        return json.Append("]}").ToString();
    }
}
