using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Testing;
using static Clearline.Matching.Tests.Rules.B;

namespace Clearline.Matching.Tests.Rules;

/// <summary>Routing and cross-instrument cancel-all through the fast books' <see cref="MatchingEngine"/>.</summary>
public sealed class MatchingEngineTests
{
    private static readonly InstrumentId Plain = Instruments.Plain.Id;       // 7
    private static readonly InstrumentId Stepped = Instruments.Stepped.Id;   // 3
    private static readonly InstrumentId Dense = Instruments.DenseSteps.Id;  // 12

    [Fact]
    public void Cancel_all_across_instruments_visits_books_in_ascending_instrument_id()
    {
        var engine = new MatchingEngine([Instruments.DenseSteps, Instruments.Plain, Instruments.Stepped], 100);
        var events = new List<object>();
        var sink = new RecordingSink(events);
        Assert.True(engine.Submit(Limit(5, 1, Buy, 8, 2, instrument: Dense), ref sink));
        Assert.True(engine.Submit(Limit(1, 1, Sell, 12, 1, instrument: Plain), ref sink));
        Assert.True(engine.Submit(Limit(9, 1, Buy, 95, 3, instrument: Stepped), ref sink));
        Assert.True(engine.Submit(Limit(2, 1, Buy, 10, 4, instrument: Plain), ref sink));
        Assert.True(engine.Submit(Limit(3, 2, Buy, 10, 1, instrument: Plain), ref sink));
        events.Clear();

        Assert.Equal(4, engine.CancelAll(new CancelAllOrders(new AccountId(1)), ref sink));

        Assert.Equal(
            [
                new OrderCancelled(Stepped, new(9), new(1), Buy, new(95), new(3), Quantity.Zero, CancelReason.CancelAll),
                Level(Buy, 95, 0, 0, Stepped),
                new OrderCancelled(Plain, new(1), new(1), Sell, new(12), new(1), Quantity.Zero, CancelReason.CancelAll),
                Level(Sell, 12, 0, 0, Plain),
                new OrderCancelled(Plain, new(2), new(1), Buy, new(10), new(4), Quantity.Zero, CancelReason.CancelAll),
                Level(Buy, 10, 1, 1, Plain),
                new OrderCancelled(Dense, new(5), new(1), Buy, new(8), new(2), Quantity.Zero, CancelReason.CancelAll),
                Level(Buy, 8, 0, 0, Dense),
            ],
            events);
        Assert.True(engine.TryGetBook(Plain, out var plain));
        Assert.Equal(1, plain.OrderCount);
    }

    [Fact]
    public void A_listed_instrument_gets_an_empty_book_above_every_id_and_the_others_keep_theirs()
    {
        var engine = new MatchingEngine([Instruments.Plain, Instruments.Stepped], 100);
        var events = new List<object>();
        var sink = new RecordingSink(events);
        Assert.True(engine.Submit(Limit(1, 1, Buy, 10, 4, instrument: Plain), ref sink));

        var book = engine.List(Instruments.DenseSteps);
        Assert.True(engine.TryGetBook(Dense, out var found));
        Assert.Same(book, found);
        Assert.True(engine.Submit(Limit(1, 1, Buy, 8, 2, instrument: Dense), ref sink));
        Assert.True(engine.TryGetBook(Plain, out var plain));
        Assert.Equal(1, plain.OrderCount);
        Assert.Equal(2, engine.CancelAll(new CancelAllOrders(new AccountId(1)), ref sink));

        // Ids are dense array indices handed out upwards: one at or below the highest is refused.
        Assert.Throws<ArgumentException>(() => engine.List(Instruments.Stepped));
        Assert.Throws<ArgumentException>(() => engine.List(TestMarkets.Perpetual(MatchingEngine.MaxInstrumentIds)));
    }

