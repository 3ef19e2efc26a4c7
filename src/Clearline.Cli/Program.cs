using System.CommandLine;
using Clearline.Cli;

// No termination handling by the command line: Ctrl-C ends a tool at once, and `serve`'s host handles SIGINT and
// SIGTERM itself (a clean stop: the engine finishes what it took and writes a snapshot).
return ClearlineRoot.Create().Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
