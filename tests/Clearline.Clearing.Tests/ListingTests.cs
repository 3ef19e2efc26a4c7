using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Engine.Storage;
using Clearline.Options.Pricing;
using Clearline.Risk;
using Clearline.Sequencing.Codecs;
using Clearline.Testing;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Listing and delisting options by command (docs/options.md, "Listing and delisting"): a listed option takes its
/// terms from the configured template of its index and settlement, joins an expiry group or opens one, is marked,
/// traded, snapshotted, replayed and settled as a configured option is; a delisted one takes no orders.
/// </summary>
public sealed class ListingTests
{
    private const long OneBtc = 100_000_000;
    private const long Minute = 60_000_000;
    private const double YearMicros = 365.0 * 86_400_000_000.0;
    private static readonly DateOnly Expiry = new(2023, 11, 15);
    private static readonly DateOnly NewExpiry = new(2023, 11, 17);

    [Fact]
    public void A_listed_option_is_marked_traded_restored_and_settled_like_a_configured_one()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();

        // Into the existing expiry (it has a surface and a future): the next free id, the template's terms, marked at once.
        var listed = venue.ListOption(Expiry, 37_000m, OptionType.Call);
        var call = new InstrumentId(13);
        Assert.Equal(new OptionListed(call, new ListOption(Venue.BtcUsd, Venue.ExpiryMs(Expiry), 37_000 * QuotePrice.Scale, OptionType.Call, SettlementType.Inverse)), listed.OfType<OptionListed>().Single());
        var spec = venue.State.Markets[^1];
        var template = venue.State.Markets.Single(m => m.Id == Venue.Call);
        Assert.Equal((call, "BTC-15NOV23-37000-C"), (spec.Id, spec.Name.ToString()));
        Assert.Equal((template.Ticks, template.LotSize, template.MaxOrderQuantity, template.MaxPrice, template.SettlementCurrency), (spec.Ticks, spec.LotSize, spec.MaxOrderQuantity, spec.MaxPrice, spec.SettlementCurrency));
        var mark = (long)Math.Ceiling(Black76.Price(OptionType.Call, 36_000, 37_000, (Venue.FutureExpiry - venue.Now) / YearMicros, 0.5, 0) / 36_000 * 1e8);
        Assert.Equal(mark, venue.House.PricesOf(call).Mark.E8);
        Assert.Equal(mark, listed.OfType<MarkPriceChanged>().Single().MarkE8);

        // A new expiry: its own group, no mark until its surface is set.
        var put = new InstrumentId(14);
        venue.ListOption(NewExpiry, 36_000m, OptionType.Put).AssertAccepted();
        Assert.Equal("BTC-17NOV23-36000-P", venue.State.Markets[^1].Name.ToString());
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.OptionOrder(put, 1, 1, Side.Buy, 0.02m, 10).AssertRejected(RejectReason.NoVolatilitySurface);
        venue.FlatSurface(NewExpiry, 0.6).AssertAccepted();
        var years = ((Venue.ExpiryMs(NewExpiry) * 1_000) - venue.Now) / YearMicros;
        Assert.Equal((long)Math.Ceiling(Black76.Price(OptionType.Put, 36_000, 36_000, years, 0.6, 0) / 36_000 * 1e8), venue.House.PricesOf(put).Mark.E8);

        // Traded: the premium is paid at once, as for a configured option.
        venue.OptionOrder(put, 1, 1, Side.Sell, 0.05m, 10).AssertAccepted();
        var trade = venue.OptionOrder(put, 2, 2, Side.Buy, 0.05m, 10);
        Assert.Single(trade.OfType<Trade>());
        Assert.Equal((OneBtc + 5_000_000, OneBtc - 5_000_000), (venue.Balance(1, Venue.Btc).Units, venue.Balance(2, Venue.Btc).Units));
        venue.OptionOrder(call, 3, 1, Side.Sell, 0.02m, 5).AssertAccepted();
        InvariantTests.AssertInvariants(venue);
        AssertRestores(venue);

        // The 15 November expiry comes: the listed call is delivered with the configured options and the future.
        for (var minute = -29; minute <= 1; minute++)
        {
            venue.Now = Venue.FutureExpiry + (minute * Minute);
            venue.Quote(36_000m);
        }

