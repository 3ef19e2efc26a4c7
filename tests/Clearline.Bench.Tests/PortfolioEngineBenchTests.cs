using System.Text.Json;
using Clearline.Bench.Options;

namespace Clearline.Bench.Tests;

/// <summary>The engine-level portfolio-margin measures of <c>bench options</c>, run tiny.</summary>
public sealed class PortfolioEngineBenchTests
{
    private static readonly PortfolioEngineOptions Tiny = new(Accounts: 12, Positions: 8, Runs: 2, Ticks: 3, Trades: 10, Seed: 5);

    [Fact]
    public void A_tiny_run_times_ticks_and_trades_that_recompute_portfolio_requirements_and_ends_in_the_same_state_twice()
    {
        var first = PortfolioEngineBench.Run(Tiny, TextWriter.Null);
        var second = PortfolioEngineBench.Run(Tiny, TextWriter.Null);

        Assert.Equal(PortfolioVenue.ListedOptions, first.Instruments);
        foreach (var (measure, commands) in new[] { (first.Tick, Tiny.Runs * Tiny.Ticks), (first.Trade, Tiny.Runs * Tiny.Trades) })
        {
            Assert.Equal(commands, measure.Commands);
            Assert.Equal(Tiny.Runs, measure.Runs.Count);
            Assert.All(measure.Runs, run => Assert.True(run > 0));
            Assert.True(measure.Fastest > 0 && measure.Fastest <= measure.Median && measure.Median <= measure.Slowest);
        }

        // A tick moves (nearly) every trader's portfolio requirement; a trade at most the trader's own.
        Assert.InRange(first.Tick.PortfolioEventsPerCommand, Tiny.Accounts / 2, Tiny.Accounts);
        Assert.InRange(first.Trade.PortfolioEventsPerCommand, 0.5, 1);
        Assert.Equal(first.StateHash, second.StateHash);
        Assert.NotEqual(first.StateHash, PortfolioEngineBench.Run(Tiny with { Seed = 6 }, TextWriter.Null).StateHash);

        var lines = first.ToJsonLines().Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["pm_engine_tick", "pm_engine_trade"], lines.Select(l => l.GetProperty("measure").GetString()));
        Assert.Equal(first.Tick.Median * 1e3, lines[0].GetProperty("median_ms").GetDouble(), 3);
        Assert.Equal(first.StateHash, lines[1].GetProperty("state_hash").GetString());
    }
}
