using System.CommandLine;
using Clearline.Sequencing.Journal;
using Clearline.Server;
using Clearline.Server.Demo;
using Microsoft.AspNetCore.Builder;

namespace Clearline.Cli;

/// <summary>
/// <c>clearline serve</c>: the venue with its Deribit-v2 API, on a data directory that survives restarts (journal,
/// snapshots, configuration, API keys). Prints the demo trading account's credentials; Ctrl-C stops it cleanly.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urlsOption = new Option<string>("--urls") { Description = "listen addresses, ';'-separated", DefaultValueFactory = _ => ServerOptions.DefaultUrls };
        var dataOption = new Option<DirectoryInfo>("--data")
        {
            Description = "the data directory (created on first start with the demo markets)",
            HelpName = "DIR",
            DefaultValueFactory = _ => new DirectoryInfo("data"),
        };
        var seedOption = new Option<int>("--seed") { Description = "seed of the simulated index feed and demo traders", DefaultValueFactory = _ => 1 };
        var noDemoOption = new Option<bool>("--no-demo-market") { Description = "no simulated feed, market maker or noise trader (the demo accounts are still funded)" };

        var command = new Command("serve", "runs the venue: Deribit-v2 JSON-RPC over HTTP and WebSocket on the engine with clearing, with a living demo market")
        {
            urlsOption, dataOption, seedOption, noDemoOption,
        };
        command.SetAction(async parse =>
        {
            var options = new ServerOptions
            {
                Urls = parse.GetValue(urlsOption)!,
                DataDirectory = parse.GetValue(dataOption)!.FullName,
                Seed = parse.GetValue(seedOption),
                DemoMarket = !parse.GetValue(noDemoOption),
            };

            var error = parse.InvocationConfiguration.Error;
            WebApplication app;
            try
            {
                app = VenueServer.Build(options);
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await using (app.ConfigureAwait(false))
            {
                var (clientId, clientSecret) = VenueServer.DemoCredentialsOf(app);
                var output = parse.InvocationConfiguration.Output;
                await output.WriteLineAsync($"Clearline on {options.Urls}, data in {options.DataDirectory}").ConfigureAwait(false);
                await output.WriteLineAsync($"demo trading account: client_id={clientId} client_secret={clientSecret} (also in {Path.Combine(options.DataDirectory, DemoCredentials.FileName)})").ConfigureAwait(false);
                try
                {
                    // Ctrl-C or SIGTERM stops the host: the engine finishes what it took and writes a snapshot.
                    await app.RunAsync().ConfigureAwait(false);
                }
                catch (JournalCorruptException e)
                {
                    await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                    return ExitCodes.JournalCorrupt;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
