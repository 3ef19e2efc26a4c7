using System.CommandLine;

namespace Clearline.Cli;

/// <summary>The <c>--data DIR</c> option of the tools that read an engine's data directory.</summary>
internal static class DataOption
{
    public static Option<DirectoryInfo> Create() => new("--data")
    {
        Description = "the engine's data directory (markets.json, journal/, snapshots/)",
        Required = true,
        HelpName = "DIR",
    };

    /// <summary>
    /// Checked here rather than by the parser, whose errors exit with 1: a missing directory is bad input (exit 2).
    /// </summary>
    public static bool Exists(DirectoryInfo data, TextWriter error)
    {
        if (data.Exists)
        {
            return true;
        }

        error.WriteLine($"data directory {data.FullName} does not exist");
        return false;
    }
}
