using System.CommandLine;
using Clearline.Cli;

var root = new RootCommand("Clearline: crypto-derivatives matching venue tools");
root.Subcommands.Add(BenchCommands.Create());
root.Subcommands.Add(DemoCommand.Create());
return root.Parse(args).Invoke();
