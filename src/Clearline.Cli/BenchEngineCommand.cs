using System.CommandLine;
using System.Globalization;
using Clearline.Bench;
using Clearline.Bench.Engine;

namespace Clearline.Cli;

/// <summary><c>clearline bench engine ...</c>: the durable write path end to end (docs/performance.md).</summary>
internal static class BenchEngineCommand
{
    public static Command Create()
    {
        var commandsOption = new Option<int>("--commands")
        {
            Description = "measured commands of the exchange-core workload (the prefill comes on top)",
            DefaultValueFactory = _ => 3_000_000,
        };
        commandsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--commands must be positive");
            }
        });
        var seedOption = new Option<ulong>("--seed") { Description = "generator seed", DefaultValueFactory = _ => 1UL };
        var dataOption = new Option<DirectoryInfo>("--data")
        {
            Description = "scratch directory for the journal (deleted and recreated; put it on the disk you want to measure)",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "clearline-bench-engine")),
        };
        var noFsyncOption = new Option<bool>("--no-fsync") { Description = "do not wait for the disk at each group commit (NOT durable: for comparison only)" };
        var ratesOption = new Option<string>("--rates")
        {
            Description = "comma-separated offered rates (commands/s) for the latency runs",
            DefaultValueFactory = _ => "100000,500000,1000000",
        };
        var secondsOption = new Option<double>("--latency-seconds") { Description = "length of each latency run", DefaultValueFactory = _ => 3.0 };

        var command = new Command("engine", "sequencer + journal (fsync group commit) + matching end to end: durable throughput, latency at fixed offered rates, replay speed; ends with one JSON line")
        {
            commandsOption, seedOption, dataOption, noFsyncOption, ratesOption, secondsOption,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!TryParseRates(parse.GetValue(ratesOption)!, out var rates))
            {
                parse.InvocationConfiguration.Error.WriteLine("--rates must be positive integers separated by commas");
                return 2;
            }

            var profile = WorkloadProfile.ExchangeCore;
            var workload = WorkloadGenerator.Generate(profile, parse.GetValue(commandsOption), parse.GetValue(seedOption));
            var fsync = !parse.GetValue(noFsyncOption);
            output.WriteLine($"{profile.Name}: {workload.PrefillCount:N0} prefill + {workload.MeasuredCount:N0} measured commands; journal in {parse.GetValue(dataOption)!.FullName}, {(fsync ? "fsync at every group commit" : "NO FSYNC (not durable)")}");
            var options = new EngineBenchOptions(parse.GetValue(dataOption)!.FullName, fsync, rates, parse.GetValue(secondsOption), new Clearline.Server.WallClock());
            var result = EngineBench.Run(workload, options, output);
            output.WriteLine(result.ToJson());
            return 0;
        });
        return command;
    }

    internal static bool TryParseRates(string text, out int[] rates)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        rates = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out rates[i]) || rates[i] <= 0)
            {
                return false;
            }
        }

        return rates.Length > 0;
    }
}
