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
        var seedOption = new Option<ulong>("--seed") { Description = "seed of the contracts and of the margin accounts", DefaultValueFactory = _ => 1UL };
        var accountsOption = BenchRiskCommand.Positive("--pm-accounts", "portfolio-margin accounts re-margined on every tick", 10_000);
        var positionsOption = BenchRiskCommand.Positive("--pm-positions", $"option positions per portfolio-margin account (at most {MarginBook.Options})", 100);
        var marginEvaluationsOption = BenchRiskCommand.Positive("--pm-evaluations", "risk-array refreshes and single-account margins per run", 200_000);
        var ticksOption = BenchRiskCommand.Positive("--pm-ticks", "ticks per run (every risk array refreshed, every account re-margined)", 10);
        var engineAccountsOption = BenchRiskCommand.NonNegative("--pm-engine-accounts", "portfolio-margin accounts of the engine-level measures (pm_engine_tick, pm_engine_trade); 0 skips them", 10_000);
        var enginePositionsOption = BenchRiskCommand.Positive("--pm-engine-positions", $"distinct option positions per engine account (at most {PortfolioVenue.ListedOptions}, the venue's options)", 100);
        enginePositionsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() > PortfolioVenue.ListedOptions)
            {
                result.AddError($"--pm-engine-positions must be at most {PortfolioVenue.ListedOptions} (the venue's options)");
            }
        });
        var engineTicksOption = BenchRiskCommand.Positive("--pm-engine-ticks", "timed index quotes per run on the engine (+1% and back)", 10);
        var engineTradesOption = BenchRiskCommand.Positive("--pm-engine-trades", "timed option trades of portfolio-margin accounts per run on the engine", 2_000);
        positionsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() > MarginBook.Options)
            {
                result.AddError($"--pm-positions must be at most {MarginBook.Options} (the book's options)");
            }
        });
        var command = new Command("options", "Black-76 price + Greeks and implied-volatility solves per second on one core, with the kernel's exp/ln beside the platform's, portfolio margin from cached risk arrays, and portfolio margin on the engine (a tick, a trade); ends with JSON lines")
        {
            contractsOption, evaluationsOption, solvesOption, runsOption, seedOption, accountsOption, positionsOption, marginEvaluationsOption, ticksOption,
            engineAccountsOption, enginePositionsOption, engineTicksOption, engineTradesOption,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new OptionsBenchOptions(
                parse.GetValue(contractsOption),
                parse.GetValue(evaluationsOption),
                parse.GetValue(solvesOption),
                parse.GetValue(runsOption),
                parse.GetValue(seedOption),
                parse.GetValue(accountsOption),
                parse.GetValue(positionsOption),
                parse.GetValue(marginEvaluationsOption),
                parse.GetValue(ticksOption));
            output.WriteLine($"{options.Contracts:N0} contracts (seed {options.Seed}): expiries 1 h..2 y, vols 5%..300%, strikes ±3 sd; {options.Runs} runs of {options.Evaluations:N0} evaluations and {options.Solves:N0} solves, one thread, {Environment.ProcessorCount} processor(s)");
            output.WriteLine($"portfolio margin: {MarginBook.Options} options, {options.MarginAccounts:N0} accounts of {options.MarginPositions} positions, 35 scenarios; {options.MarginEvaluations:N0} refreshes and account margins, {options.MarginTicks} ticks per run");
            IEnumerable<string> lines = OptionsBench.Run(options, output).ToJsonLines();
            var engine = new PortfolioEngineOptions(
                parse.GetValue(engineAccountsOption),
                parse.GetValue(enginePositionsOption),
                options.Runs,
                parse.GetValue(engineTicksOption),
                parse.GetValue(engineTradesOption),
                options.Seed);
            if (engine.Accounts > 0)
            {
                output.WriteLine($"portfolio margin on the engine: {engine.Accounts:N0} accounts of {engine.Positions} option positions; {engine.Runs} runs of {engine.Ticks} index quotes and {engine.Trades:N0} trades");
                lines = [.. lines, .. PortfolioEngineBench.Run(engine, output).ToJsonLines()];
            }

            foreach (var line in lines)
            {
                output.WriteLine(line);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

}
