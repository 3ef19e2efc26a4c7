using System.CommandLine;

namespace Clearline.Cli;

/// <summary>The <c>clearline</c> command tree, built apart from <c>Program</c> so tests can invoke it in-process.</summary>
internal static class ClearlineRoot
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Clearline: crypto-derivatives matching venue tools");
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(OptionsCommand.Create());
        return root;
    }
}
