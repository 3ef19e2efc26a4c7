using System.CommandLine;
using System.Text.Json;

namespace Clearline.Cli.Tests;

/// <summary>One in-process run of the <c>clearline</c> command tree, its output and error captured.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ClearlineRoot.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The last output line, parsed: the replay's machine-readable summary.</summary>
    public JsonElement LastJson() => JsonDocument.Parse(OutputLines[^1]).RootElement.Clone();
}
