using Clearline.Bench.Crash;
using Xunit.Abstractions;

namespace Clearline.Bench.Tests;

/// <summary>
/// Issue 3's crash test: a killed engine comes back with nothing acknowledged lost and the same state hash as a
/// clean replay, every time. Children are started from clearline.dll, SIGKILLed at random moments and checked.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly ChildLauncher Launcher = ChildLauncher.ForAssembly(Path.Combine(AppContext.BaseDirectory, "clearline.dll"));

    private readonly string _data = Path.Combine(Path.GetTempPath(), "clearline-tests", "crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public void Killed_engines_lose_nothing_acknowledged_and_recover_the_state_of_a_full_replay()
    {
        var log = new StringWriter();
        var options = new CrashOptions(_data, Iterations: 24, Seed: 3, Commands: 300_000, MinKillDelayMilliseconds: 20, MaxKillDelayMilliseconds: 200);
        var result = CrashHarness.Run(options, Launcher, log);
        output.WriteLine(log.ToString());
        output.WriteLine(result.ToJson());

        Assert.Equal(options.Iterations, result.Iterations.Count);
        Assert.All(result.Iterations, i => Assert.Empty(i.Failures));

        // The kills must land mid-stream, with acknowledgements already given, and recovery must use snapshots.
        Assert.InRange(result.KilledMidStream, options.Iterations / 4, options.Iterations);
        Assert.True(result.SnapshotRecoveries > 0);
        Assert.Empty(ChildrenStillRunning());
    }

    /// <summary>A child that finishes before the kill reports its final state, which recovery must reach exactly.</summary>
    [Fact]
    public void A_child_that_finishes_its_stream_ends_at_the_state_recovery_reaches()
    {
        var log = new StringWriter();
        var options = new CrashOptions(_data, Iterations: 2, Seed: 4, Commands: 2_000, MinKillDelayMilliseconds: 3_000, MaxKillDelayMilliseconds: 3_000);
        var result = CrashHarness.Run(options, Launcher, log);
        output.WriteLine(log.ToString());

        Assert.All(result.Iterations, i => Assert.Empty(i.Failures));
        Assert.All(result.Iterations, i => Assert.False(i.Killed));
        Assert.Equal(2 * (WorkloadProfile.ExchangeCore.Accounts + WorkloadProfile.ExchangeCore.TargetOrders + 2_000), result.Iterations[^1].RecoveredSequence);
        Assert.Empty(ChildrenStillRunning());
    }

    /// <summary>Processes whose command line names this test's data directory: children left running (Linux only; elsewhere none are found).</summary>
    private string[] ChildrenStillRunning() =>
        Directory.Exists("/proc")
            ? [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _) && ReadCommandLine(d).Contains(_data, StringComparison.Ordinal))]
            : [];

    private static string ReadCommandLine(string process)
    {
        try
        {
            return File.ReadAllText(Path.Combine(process, "cmdline"));
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
