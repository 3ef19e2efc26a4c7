using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Risk.Funding;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Funding on the venue: continuous on <c>BTC-PERPETUAL</c>, every minute on <c>BTC_USDC-PERPETUAL</c>. A book quoted
/// 1% above the index pulls the mark up, so longs pay shorts.
/// </summary>
public sealed class FundingTests
{
    private const long OneBtc = 100_000_000;

    [Fact]
    public void A_position_pays_what_the_index_moved_while_it_was_held_booked_when_it_changes_and_the_pool_keeps_the_sum_at_zero()
    {
        var venue = new Venue(funding: true);
        venue.Quote(50_000m);
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.Deposit(3, Venue.Btc, OneBtc, 1);
        venue.Order(Venue.Inverse, 1, 2, Side.Sell, 50_000m, 1_000).AssertAccepted();
        venue.Order(Venue.Inverse, 2, 1, Side.Buy, 50_000m, 1_000).AssertAccepted();
        var entry = venue.House.FundingOf(Venue.Inverse)!.Value.Index;
        venue.Order(Venue.Inverse, 3, 3, Side.Buy, 50_490m, 10).AssertAccepted();
        venue.Order(Venue.Inverse, 4, 3, Side.Sell, 50_510m, 10).AssertAccepted();

        var marks = new List<MarkPriceChanged>();
        for (var minute = 0; minute < 60; minute++)
        {
            venue.Now += 60_000_000;
            marks.AddRange(venue.Quote(50_000m).OfType<MarkPriceChanged>());
        }

        var (rate, index) = venue.House.FundingOf(Venue.Inverse)!.Value;
        Assert.True(rate > FundingRate.Zero, $"a mark above the index makes longs pay, not {rate}");
        Assert.Equal(rate.Ppb, marks.Last(m => m.Instrument == Venue.Inverse).FundingRatePpb); // what the API shows as current_funding
        Assert.All(marks.Where(m => m.Instrument == Venue.Future), m => Assert.Null(m.FundingRatePpb));
        Assert.True(index.Value > entry.Value);

        // Accrued funding is in the margin balance before it is booked.
        var longOwes = index.CreditSince(entry, 1_000);
        var shortGets = index.CreditSince(entry, -1_000);
        Assert.True(longOwes < Money.Zero && shortGets > Money.Zero);
        Assert.InRange((longOwes + shortGets).Units, -1, 0);
        var unrealisedAtMark = venue.House.PositionOf(new AccountId(1), Venue.Inverse).Unrealised(ContractTerms(venue), venue.House.PricesOf(Venue.Inverse).Mark);
        Assert.Equal(unrealisedAtMark + longOwes, venue.Margin(1, Venue.Btc).Unrealised);

        // Closing books it: the long pays, the short receives, the pool holds the rounding.
        venue.Order(Venue.Inverse, 5, 2, Side.Buy, 50_000m, 1_000).AssertAccepted();
        var events = venue.Order(Venue.Inverse, 6, 1, Side.Sell, 50_000m, 1_000);
        var funding = events.OfType<BalanceChanged>().Where(b => b.Reason == BalanceChangeReason.Funding).ToDictionary(b => b.Account.Value, b => b.Change);
        Assert.Equal(longOwes, funding[1]);
        Assert.Equal(shortGets, funding[2]);
        Assert.All(events.OfType<BalanceChanged>().Where(b => b.Reason is BalanceChangeReason.Funding or BalanceChangeReason.RealisedPnl), b => Assert.Equal(Venue.Inverse, b.Market));
        Assert.Equal(-(longOwes + shortGets), venue.House.Ledger(Venue.Btc).FundingPool);
        Assert.Equal(0, venue.Position(1, Venue.Inverse));
        InvariantTests.AssertInvariants(venue);
    }

    [Fact]
    public void Discrete_funding_moves_the_index_only_at_its_timestamps()
    {
        var venue = new Venue(funding: true);
        venue.Now = Venue.DiscreteFundingInterval * 30_000_000; // on a funding timestamp
        venue.Quote(50_000m);
        venue.Deposit(3, Venue.Usdc, 1_000_000_000_000, 1);
        venue.Order(Venue.Linear, 1, 3, Side.Buy, 50_490m, 10).AssertAccepted();
        venue.Order(Venue.Linear, 2, 3, Side.Sell, 50_510m, 10).AssertAccepted();

        var indices = new List<FundingIndex>();
        for (var second = 10; second <= 180; second += 10)
        {
            venue.Now += 10_000_000;
            venue.Quote(50_000m);
            indices.Add(venue.House.FundingOf(Venue.Linear)!.Value.Index);
        }

        // Samples at 10 s … 180 s: the index jumps at the quotes stamped 60 s, 120 s and 180 s, and holds in between.
        var jumps = indices.Zip(indices.Skip(1), (a, b) => a != b).Select((moved, i) => (moved, second: (i + 2) * 10)).Where(x => x.moved).Select(x => x.second);
        Assert.Equal([60, 120, 180], jumps);
    }

    [Fact]
    public void Funding_is_refused_for_a_market_configured_for_both_kinds()
    {
        var venue = new Venue(funding: true);
        var both = venue.Config with
        {
            Markets = [venue.Config.Markets[0] with { DiscreteFunding = DiscreteFundingConfig.Default }, venue.Config.Markets[1]],
        };
        Assert.Throws<ArgumentException>(() => new Engine.EngineState(Venue.Markets, clearing: both));
    }

    private static Risk.Positions.ContractTerms ContractTerms(Venue venue) =>
        Risk.Positions.ContractTerms.From(Venue.Markets[0], venue.Config.Currencies);
}
