using Clearline.Domain.Clearing;
using Clearline.Risk;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Clearing.Tests;

/// <summary>The breaker's running extremes against a plain scan of its window, over random marks and gaps.</summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public void The_phases_match_a_breaker_that_scans_its_whole_window_and_survive_a_restore() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000).WithQuietOnSuccess(true), Prop.ForAll(
            // Some streams move little with short gaps, so the window holds many marks; others halt often. Gaps are
            // whole milliseconds, so marks often sit exactly on the window's edge.
            (from spread in Gen.Choose(100, 1_000)
             from maxGap in Gen.Choose(1, 20)
             from steps in Gen.ListOf(Gen.Zip(Gen.Choose(0, maxGap).Select(g => g * 1_000), Gen.Choose(10_000 - spread, 10_000 + spread)))
             select steps.ToArray()).ToArbitrary(),
            Gen.Choose(1, 120_000).ToArbitrary(),
            (steps, restoreAt) =>
            {
                var config = new CircuitBreakerConfig(movePpm: 50_000, windowMicros: 60_000, haltMicros: 30_000, reduceOnlyMicros: 10_000);
                var breaker = new CircuitBreaker(config);
                var reference = new ScanningBreaker(config);
                var now = 0L;
                foreach (var (gap, mark) in steps)
                {
                    now += gap;
                    if (now >= restoreAt)
                    {
                        var restored = new CircuitBreaker(config);
                        restored.Restore(breaker.Capture());
                        (breaker, restoreAt) = (restored, int.MaxValue);
                    }

                    if (breaker.Observe(now, new QuotePrice(mark)) != reference.Observe(now, mark) || breaker.Phase != reference.Phase)
                    {
                        return false;
                    }
                }

                return breaker.Capture() == new CircuitBreakerState(reference.Window, reference.Phase, reference.PhaseEnds);
            }));

    /// <summary>The rule as written: the highest and lowest mark of the window, found by looking at every sample.</summary>
    private sealed class ScanningBreaker(CircuitBreakerConfig config)
    {
        public List<(long Micros, long MarkE8)> Window { get; } = [];

        public TradingPhase Phase { get; private set; }

        public long PhaseEnds { get; private set; }

        public bool Observe(long now, long mark)
        {
            var before = Phase;
            while (Phase != TradingPhase.Open && now >= PhaseEnds)
            {
                (Phase, PhaseEnds) = Phase == TradingPhase.Halted ? (TradingPhase.ReduceOnly, PhaseEnds + config.ReduceOnlyMicros) : (TradingPhase.Open, 0);
            }

            Window.RemoveAll(s => now - s.Micros > config.WindowMicros);
            Window.Add((now, mark));
            var (low, high) = (Window.Min(s => s.MarkE8), Window.Max(s => s.MarkE8));
            if (Phase != TradingPhase.Halted && (high - low) * 1_000_000 > low * config.MovePpm)
            {
                (Phase, PhaseEnds) = (TradingPhase.Halted, now + config.HaltMicros);
                Window.Clear();
                Window.Add((now, mark));
            }

            return Phase != before;
        }
    }
}
