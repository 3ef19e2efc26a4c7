using System.Diagnostics;
using Clearline.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Clearline.Matching.Tests.Differential;

/// <summary>
/// The fast book against the reference book on random command streams: same answers, same events in the
/// same order, same state after every command. At least a million commands per run.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const long RequiredCommands = 1_000_000;

    public static readonly Market Plain = new("plain", Instruments.Plain, 8, 22, []);
    public static readonly Market Stepped = new("stepped", Instruments.Stepped, 90, 115, [101, 149, 151]);
    public static readonly Market DenseSteps = new("dense-steps", Instruments.DenseSteps, 1, 40, [5, 7, 9, 14, 17, 39]);

    /// <summary>(market, tests, commands per test).</summary>
    private static readonly (Market Market, int Tests, int Length)[] Runs =
    [
        (Plain, 1_150, 300),
        (Stepped, 1_150, 300),
        (DenseSteps, 1_150, 300),
    ];

    private long _commands;

    [Fact]
    public void Fast_book_matches_the_reference_on_a_million_random_commands()
    {
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(Runs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, run =>
            Check.One(
                Config.QuickThrowOnFailure.WithMaxTest(run.Tests).WithQuietOnSuccess(true).WithName(run.Market.Name),
                Prop.ForAll(Generators.Arbitrary(run.Market, run.Length), StreamsAgree)));
        output.WriteLine($"{_commands:N0} commands through both books in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(_commands >= RequiredCommands, $"only {_commands} commands ran");
    }

    private bool StreamsAgree(Scenario scenario)
    {
        var driver = new DifferentialDriver(
            TestBooks.Create(TestBooks.FastName, scenario.Market.Spec, scenario.MaxResting),
            TestBooks.Create(TestBooks.ReferenceName, scenario.Market.Spec, scenario.MaxResting));
        foreach (var command in scenario.Resolve())
        {
            driver.Step(command);
        }

        Interlocked.Add(ref _commands, driver.CommandCount);
        return true;
    }
}