    [Fact]
    public void Cancel_all_on_one_instrument_touches_only_that_book()
    {
        var engine = new MatchingEngine([Instruments.Plain, Instruments.Stepped], 100);
        var events = new List<object>();
        var sink = new RecordingSink(events);
        engine.Submit(Limit(1, 1, Buy, 95, 3, instrument: Stepped), ref sink);
        engine.Submit(Limit(2, 1, Buy, 10, 4, instrument: Plain), ref sink);
        events.Clear();

        Assert.Equal(1, engine.CancelAll(new CancelAllOrders(new AccountId(1), Plain), ref sink));
        Assert.Equal([new OrderCancelled(Plain, new(2), new(1), Buy, new(10), new(4), Quantity.Zero, CancelReason.CancelAll), Level(Buy, 10, 0, 0, Plain)], events);
        Assert.True(engine.TryGetBook(Stepped, out var stepped));
        Assert.Equal(1, stepped.OrderCount);
    }

    [Fact]
    public void Commands_for_an_unlisted_instrument_are_rejected_with_that_instrument()
    {
        var engine = new MatchingEngine([Instruments.Plain], 100);
        var events = new List<object>();
        var sink = new RecordingSink(events);
        var unknown = new InstrumentId(4);
        Assert.False(engine.Submit(Limit(1, 1, Buy, 10, 1, instrument: unknown), ref sink));
        Assert.False(engine.Amend(Amend(1, 1, 10, instrument: unknown), ref sink));
        Assert.False(engine.Cancel(Cancel(1, 1, unknown), ref sink));
        Assert.Equal(0, engine.CancelAll(new CancelAllOrders(new AccountId(1), new InstrumentId(99)), ref sink));
        Assert.Equal(
            [
                Rejected(CommandKind.NewOrder, 1, 1, RejectReason.UnknownInstrument, unknown),
                Rejected(CommandKind.AmendOrder, 1, 1, RejectReason.UnknownInstrument, unknown),
                Rejected(CommandKind.CancelOrder, 1, 1, RejectReason.UnknownInstrument, unknown),
                Rejected(CommandKind.CancelAllOrders, 0, 1, RejectReason.UnknownInstrument, new InstrumentId(99)),
            ],
            events);
    }

    [Fact]
    public void A_restored_engine_has_the_captured_books_and_refuses_states_that_do_not_fit_the_listing()
    {
        var engine = new MatchingEngine([Instruments.Plain, Instruments.Stepped], 100);
        var sink = new RecordingSink([]);
        engine.Submit(Limit(1, 1, Buy, 10, 4, instrument: Plain), ref sink);
        engine.Submit(Limit(2, 2, Sell, 12, 3, display: 1, instrument: Plain), ref sink);
        engine.Submit(Limit(5, 1, Buy, 95, 3, instrument: Stepped), ref sink);
        Assert.True(engine.TryGetBook(Plain, out var plainBook));
        Assert.True(engine.TryGetBook(Stepped, out var steppedBook));
        var plain = plainBook.CaptureState();
        var stepped = steppedBook.CaptureState();

        var restored = MatchingEngine.Restore([Instruments.Stepped, Instruments.Plain], [plain, stepped], 100);
        Assert.True(restored.TryGetBook(Plain, out var restoredPlain));
        Assert.True(restored.TryGetBook(Stepped, out var restoredStepped));
        Assert.Equal(plain, restoredPlain.CaptureState());
        Assert.Equal(stepped, restoredStepped.CaptureState());

        AssertRefused(() => MatchingEngine.Restore([Instruments.Plain], [plain, stepped], 100), "instrument 3, which is not listed");
        AssertRefused(() => MatchingEngine.Restore([Instruments.Plain, Instruments.Stepped], [plain, stepped, plain], 100), "two states for instrument 7");
        AssertRefused(() => MatchingEngine.Restore([Instruments.Plain, Instruments.Stepped], [plain], 100), "no state for listed instrument 3");
        AssertRefused(() => MatchingEngine.Restore([Instruments.Plain, Instruments.Stepped], [plain, stepped with { HighestAcceptedId = 4 }], 100), "instrument 3 (ETH-PERPETUAL): order 5");
        AssertRefused(() => MatchingEngine.Restore([Instruments.Plain, Instruments.Stepped], [plain, stepped], 1), "instrument 7 (BTC-PERPETUAL): state holds 2 orders");
    }

    private static void AssertRefused(Func<MatchingEngine> restore, string message)
    {
        var e = Assert.Throws<InvalidDataException>(restore);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
