using System.CommandLine;
using System.Text;
using Clearline.Bench;
using Clearline.Bench.Crash;
using Clearline.Engine.Storage;

namespace Clearline.Cli;

/// <summary>
/// <c>clearline bench crash-child</c> (hidden): the engine <c>bench crash</c> starts and kills. The first run on a
/// data directory writes the benchmark markets to <c>markets.json</c>; every run then takes the markets from it.
/// </summary>
internal static class BenchCrashChildCommand
{
    public static Command Create()
    {
        var dataOption = new Option<DirectoryInfo>("--data") { Description = "the data directory", Required = true };
        var seedOption = new Option<ulong>("--seed") { Description = "stream seed", Required = true };
        var commandsOption = new Option<int>("--commands") { Description = "measured commands in the stream", Required = true };
        var command = new Command("crash-child", "one engine for the crash test: prints ready, then one ack line per durable command")
        {
            dataOption, seedOption, commandsOption,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var root = parse.GetValue(dataOption)!.FullName;
            if (!File.Exists(MarketsFile.PathIn(root)))
            {
                MarketsFile.Write(root, WorkloadProfile.ExchangeCore.CreateInstruments(), CrashWorkload.Limits);
            }

            // Flushed by the child after each batch of lines, not per line: one write per acknowledgement would slow it down.
            using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
            return CrashChild.Run(new DataDirectory(root), MarketsFile.Read(root).Markets, parse.GetValue(seedOption), parse.GetValue(commandsOption), new Clearline.Server.WallClock(), output, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}
