using System.CommandLine;
using Clearline.Bench;
using Clearline.Bench.Risk;

namespace Clearline.Cli;

/// <summary><c>clearline bench risk ...</c>: the cost of clearing (pre-trade margin checks, settlement, re-margining) on the engine (docs/performance.md).</summary>
internal static class BenchRiskCommand
{
    public static Command Create()
    {
        var commandsOption = Positive("--commands", "measured commands of the exchange-core workload (the prefill comes on top)", 3_000_000);
        var seedOption = new Option<ulong>("--seed") { Description = "generator seed", DefaultValueFactory = _ => 1UL };
        var runsOption = Positive("--runs", "throughput runs per engine and path; the median is reported", 5);
        var ratesOption = new Option<string>("--rates")
        {
            Description = "comma-separated offered rates (commands/s) for the latency runs",
            DefaultValueFactory = _ => "1000000",
        };
        var secondsOption = new Option<double>("--latency-seconds") { Description = "length of each latency run", DefaultValueFactory = _ => 3.0 };
        secondsOption.Validators.Add(result =>
        {
            if (!(result.GetValueOrDefault<double>() > 0))
            {
                result.AddError("--latency-seconds must be positive");
            }
        });
        var dataOption = new Option<DirectoryInfo>("--data")
        {
            Description = "scratch directory for the pipeline's journal (deleted and recreated)",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "clearline-bench-risk")),
        };
        var noFsyncOption = new Option<bool>("--no-fsync") { Description = "pipeline without fsync at group commit (NOT durable: for comparison only)" };
        var noPipelineOption = new Option<bool>("--no-pipeline") { Description = "skip the pipeline runs: engine thread only" };
        var remarginOption = NonNegative("--remargin-accounts", "accounts holding a position when the mark moves (0 skips the re-margin measure)", 100_000);
        var repeatsOption = Positive("--remargin-repeats", "timed mark moves (alternating prices); the median is reported", 21);

        var command = new Command("risk", "clearing on the engine: throughput with pre-trade margin checks against a bare engine, latency at a fixed offered rate, re-margining after a mark move; ends with JSON lines")
        {
            commandsOption, seedOption, runsOption, ratesOption, secondsOption, dataOption, noFsyncOption, noPipelineOption, remarginOption, repeatsOption,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!BenchEngineCommand.TryParseRates(parse.GetValue(ratesOption)!, out var rates))
            {
                parse.InvocationConfiguration.Error.WriteLine("--rates must be positive integers separated by commas");
                return 2;
            }

            var profile = WorkloadProfile.ExchangeCore;
            var seed = parse.GetValue(seedOption);
            var workload = WorkloadGenerator.Generate(profile, parse.GetValue(commandsOption), seed);
            var pipeline = !parse.GetValue(noPipelineOption);
            var fsync = !parse.GetValue(noFsyncOption);
            var data = parse.GetValue(dataOption)!.FullName;
            output.WriteLine($"{profile.Name} (seed {seed}): {workload.PrefillCount:N0} prefill + {workload.MeasuredCount:N0} measured commands over {profile.Accounts:N0} funded accounts; pipeline {(pipeline ? $"journal in {data}, {(fsync ? "fsync at every group commit" : "NO FSYNC (not durable)")}" : "skipped")}");
            var options = new RiskBenchOptions(
                profile.Accounts,
                parse.GetValue(runsOption),
                rates,
                parse.GetValue(secondsOption),
                pipeline,
                data,
                fsync,
                new Clearline.Server.WallClock(),
                parse.GetValue(remarginOption),
                parse.GetValue(repeatsOption),
                seed);
            var result = RiskBench.Run(workload, options, output);
            foreach (var line in result.ToJsonLines())
            {
                output.WriteLine(line);
            }

            return 0;
        });
        return command;
    }

    /// <summary>An integer option that must be positive (shared by the bench commands).</summary>
    internal static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError($"{name} must be positive");
            }
        });
        return option;
    }

    internal static Option<int> NonNegative(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"{name} must not be negative");
            }
        });
        return option;
    }
}
