using System.Text;
using System.Text.Json;
using Clearline.Bench.Risk;

namespace Clearline.Bench.Options;

/// <summary>One measure of <c>bench options</c>: operations per second of each run, single-threaded.</summary>
/// <param name="Name"><c>price_greeks</c>, <c>price</c>, <c>implied_volatility</c>, <c>exp_kernel</c>, <c>exp_platform</c>, <c>log_kernel</c>, <c>log_platform</c>, <c>pm_risk_array</c>, <c>pm_account</c>, <c>pm_tick</c>.</param>
/// <param name="Operations">Operations per run.</param>
/// <param name="Runs">Operations/s of each measured run.</param>
/// <param name="AllocatedBytesPerOperation">Bytes allocated per operation (the largest run).</param>
/// <param name="Checksum">The wrapping sum of the bit patterns of every result of the last run: the same on every machine for the kernel's measures.</param>
public sealed record OptionsMeasure(string Name, long Operations, IReadOnlyList<double> Runs, double AllocatedBytesPerOperation, ulong Checksum)
{
    public double Median => RiskBenchResult.Median(Runs);
}

public sealed record OptionsBenchResult(int Contracts, int MarginAccounts, int MarginPositions, IReadOnlyList<OptionsMeasure> Measures)
{
    /// <summary>The targets of issue 6, per core: one account's margin ≤ 20 µs, a tick over 10,000 accounts ≤ 50 ms.</summary>
    public static double? Target(string measure) => measure switch
    {
        "price_greeks" => 20_000_000,
        "implied_volatility" => 3_000_000,
        "pm_account" => 50_000,
        "pm_tick" => 20,
        _ => null,
    };

    /// <summary>One JSON object per measure, each with <c>"benchmark":"options"</c>; rates in operations/s.</summary>
    public IEnumerable<string> ToJsonLines()
    {
        foreach (var m in Measures)
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("benchmark", "options");
                json.WriteString("measure", m.Name);
                if (m.Name.StartsWith("pm_", StringComparison.Ordinal))
                {
                    json.WriteNumber("accounts", MarginAccounts);
                    json.WriteNumber("positions_per_account", MarginPositions);
                }
                else
                {
                    json.WriteNumber("contracts", Contracts);
                }

                json.WriteNumber("operations", m.Operations);
                json.WriteNumber("runs", m.Runs.Count);
                json.WriteNumber("median_per_s", Math.Round(m.Median));
                json.WriteNumber("ns_per_op", Math.Round(1e9 / m.Median, 2));
                json.WriteStartArray("runs_per_s");
                foreach (var run in m.Runs)
                {
                    json.WriteNumberValue(Math.Round(run));
                }

                json.WriteEndArray();
                if (Target(m.Name) is { } target)
                {
                    json.WriteNumber("target_per_s", target);
                    json.WriteBoolean("target_met", m.Median >= target);
                }

                json.WriteNumber("alloc_bytes_per_op", Math.Round(m.AllocatedBytesPerOperation, 3));
                json.WriteString("checksum", $"0x{m.Checksum:X16}");
                json.WriteEndObject();
            }

            yield return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
