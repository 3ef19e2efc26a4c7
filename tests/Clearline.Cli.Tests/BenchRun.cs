using System.Text.Json;

namespace Clearline.Cli.Tests;

/// <summary>What the bench commands' tests share: a scratch data directory that is gone afterwards, and checks on JSON lines.</summary>
internal sealed class BenchRun : IDisposable
{
    public BenchRun(string benchmark)
    {
        Data = Path.Combine(Path.GetTempPath(), $"clearline-bench-{benchmark}-test-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>For <c>--data</c>; the command should remove it itself, this only cleans up after a failure.</summary>
    public string Data { get; }

    /// <summary>The output's JSON lines, parsed.</summary>
    public static List<JsonElement> JsonLines(CliRun run) =>
        [.. run.OutputLines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>Each named percentile is at least the one before it.</summary>
    public static void AssertAscending(JsonElement summary, IEnumerable<string> percentiles)
    {
        var previous = 0.0;
        foreach (var p in percentiles)
        {
            var value = summary.GetProperty(p).GetDouble();
            Assert.True(value >= previous, $"{p} {value} below the percentile before it ({previous})");
            previous = value;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Data))
        {
            Directory.Delete(Data, recursive: true);
        }
    }
}
