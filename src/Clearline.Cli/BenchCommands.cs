using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Clearline.Bench;

namespace Clearline.Cli;

/// <summary><c>clearline bench matching ...</c>: the matching-engine benchmark (docs/performance.md).</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var workloadOption = new Option<string>("--workload")
        {
            Description = "exchange-core, deep-book or multi-symbol",
            DefaultValueFactory = _ => WorkloadProfile.ExchangeCore.Name,
        };
        workloadOption.AcceptOnlyFromAmong([.. WorkloadProfile.All.Select(p => p.Name)]);
        var commandsOption = new Option<int>("--commands")
        {
            Description = "measured commands to generate (the prefill comes on top)",
            DefaultValueFactory = _ => 3_000_000,
        };
        commandsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--commands must be positive");
            }
        });
        var seedOption = new Option<ulong>("--seed")
        {
            Description = "generator seed: the same seed gives the same stream",
            DefaultValueFactory = _ => 1UL,
        };
        var warmupOption = BenchRiskCommand.NonNegative("--warmup", "full warm-up runs (throughput + latency) before measuring", 2);
        var writeOption = new Option<FileInfo?>("--write-commands")
        {
            Description = "write the generated stream (prefill, '# measure', measured commands) as CSV",
        };
        var readOption = new Option<FileInfo>("--commands-file")
        {
            Description = "replay this CSV stream instead of generating one (--workload, --commands and --seed are ignored)",
        };
        readOption.AcceptExistingOnly();
        var prefetchOption = new Option<bool>("--prefetch")
        {
            Description = "give the book lookahead hints for the next two commands before each one (as an engine draining a ring can)",
        };

        var matching = new Command("matching", "order-book throughput, per-command latency and allocation; ends with one JSON line")
        {
            workloadOption, commandsOption, seedOption, warmupOption, writeOption, readOption, prefetchOption,
        };
        matching.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            Workload workload;
            var file = parse.GetValue(readOption);
            if (file is not null)
            {
                try
                {
                    workload = CommandCsv.Read(file.FullName);
                }
                catch (CommandFileException e)
                {
                    parse.InvocationConfiguration.Error.WriteLine(e.Message);
                    return 2;
                }

                output.WriteLine($"read {workload.Commands.Length:N0} commands from {file.FullName}: {workload.PrefillCount:N0} prefill, {workload.MeasuredCount:N0} measured, {workload.Instruments.Count} instrument(s)");
            }
            else
            {
                var profile = WorkloadProfile.Find(parse.GetValue(workloadOption)!)!;
                var stopwatch = Stopwatch.StartNew();
                workload = WorkloadGenerator.Generate(profile, parse.GetValue(commandsOption), parse.GetValue(seedOption));
                output.WriteLine($"generated {profile.Name} (seed {parse.GetValue(seedOption)}) in {stopwatch.Elapsed.TotalSeconds:F1} s: {workload.PrefillCount:N0} prefill + {workload.MeasuredCount:N0} measured commands, {profile.Symbols} symbol(s), {profile.Accounts:N0} accounts, self-trade prevention off");
                PrintStats(output, workload.Stats!, profile);
            }

            var write = parse.GetValue(writeOption);
            if (write is not null)
            {
                CommandCsv.Write(write.FullName, workload);
                output.WriteLine($"wrote {workload.Commands.Length:N0} commands to {write.FullName}");
            }

            var result = Harness.Run(workload, parse.GetValue(warmupOption), output, parse.GetValue(prefetchOption));
            var check = result.Check;
            output.WriteLine($"book over the measured stream: {check.TradingCommands:N0} trading commands ({check.TradeRatio:P2}), {check.Trades:N0} trades, {check.Rejected:N0} rejected; at the end {check.EndOrders:N0} resting orders on {check.EndLevels:N0} levels");
            if (workload.Stats is { } stats && (stats.TradingCommands != check.TradingCommands || stats.Trades != check.Trades || stats.EndOrders != check.EndOrders || stats.EndLevels != check.EndLevels))
            {
                output.WriteLine("WARNING: the book and the generator's model disagree on the stream (see the two lines above)");
            }

            output.WriteLine(FormattableString.Invariant($"throughput {result.ThroughputCommandsPerSecond:N0} cmd/s, {result.NanosecondsPerCommand:F1} ns/cmd, {result.AllocatedBytesPerCommand:F3} B/cmd allocated; latency p50 {result.Latency.P50} p90 {result.Latency.P90} p99 {result.Latency.P99} p99.9 {result.Latency.P999} p99.99 {result.Latency.P9999} max {result.Latency.Max} ns (timer overhead ~{result.TimerOverheadNanoseconds} ns included)"));
            output.WriteLine(result.ToJson());
            return 0;
        });

        return new Command("bench", "benchmarks") { matching, BenchEngineCommand.Create(), BenchRiskCommand.Create(), BenchOptionsCommand.Create(), BenchApiCommand.Create(), BenchCrashCommand.Create(), BenchCrashChildCommand.Create() };
    }

    private static void PrintStats(TextWriter output, GeneratorStats s, WorkloadProfile profile)
    {
        var n = (double)s.Commands;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mix: GTC {s.Gtc / n:P2}, IOC {s.Ioc / n:P2}, cancel {s.Cancel / n:P2}, move {s.Move / n:P2}"));
        var perSymbol = profile.Symbols > 1 ? $" (per symbol: {s.AverageOrders / profile.Symbols:F0} orders, {s.AverageLevels / profile.Symbols:F0} levels)" : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generator model over the measured stream: trading commands {s.TradingCommands:N0} ({s.TradeRatio:P2}), {s.Trades:N0} trades; resting orders avg {s.AverageOrders:F0} [min {s.MinOrders}, max {s.MaxOrders}], levels avg {s.AverageLevels:F0}{perSymbol}; spread avg {s.AverageSpreadTicks:F1} ticks, best price at most {s.MaxBestDistanceFromMid} ticks from mid"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generator model at the end: {s.EndOrders:N0} resting orders on {s.EndLevels:N0} levels"));
    }
}