        Assert.Equal(TradingPhase.Delivered, venue.House.PhaseOf(call));
        venue.OptionOrder(call, 4, 1, Side.Sell, 0.02m, 5).AssertRejected(RejectReason.InstrumentExpired);

        // Then the 17 November one, at 35,000 over the window: the listed put settles in cash at (36,000 − 35,000) / 35,000 per BTC.
        var expiry = Venue.ExpiryMs(NewExpiry) * 1_000;
        for (var minute = -31; minute <= 1; minute++)
        {
            venue.Now = expiry + (minute * Minute);
            venue.Quote(35_000m);
        }

        Assert.Equal(TradingPhase.Delivered, venue.House.PhaseOf(put));
        Assert.Equal((0L, 0L), (venue.Position(1, put), venue.Position(2, put)));
        var payoff = 1_000 * OneBtc / 35_000; // 1 BTC of underlying, rounded down to the satoshi
        Assert.Equal((OneBtc + 5_000_000 - payoff, OneBtc - 5_000_000 + payoff), (venue.Balance(1, Venue.Btc).Units, venue.Balance(2, Venue.Btc).Units));
        InvariantTests.AssertInvariants(venue);
        AssertRestores(venue);
    }

    [Fact]
    public void Bad_listings_are_refused_and_change_nothing()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);
        var before = CollateralTests.StateWithoutSequence(venue);
        var expiry = Venue.ExpiryMs(NewExpiry);
        var good = new ListOption(Venue.BtcUsd, expiry, 40_000 * QuotePrice.Scale, OptionType.Call, SettlementType.Inverse);

        venue.ListOption(Expiry, 35_000m, OptionType.Call).AssertRejected(RejectReason.DuplicateInstrument);
        venue.ListOption(new DateOnly(2023, 11, 16), 35_000m, OptionType.Call, SettlementType.Linear).AssertRejected(RejectReason.DuplicateInstrument);
        venue.ListOption(good with { ExpiryTimestampMs = expiry + 1 }).AssertRejected(RejectReason.InvalidExpiry);
        venue.ListOption(good with { ExpiryTimestampMs = expiry - (3_600_000 * 24 * 3) }).AssertRejected(RejectReason.InvalidExpiry); // 14 November: gone
        venue.ListOption(good with { ExpiryTimestampMs = Venue.ExpiryMs(new DateOnly(2100, 1, 1)) }).AssertRejected(RejectReason.InvalidExpiry); // no two-digit year
        venue.ListOption(good with { Index = new IndexId(3) }).AssertRejected(RejectReason.UnknownIndex);
        venue.ListOption(good with { StrikeE8 = 0 }).AssertRejected(RejectReason.InvalidStrike);
        venue.ListOption(good with { StrikeE8 = -QuotePrice.Scale }).AssertRejected(RejectReason.InvalidStrike);
        venue.ListOption(good with { StrikeE8 = OptionListing.MaxStrikeE8 + 1 }).AssertRejected(RejectReason.InvalidStrike);
        venue.ListOption(good with { Type = (OptionType)2 }).AssertRejected(RejectReason.InvalidOptionType);
        venue.ListOption(good with { Settlement = (SettlementType)2 }).AssertRejected(RejectReason.InvalidOptionType);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));
        Assert.Equal(6, venue.State.Markets.Count);

        // No configured option on the index: nothing to take the terms from.
        var futuresOnly = new Venue() { Now = venue.Now };
        futuresOnly.ListOption(good).AssertRejected(RejectReason.NoListingTemplate);

        // A bare matching engine has no clearing, and so no index to list on.
        var bare = new EngineState(Venue.Markets);
        var sink = new RecordingSink([]);
        var bytes = new byte[CommandCodec.MaxSize];
        bare.Apply(1, venue.Now, bytes.AsSpan(0, CommandCodec.Encode(good, bytes)), ref sink);
        Assert.Equal(RejectReason.ClearingDisabled, sink.Events.OfType<CommandRejected>().Single().Reason);
        Assert.Equal(3, bare.Markets.Count);

        // A linear listing takes the linear template: USDC premium on its tick schedule.
        venue.ListOption(good with { Settlement = SettlementType.Linear }).AssertAccepted();
        var linear = venue.State.Markets[^1];
        Assert.Equal(("BTC_USDC-17NOV23-40000-C", "USDC", 0.5m), (linear.Name.ToString(), linear.SettlementCurrency, linear.Ticks.TickSize));
    }

    [Fact]
    public void Delisting_is_refused_with_open_interest_and_otherwise_cancels_the_orders_and_closes_the_option()
    {
        var venue = new Venue(options: true) { Now = Venue.FutureExpiry - (120 * Minute) };
        venue.Quote(36_000m);
        venue.FlatSurface(Expiry, 0.5).AssertAccepted();
        venue.Deposit(1, Venue.Btc, OneBtc, 1);
        venue.Deposit(2, Venue.Btc, OneBtc, 1);
        venue.ListOption(Expiry, 38_000m, OptionType.Call).AssertAccepted();
        var listed = new InstrumentId(13);

        // Open interest in the configured call: refused, nothing changes.
        venue.OptionOrder(Venue.Call, 1, 1, Side.Sell, 0.03m, 10).AssertAccepted();
        venue.OptionOrder(Venue.Call, 2, 2, Side.Buy, 0.03m, 10).AssertAccepted();
        var before = CollateralTests.StateWithoutSequence(venue);
        venue.DelistOption(Venue.Call).AssertRejected(RejectReason.OpenInterest);
        venue.DelistOption(Venue.Future).AssertRejected(RejectReason.NotListedOption);
        venue.DelistOption(new InstrumentId(99)).AssertRejected(RejectReason.NotListedOption);
        Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));

        // Only resting orders in the listed call: they are cancelled, the reservations released, the option closed.
        venue.OptionOrder(listed, 3, 1, Side.Sell, 0.01m, 5).AssertAccepted();
        venue.OptionOrder(listed, 4, 2, Side.Buy, 0.005m, 5).AssertAccepted();
        var delisted = venue.DelistOption(listed);
        Assert.Equal([3L, 4L], delisted.OfType<OrderCancelled>().Select(c => c.Order.Value).Order());
        Assert.Equal(new TradingPhaseChanged(listed, TradingPhase.Delisted), delisted.OfType<TradingPhaseChanged>().Single());
        Assert.Equal(TradingPhase.Delisted, venue.House.PhaseOf(listed));
        Assert.Equal(0, venue.Margin(2, Venue.Btc).OrdersInitial.Units);
        venue.OptionOrder(listed, 5, 1, Side.Sell, 0.01m, 5).AssertRejected(RejectReason.InstrumentDelisted);
        venue.DelistOption(listed).AssertRejected(RejectReason.NotListedOption);
        venue.ListOption(Expiry, 38_000m, OptionType.Call).AssertRejected(RejectReason.DuplicateInstrument);

        // Its mark stays where it was; repricing and delivery pass it by, and the state restores and replays.
        var mark = venue.House.PricesOf(listed).Mark;
        venue.Now += Minute;
        venue.Quote(37_000m);
        Assert.Equal(mark, venue.House.PricesOf(listed).Mark);
        InvariantTests.AssertInvariants(venue);
        AssertRestores(venue);
        for (var minute = -29; minute <= 1; minute++)
        {
            venue.Now = Venue.FutureExpiry + (minute * Minute);
            venue.Quote(36_000m);
        }

        Assert.Equal((TradingPhase.Delivered, TradingPhase.Delisted), (venue.House.PhaseOf(Venue.Call), venue.House.PhaseOf(listed)));
        AssertRestores(venue);
    }

    /// <summary>The snapshot decodes under the configured markets alone, and a full replay reaches the same state.</summary>
    private static void AssertRestores(Venue venue)
    {
        var decoded = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), venue.Listed, clearing: venue.Config);
        Assert.Equal(venue.House.CaptureState(), decoded.Clearing!.CaptureState());
        Assert.Equal(venue.State.ComputeStateHash().Root, decoded.ComputeStateHash().Root);
        Assert.Equal(venue.State.Markets, decoded.Markets);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
        Assert.Equal(venue.State.ComputeStateHash().Root, new CapturedState(venue.State).Rebuild().ComputeStateHash().Root); // the pipeline's snapshot path
    }
}
