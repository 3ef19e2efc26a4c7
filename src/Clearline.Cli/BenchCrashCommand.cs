using System.CommandLine;
using Clearline.Bench.Crash;

namespace Clearline.Cli;

/// <summary><c>clearline bench crash ...</c>: the crash test as a soak (docs/architecture.md); ends with one JSON line.</summary>
internal static class BenchCrashCommand
{
    public static Command Create()
    {
        var iterationsOption = new Option<int>("--iterations") { Description = "children to start and kill", DefaultValueFactory = _ => 50 };
        iterationsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--iterations must be positive");
            }
        });
        var dataOption = new Option<DirectoryInfo>("--data")
        {
            Description = "data directory shared by all children (kept afterwards; an existing one is carried on)",
            Required = true,
        };
        var seedOption = new Option<ulong>("--seed") { Description = "derives every child's stream and every kill delay", DefaultValueFactory = _ => 1UL };
        var command = new Command("crash", "start an engine, SIGKILL it mid-stream, check that recovery lost nothing acknowledged and matches a full replay; repeat")
        {
            iterationsOption, dataOption, seedOption,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new CrashOptions(parse.GetValue(dataOption)!.FullName, parse.GetValue(iterationsOption), parse.GetValue(seedOption));
            var result = CrashHarness.Run(options, ChildLauncher.ForAssembly(typeof(BenchCrashCommand).Assembly.Location), output);
            output.WriteLine(result.ToJson());
            return result.Failures == 0 ? 0 : 1;
        });
        return command;
    }
}
