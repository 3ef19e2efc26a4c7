using System.Diagnostics;
using Clearline.Bench.Risk;
using Clearline.Domain;

namespace Clearline.Bench.Options;

/// <summary>What the engine-level portfolio-margin measures of <c>bench options</c> run.</summary>
/// <param name="Accounts">Portfolio-margin traders (0: skip the measures).</param>
/// <param name="Positions">Distinct option positions per trader.</param>
/// <param name="Runs">Measured runs; each run's figure is the median of its ticks (trades), the median of runs is reported.</param>
/// <param name="Ticks">Timed index quotes per run.</param>
/// <param name="Trades">Timed option trades per run.</param>
/// <param name="Seed">Seed of the positions.</param>
public sealed record PortfolioEngineOptions(int Accounts, int Positions, int Runs, int Ticks, int Trades, ulong Seed);

/// <summary>
/// Portfolio margin on the engine (<see cref="PortfolioVenue"/>), every step a journal-form command through
/// <see cref="Clearline.Engine.EngineState.Apply"/>:
/// <list type="bullet">
/// <item><c>pm_engine_tick</c>: one index quote alternating between +1% and back (and a second later, so every option's
/// time to expiry moves too): every option re-marked, every holder re-margined, every portfolio pool recomputed;</item>
/// <item><c>pm_engine_trade</c>: a trader's IOC taking one lot of an option it holds from a resting market-maker order
/// (buy, then sell back, alternately): the trade booked and the trader's portfolio requirement recomputed.</item>
/// </list>
/// Warm-up is a fixed number of ticks and trades, so the state after the runs (its hash, the checksum) depends only on
/// the options, not on the machine.
/// </summary>
public static class PortfolioEngineBench
{
    private const int WarmTicks = 4;
    private const int WarmTrades = 2_000;

    public static PortfolioEngineResult Run(PortfolioEngineOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var began = Stopwatch.GetTimestamp();
        var venue = new PortfolioVenue(options.Accounts, options.Positions, options.Seed);
        var setupSeconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        log.WriteLine(FormattableString.Invariant($"engine venue: {venue.Options.Count} options, {options.Accounts:N0} portfolio-margin accounts of {options.Positions} positions ({venue.Sink.Trades:N0} set-up trades), built in {setupSeconds:F1} s"));
        var quotes = new[] { PortfolioVenue.QuoteCommand(PortfolioVenue.IndexE8 + (PortfolioVenue.IndexE8 / 100)), PortfolioVenue.QuoteCommand(PortfolioVenue.IndexE8) };
        var ticks = new Samples();
        var trades = new Samples();
        Ticks(venue, quotes, WarmTicks, ticks);
        Trades(venue, WarmTrades, trades);
        (ticks, trades) = (new Samples(), new Samples());
        var tickRuns = new List<double>();
        var tradeRuns = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            tickRuns.Add(Ticks(venue, quotes, options.Ticks, ticks));
            tradeRuns.Add(Trades(venue, options.Trades, trades));
            log.WriteLine(FormattableString.Invariant($"run {run + 1} pm_engine_tick: median {tickRuns[^1] * 1e3:F2} ms; pm_engine_trade: median {tradeRuns[^1] * 1e6:F2} µs"));
        }

        if (venue.Sink.Rejected != 0 || venue.Sink.LiquidationChanges != 0)
        {
            throw new InvalidOperationException($"measured commands: {venue.Sink.Rejected} refused, {venue.Sink.LiquidationChanges} liquidation changes");
        }

        return new PortfolioEngineResult(
            options,
            venue.Options.Count,
            setupSeconds,
            ticks.Measure("pm_engine_tick", tickRuns),
            trades.Measure("pm_engine_trade", tradeRuns),
            venue.State.ComputeStateHash().Root.ToString());
    }

    /// <summary>Index quotes alternating +1% and back, each a second after the command before it; returns their median time in seconds.</summary>
    private static double Ticks(PortfolioVenue venue, byte[][] quotes, int count, Samples samples)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = samples.Timed(venue, quotes[samples.Count % 2], elapsedMicros: 1_000_000);
        }

        return RiskBenchResult.Median(times);
    }

    /// <summary>
    /// Trades of one lot of an option the trader holds, a buy then a sell back by each trader in turn, each against a
    /// market-maker order rested just before (not timed); returns their median time in seconds.
    /// </summary>
    private static double Trades(PortfolioVenue venue, int count, Samples samples)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var trader = samples.Count / 2 % venue.Traders;
            var side = samples.Count % 2 == 0 ? Side.Buy : Side.Sell;
            times[i] = samples.Timed(venue, venue.RestAgainst(trader, venue.HeldOption(trader), side, lots: 1), elapsedMicros: 1);
        }

        return RiskBenchResult.Median(times);
    }

    /// <summary>Every timed command of one measure: times, the portfolio-margin changes they emitted and what they allocated.</summary>
    private sealed class Samples
    {
        private readonly List<double> _seconds = [];
        private long _events;
        private long _allocated;

        public int Count => _seconds.Count;

        /// <summary>Applies one command, timed; returns its time in seconds.</summary>
        public double Timed(PortfolioVenue venue, ReadOnlySpan<byte> command, long elapsedMicros)
        {
            var events = venue.Sink.PortfolioChanges;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            venue.Apply(command, elapsedMicros);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            _allocated += GC.GetAllocatedBytesForCurrentThread() - allocated;
            _events += venue.Sink.PortfolioChanges - events;
            _seconds.Add(seconds);
            return seconds;
        }

        public PortfolioEngineMeasure Measure(string name, List<double> runs) =>
            new(name, Count, runs, _seconds.Min(), _seconds.Max(), _events / (double)Count, _allocated / (double)Count);
    }
}
