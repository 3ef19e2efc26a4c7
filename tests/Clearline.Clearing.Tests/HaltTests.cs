using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Clearing.Tests;

/// <summary>The circuit breaker on <c>BTC_USDC-PERPETUAL</c> (10% within 60 s: halt 30 s, then 30 s reduce-only) and the platform-wide halt.</summary>
public sealed class HaltTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void A_fast_move_halts_the_instrument_which_resumes_reduce_only_after_the_cool_down_then_opens()
    {
        var venue = new Venue(breaker: new CircuitBreakerConfig(100_000, 60 * Second, 30 * Second, 30 * Second));
        venue.Quote(50_000m);
        venue.Deposit(1, Venue.Usdc, 1_000_000_000_000, 1);
        venue.Deposit(2, Venue.Usdc, 1_000_000_000_000, 1);
        venue.Deposit(1, Venue.Btc, 100_000_000, 2);
        venue.Order(Venue.Linear, 1, 1, Side.Buy, 50_000m, 10).AssertAccepted();
        venue.Order(Venue.Linear, 2, 2, Side.Sell, 50_000m, 10).AssertAccepted();

        // 9% in 40 s: within the limit.
        venue.Now += 40 * Second;
        Assert.Empty(venue.Quote(45_500m).OfType<TradingPhaseChanged>());

        // A further fall to 44,900 within the window: 50,000 / 44,900 is more than 10%.
        venue.Now += 10 * Second;
        Assert.Equal([new TradingPhaseChanged(Venue.Linear, TradingPhase.Halted)], venue.Quote(44_900m).OfType<TradingPhaseChanged>());
        venue.Order(Venue.Linear, 3, 1, Side.Sell, 44_900m, 5).AssertRejected(RejectReason.TradingHalted);
        venue.Order(Venue.Inverse, 4, 1, Side.Buy, 44_900m, 5).AssertAccepted(); // the inverse market has no breaker and trades on
        Assert.Equal(TradingPhase.Open, venue.House.PhaseOf(Venue.Inverse));

        // After 30 s: reduce-only. The long may sell; nobody may add.
        venue.Now += 30 * Second;
        Assert.Equal([new TradingPhaseChanged(Venue.Linear, TradingPhase.ReduceOnly)], venue.Quote(44_900m).OfType<TradingPhaseChanged>());
        venue.Order(Venue.Linear, 5, 1, Side.Buy, 44_900m, 5).AssertRejected(RejectReason.ReduceOnly);
        venue.Order(Venue.Linear, 6, 1, Side.Sell, 45_000m, 5).AssertAccepted();

        venue.Now += 30 * Second;
        Assert.Equal([new TradingPhaseChanged(Venue.Linear, TradingPhase.Open)], venue.Quote(44_900m).OfType<TradingPhaseChanged>());
        venue.Order(Venue.Linear, 7, 1, Side.Buy, 44_000m, 5).AssertAccepted();
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void The_platform_halt_refuses_orders_everywhere_keeps_cancels_and_is_released_by_command()
    {
        var venue = new Venue();
        venue.Quote(50_000m);
        venue.Deposit(1, Venue.Btc, 100_000_000, 1);
        venue.Order(Venue.Inverse, 1, 1, Side.Buy, 49_000m, 10).AssertAccepted();

        var halt = venue.Halt(true);
        Assert.Equal(Venue.Markets.Count, halt.OfType<TradingPhaseChanged>().Count(p => p.Phase == TradingPhase.Halted));
        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 49_000m, 10).AssertRejected(RejectReason.TradingHalted);
        venue.Amend(Venue.Inverse, 1, 1, 48_000m, 10).AssertRejected(RejectReason.TradingHalted);
        venue.Cancel(Venue.Inverse, 1, 1).AssertAccepted();
        Assert.True(venue.House.CaptureState().TradingHalted);

        Assert.Equal(Venue.Markets.Count, venue.Halt(false).OfType<TradingPhaseChanged>().Count(p => p.Phase == TradingPhase.Open));
        venue.Order(Venue.Inverse, 3, 1, Side.Buy, 49_000m, 10).AssertAccepted();
    }
}
