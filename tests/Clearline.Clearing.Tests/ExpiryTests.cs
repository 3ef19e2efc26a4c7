using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Risk;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Delivery of the dated future <c>BTC-15NOV23</c> (inverse, 10 USD lots) at the time-weighted average of the index
/// over the 30 minutes before its expiry, 08:00 UTC. The index is quoted once a minute, so it is held a minute at a time.
/// </summary>
public sealed class ExpiryTests
{
    private const long OneBtc = 100_000_000;
    private const long Minute = 60_000_000;

    [Fact]
    public void A_future_is_delivered_at_the_average_index_of_its_last_30_minutes_closing_every_position_and_order()
    {
        var venue = new Venue { Now = Venue.FutureExpiry - (40 * Minute) };
        venue.Quote(50_000m);
        for (var account = 1; account <= 3; account++)
        {
            venue.Deposit(account, Venue.Btc, OneBtc, 1);
        }

        venue.Order(Venue.Future, 1, 2, Side.Sell, 50_000m, 1_500).AssertAccepted();
        venue.Order(Venue.Future, 2, 1, Side.Buy, 50_000m, 1_000).AssertAccepted();
        venue.Order(Venue.Future, 3, 3, Side.Buy, 50_000m, 500).AssertAccepted();
        venue.Order(Venue.Future, 4, 3, Side.Buy, 45_000m, 20).AssertAccepted();

        // 50,000 held over the window's first 10 minutes, 52,000 over the next 15 and 60,000 over the last 5.
        for (var minute = -39; minute <= -1; minute++)
        {
            venue.Now = Venue.FutureExpiry + (minute * Minute);
            venue.Quote(minute < -20 ? 50_000m : minute < -5 ? 52_000m : 60_000m);
        }

        // Past expiry, the future takes no orders even before the price update that delivers it; the refusal changes nothing.
        venue.Now = Venue.FutureExpiry + 500_000;
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.Order(Venue.Future, 5, 1, Side.Sell, 60_000m, 10).AssertRejected(RejectReason.InstrumentExpired);
        venue.Amend(Venue.Future, 4, 3, 46_000m, 20).AssertRejected(RejectReason.InstrumentExpired);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        venue.Now = Venue.FutureExpiry + 1_000_000;
        var balances = Enumerable.Range(1, 3).Select(a => venue.Balance(a, Venue.Btc)).ToArray();
        var events = venue.Tick();

        // (50,000 × 10 + 52,000 × 15 + 60,000 × 5) / 30 = 52,666.666…, rounded to 10⁻⁸.
        var delivery = new QuotePrice(5_266_666_666_667);
        Assert.Contains(new TradingPhaseChanged(Venue.Future, TradingPhase.Delivered, delivery.E8), events);
        Assert.Equal(delivery.E8, events.OfType<MarkPriceChanged>().Single(m => m.Instrument == Venue.Future).MarkE8);
        Assert.Equal(new OrderId(4), events.OfType<OrderCancelled>().Single().Order);
        Assert.Equal([0L, 0L, 0L], Enumerable.Range(1, 3).Select(a => venue.Position(a, Venue.Future)));
        Assert.Equal((delivery, TradingPhase.Delivered), (venue.House.PricesOf(Venue.Future).Mark, venue.House.PhaseOf(Venue.Future)));

        // Inverse PnL, Q × (1/entry − 1/delivery) in BTC, rounded down to the satoshi: the longs gain, the short loses.
        // The short closes against each long in turn, each part rounded down on its own: within a satoshi of the whole.
        var pnl = events.OfType<BalanceChanged>().Where(b => b.Reason == BalanceChangeReason.RealisedPnl)
            .GroupBy(b => b.Account.Value).ToDictionary(g => g.Key, g => g.Sum(b => b.Change.Units));
        Assert.Equal(InversePnl(10_000m, 52_666.66666667m), pnl[1]);
        Assert.Equal(InversePnl(5_000m, 52_666.66666667m), pnl[3]);
        Assert.InRange(pnl[2], InversePnl(-15_000m, 52_666.66666667m) - 1, InversePnl(-15_000m, 52_666.66666667m));
        Assert.Equal(balances.Select((b, i) => b.Units + pnl[i + 1]), Enumerable.Range(1, 3).Select(a => venue.Balance(a, Venue.Btc).Units));

        // Delivered for good: no orders, and later prices leave its mark alone.
        venue.Order(Venue.Future, 6, 1, Side.Buy, 50_000m, 10).AssertRejected(RejectReason.InstrumentExpired);
        venue.Now += Minute;
        venue.Quote(70_000m);
        Assert.Equal(delivery, venue.House.PricesOf(Venue.Future).Mark);
        Assert.Empty(venue.Tick().OfType<TradingPhaseChanged>());

        InvariantTests.AssertInvariants(venue);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
    }

