using System.CommandLine;
using Clearline.Bench.Api;

namespace Clearline.Cli;

/// <summary><c>clearline bench api ...</c>: order entry over WebSockets and the order book over HTTP against the real server (docs/performance.md).</summary>
internal static class BenchApiCommand
{
    public static Command Create()
    {
        var connectionsOption = BenchRiskCommand.Positive("--connections", "WebSocket connections of the load generator, all signed in as the demo trader", 32);
        var windowOption = BenchRiskCommand.Positive("--window", "requests in flight per connection when saturating", 4);
        var secondsOption = new Option<double>("--seconds") { Description = "length of each measured pass", DefaultValueFactory = _ => 5.0 };
        secondsOption.Validators.Add(result =>
        {
            if (!(result.GetValueOrDefault<double>() > 0))
            {
                result.AddError("--seconds must be positive");
            }
        });
        var warmupOption = new Option<double>("--warmup") { Description = "seconds of load before the closed-loop measures (tiered JIT settles)", DefaultValueFactory = _ => 10.0 };
        warmupOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--warmup must not be negative");
            }
        });
        var runsOption = BenchRiskCommand.Positive("--runs", "saturation and order-book passes; the median is reported", 3);
        var ratesOption = new Option<string>("--rates")
        {
            Description = "comma-separated offered order-entry rates (requests/s) for the latency passes",
            DefaultValueFactory = _ => "5000,10000,20000,100000",
        };
        var httpClientsOption = BenchRiskCommand.Positive("--http-clients", "concurrent keep-alive HTTP clients asking for the order book", 32);
        var dataOption = new Option<DirectoryInfo>("--data")
        {
            Description = "scratch data directory for the venue (deleted before and after)",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "clearline-bench-api")),
        };
        var seedOption = new Option<int>("--seed") { Description = "seed of the order flow and the demo market", DefaultValueFactory = _ => 1 };

        var command = new Command("api", "the server on loopback: WebSocket order entry (saturation throughput, round trips at fixed offered rates) and HTTP get_order_book requests/s; ends with JSON lines")
        {
            connectionsOption, windowOption, secondsOption, warmupOption, runsOption, ratesOption, httpClientsOption, dataOption, seedOption,
        };
        command.SetAction(async parse =>
        {
            if (!BenchEngineCommand.TryParseRates(parse.GetValue(ratesOption)!, out var rates))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("--rates must be positive integers separated by commas").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var options = new ApiBenchOptions(
                parse.GetValue(connectionsOption),
                parse.GetValue(windowOption),
                parse.GetValue(secondsOption),
                parse.GetValue(warmupOption),
                parse.GetValue(runsOption),
                rates,
                parse.GetValue(httpClientsOption),
                parse.GetValue(dataOption)!.FullName,
                parse.GetValue(seedOption));
            var output = parse.InvocationConfiguration.Output;
            var result = await ApiBench.RunAsync(options, output).ConfigureAwait(false);
            foreach (var line in result.ToJsonLines())
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
