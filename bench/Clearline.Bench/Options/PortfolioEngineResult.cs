using System.Text;
using System.Text.Json;
using Clearline.Bench.Risk;

namespace Clearline.Bench.Options;

/// <summary>One engine-level portfolio-margin measure: the median time of each run's commands, in seconds.</summary>
/// <param name="Name"><c>pm_engine_tick</c> or <c>pm_engine_trade</c>.</param>
/// <param name="Commands">Timed commands over all runs.</param>
/// <param name="Runs">The median time of each run's commands (s).</param>
/// <param name="Fastest">The fastest timed command (s).</param>
/// <param name="Slowest">The slowest timed command (s).</param>
/// <param name="PortfolioEventsPerCommand"><c>PortfolioMarginChanged</c> events per timed command: the pools whose requirement moved.</param>
/// <param name="AllocatedBytesPerCommand">Bytes allocated per timed command on the engine thread.</param>
public sealed record PortfolioEngineMeasure(string Name, int Commands, IReadOnlyList<double> Runs, double Fastest, double Slowest, double PortfolioEventsPerCommand, double AllocatedBytesPerCommand)
{
    public double Median => RiskBenchResult.Median(Runs);
}

/// <param name="Options">What was run.</param>
/// <param name="Instruments">Listed options.</param>
/// <param name="SetupSeconds">Wall time of building the venue (deposits, surfaces, trades, switches).</param>
/// <param name="Tick">One index quote re-marking, re-margining and recomputing every portfolio pool.</param>
/// <param name="Trade">One option trade of a portfolio-margin account.</param>
/// <param name="StateHash">The engine's state hash root after every run: the same for the same options on any machine.</param>
public sealed record PortfolioEngineResult(PortfolioEngineOptions Options, int Instruments, double SetupSeconds, PortfolioEngineMeasure Tick, PortfolioEngineMeasure Trade, string StateHash)
{
    /// <summary>Issue 6: re-margining 10,000 portfolio-margin accounts after a tick ≤ 50 ms.</summary>
    public const double TickTargetMilliseconds = 50;

    /// <summary>Issue 6: one account of 100 option positions from cached risk arrays ≤ 20 µs; a trade does that and books the fill.</summary>
    public const double TradeTargetMicroseconds = 20;

    /// <summary>One JSON object per measure, each with <c>"benchmark":"options"</c>; times in ms (tick) and µs (trade).</summary>
    public IEnumerable<string> ToJsonLines()
    {
        yield return Line(Tick, "ms", 1e3, TickTargetMilliseconds);
        yield return Line(Trade, "us", 1e6, TradeTargetMicroseconds);
    }

    private string Line(PortfolioEngineMeasure m, string unit, double scale, double target)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("benchmark", "options");
            json.WriteString("measure", m.Name);
            json.WriteNumber("accounts", Options.Accounts);
            json.WriteNumber("positions_per_account", Options.Positions);
            json.WriteNumber("options", Instruments);
            json.WriteNumber("runs", m.Runs.Count);
            json.WriteNumber("commands", m.Commands);
            json.WriteNumber($"median_{unit}", Math.Round(m.Median * scale, 3));
            json.WriteStartArray($"runs_{unit}");
            foreach (var run in m.Runs)
            {
                json.WriteNumberValue(Math.Round(run * scale, 3));
            }

            json.WriteEndArray();
            json.WriteNumber($"min_{unit}", Math.Round(m.Fastest * scale, 3));
            json.WriteNumber($"max_{unit}", Math.Round(m.Slowest * scale, 3));
            json.WriteNumber($"target_{unit}", target);
            json.WriteBoolean("target_met", m.Median * scale <= target);
            json.WriteNumber("portfolio_events_per_command", Math.Round(m.PortfolioEventsPerCommand, 2));
            json.WriteNumber("alloc_bytes_per_command", Math.Round(m.AllocatedBytesPerCommand, 1));
            json.WriteNumber("setup_s", Math.Round(SetupSeconds, 1));
            json.WriteString("state_hash", StateHash);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
