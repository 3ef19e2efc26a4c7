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
    public static readonly Market Paged = new("paged", Instruments.Paged, 4_000, 600_000, [8_193, 262_145, 262_208, 1_048_575]);
    public static readonly Market Deep = new("deep", Instruments.Wide, 1_000, 4_000, [0], deep: true);

    /// <summary>(market, tests, commands per test).</summary>
    private static readonly (Market Market, int Tests, int Length)[] Runs =
    [
        (Plain, 1_150, 300),
        (Stepped, 1_150, 300),
        (DenseSteps, 1_150, 300),
        (Paged, 200, 300),
        (Deep, 10, 6_000),
    ];

    private readonly Coverage _coverage = new();
    private long _commands;
    private long _restingSamples;
    private long _restingTotal;

    [Fact]
    public void Fast_book_matches_the_reference_on_a_million_random_commands()
    {
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(Runs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, run =>
            Check.One(
                Config.QuickThrowOnFailure.WithMaxTest(run.Tests).WithQuietOnSuccess(true).WithName(run.Market.Name),
                Prop.ForAll(Generators.Arbitrary(run.Market, run.Length), StreamsAgree)));
        output.WriteLine($"{_commands:N0} commands through both books in {clock.Elapsed.TotalSeconds:F1} s; mean resting orders {(double)_restingTotal / Math.Max(1, _restingSamples):F1}");
        var counts = _coverage.Counts;
        foreach (var (key, value) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {key}: {value:N0}");
        }

        Assert.True(_commands >= RequiredCommands, $"only {_commands} commands ran");
        var missing = Coverage.Required.Where(key => counts.GetValueOrDefault(key) == 0).ToList();
        Assert.True(missing.Count == 0, $"never exercised: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// One long-lived deep book with 300 accounts: pools, id and account maps grow past their initial
    /// capacity and see heavy insert/remove churn. State is compared every 64 commands and at the end.
    /// </summary>
    [Fact]
    public void Fast_book_matches_the_reference_over_a_long_life_with_many_accounts()
    {
        const int Length = 60_000;
        var ran = 0;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(1).WithQuietOnSuccess(true).WithName("long-lived"),
            Prop.ForAll(Arb.From(Generators.Scenario(Deep, Length, 300, 300), Generators.Shrink), scenario =>
            {
                var driver = new DifferentialDriver(
                    TestBooks.Create(TestBooks.FastName, scenario.Market.Spec, scenario.MaxResting),
                    TestBooks.Create(TestBooks.ReferenceName, scenario.Market.Spec, scenario.MaxResting))
                { CompareStateEveryCommand = false };
                var peak = 0;
                foreach (var command in scenario.Resolve())
                {
                    driver.Step(command);
                    peak = Math.Max(peak, driver.Oracle.OrderCount);
                    if (driver.CommandCount % 64 == 0)
                    {
                        driver.CompareState(command);
                    }
                }

                driver.CompareState();
                ran = driver.CommandCount;
                output.WriteLine($"{ran:N0} commands, peak {peak} resting orders, {driver.Oracle.OrderCount} at the end");
                return true;
            }));
        Assert.Equal(Length, ran);
    }

    private bool StreamsAgree(Scenario scenario)
    {
        var driver = new DifferentialDriver(
            TestBooks.Create(TestBooks.FastName, scenario.Market.Spec, scenario.MaxResting),
            TestBooks.Create(TestBooks.ReferenceName, scenario.Market.Spec, scenario.MaxResting));
        var counts = new Dictionary<string, long>();
        var peak = 0;
        foreach (var command in scenario.Resolve())
        {
            driver.Step(command);
            Coverage.Observe(counts, command, driver.LastEvents);
            peak = Math.Max(peak, driver.Oracle.OrderCount);
        }

        counts[$"peak resting orders, {scenario.Market.Name}, summed"] = peak;
        counts[$"streams, {scenario.Market.Name}"] = 1;

        _coverage.Merge(counts);
        Interlocked.Add(ref _commands, driver.CommandCount);
        Interlocked.Add(ref _restingTotal, driver.Oracle.OrderCount);
        Interlocked.Increment(ref _restingSamples);
        return true;
    }
}