    [Fact]
    public void Time_without_a_valid_index_is_left_out_of_the_average()
    {
        // One source that goes stale 10 s after its last quote: from 15 minutes before expiry the ticks find no index.
        var venue = new Venue { Now = Venue.FutureExpiry - (31 * Minute) };
        for (var minute = -30; minute <= -16; minute++)
        {
            venue.Now = Venue.FutureExpiry + (minute * Minute);
            venue.Quote(minute < -20 ? 50_000m : 54_000m);
        }

        for (var minute = -15; minute <= 0; minute++)
        {
            venue.Now = Venue.FutureExpiry + (minute * Minute);
            venue.Tick();
        }

        // (50,000 × 10 + 54,000 × 5) / 15; counting the silence at the last value would give 52,000.
        Assert.Equal(new QuotePrice(5_133_333_333_333), venue.House.PricesOf(Venue.Future).Mark);
        Assert.Equal(TradingPhase.Delivered, venue.House.PhaseOf(Venue.Future));
    }

    [Fact]
    public void With_no_valid_index_in_the_whole_window_the_future_is_delivered_at_its_last_mark()
    {
        var venue = new Venue { Now = Venue.FutureExpiry - (40 * Minute) };
        venue.Quote(50_000m);
        venue.Now += Minute;
        venue.Tick();
        var lastMark = venue.House.PricesOf(Venue.Future).Mark;
        Assert.Null(venue.House.PricesOf(Venue.Future).Index);

        venue.Now = Venue.FutureExpiry;
        var events = venue.Tick();
        Assert.Contains(new TradingPhaseChanged(Venue.Future, TradingPhase.Delivered, lastMark.E8), events);
        Assert.Equal(lastMark, venue.House.PricesOf(Venue.Future).Mark);
    }

    [Fact]
    public void A_platform_halt_neither_stops_delivery_nor_reopens_a_delivered_future()
    {
        var venue = new Venue { Now = Venue.FutureExpiry - Minute };
        venue.Quote(50_000m);
        venue.Halt(true);
        venue.Now = Venue.FutureExpiry;
        venue.Quote(50_000m);
        Assert.Equal(TradingPhase.Delivered, venue.House.PhaseOf(Venue.Future));

        var released = venue.Halt(false).OfType<TradingPhaseChanged>().ToList();
        Assert.DoesNotContain(released, p => p.Instrument == Venue.Future);
        Assert.Equal(TradingPhase.Open, venue.House.PhaseOf(Venue.Inverse));
        Assert.Equal(TradingPhase.Delivered, venue.House.PhaseOf(Venue.Future));
    }

    /// <summary>An inverse position of <paramref name="usd"/> (signed) opened at 50,000 and closed at <paramref name="delivery"/>, in satoshi rounded down.</summary>
    private static long InversePnl(decimal usd, decimal delivery) => (long)decimal.Floor(usd * ((1m / 50_000m) - (1m / delivery)) * OneBtc);
}
