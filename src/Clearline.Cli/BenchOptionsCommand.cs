using System.CommandLine;
using Clearline.Bench.Options;

namespace Clearline.Cli;

/// <summary><c>clearline bench options ...</c>: throughput of the option pricing kernel on one core (docs/performance.md).</summary>
internal static class BenchOptionsCommand
{
    public static Command Create()
    {
        var contractsOption = BenchRiskCommand.Positive("--contracts", "distinct contracts the loops cycle through", 65_536);
        var evaluationsOption = BenchRiskCommand.Positive("--evaluations", "price + Greeks evaluations per run (also price-only and exp/ln)", 10_000_000);
        var solvesOption = BenchRiskCommand.Positive("--solves", "implied-volatility solves per run", 2_000_000);
        var runsOption = BenchRiskCommand.Positive("--runs", "measured runs per measure; the median is reported", 5);
        var seedOption = new Option<ulong>("--seed") { Description = "seed of the contracts", DefaultValueFactory = _ => 1UL };
        var command = new Command("options", "Black-76 price + Greeks and implied-volatility solves per second on one core, with the kernel's exp/ln beside the platform's; ends with JSON lines")
        {
            contractsOption, evaluationsOption, solvesOption, runsOption, seedOption,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new OptionsBenchOptions(
                parse.GetValue(contractsOption),
                parse.GetValue(evaluationsOption),
                parse.GetValue(solvesOption),
                parse.GetValue(runsOption),
                parse.GetValue(seedOption));
            output.WriteLine($"{options.Contracts:N0} contracts (seed {options.Seed}): expiries 1 h..2 y, vols 5%..300%, strikes ±3 sd; {options.Runs} runs of {options.Evaluations:N0} evaluations and {options.Solves:N0} solves, one thread, {Environment.ProcessorCount} processor(s)");
            foreach (var line in OptionsBench.Run(options, output).ToJsonLines())
            {
                output.WriteLine(line);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

}
