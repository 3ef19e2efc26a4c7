using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Matching.Tests.Differential;

/// <summary>A book restored from a captured state behaves exactly like the book it was captured from.</summary>
public sealed class StateTests
{
    [Fact]
    public void A_restored_book_answers_every_later_command_like_the_original()
    {
        var checkedCommands = 0L;
        foreach (var market in new[] { DifferentialTests.Plain, DifferentialTests.Stepped, DifferentialTests.Paged })
        {
            Check.One(
                Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true).WithName("restore " + market.Name),
                Prop.ForAll(Arb.From(Generators.Scenario(market, 400), Generators.Shrink), scenario =>
                {
                    var commands = scenario.Resolve();
                    var split = commands.Count / 2;
                    var original = new OrderBook(market.Spec, scenario.MaxResting);
                    var originalBook = new TestBook<OrderBook>("original", original);
                    foreach (var command in commands.Take(split))
                    {
                        originalBook.Apply(command, []);
                    }

                    var state = original.CaptureState();
                    Assert.Equal([state.Bids.Count, state.Asks.Count], [original.CountOrders(Side.Buy), original.CountOrders(Side.Sell)]);
                    var restored = OrderBook.Restore(market.Spec, state, scenario.MaxResting, initialCapacity: 1);
                    Assert.Equal(state, restored.CaptureState());

                    var driver = new DifferentialDriver(new TestBook<OrderBook>("restored", restored), originalBook);
                    foreach (var command in commands.Skip(split))
                    {
                        driver.Step(command);
                    }

                    Interlocked.Add(ref checkedCommands, commands.Count - split);
                    return true;
                }));
        }

        Assert.True(checkedCommands > 50_000, $"only {checkedCommands} commands compared");
    }

    [Fact]
    public void States_no_book_could_produce_are_refused()
    {
        var spec = Instruments.Plain;
        var book = new OrderBook(spec, 100);
        var sink = new RecordingSink([]);
        book.Submit(NewOrder.Limit(spec.Id, new OrderId(1), new AccountId(1), Side.Buy, new Price(8), new Quantity(5)), ref sink);
        book.Submit(NewOrder.Limit(spec.Id, new OrderId(2), new AccountId(2), Side.Sell, new Price(12), new Quantity(5)), ref sink);
        var good = book.CaptureState();
        var bid = good.Bids[0];
        var ask = good.Asks[0];

        BookState[] bad =
        [
            good with { Instrument = new InstrumentId(99) },
            good with { HighestAcceptedId = 1 },
            good with { HighestAcceptedId = -1, Bids = [], Asks = [] },
            good with { Bids = [bid, bid] },
            good with { Bids = [bid with { Side = Side.Sell }] },
            good with { Bids = [bid with { Price = new Price(13) }] },
            good with { Bids = [bid with { Price = new Price(31) }] },
            good with { Bids = [bid with { Remaining = new Quantity(4) }] },
            good with { Bids = [bid with { Visible = new Quantity(4) }] },
            good with { Bids = [bid with { Status = OrderStatus.PartiallyFilled }] },
            good with { Bids = [bid with { SelfTradePrevention = (SelfTradePrevention)9 }] },
            good with { Asks = [ask, ask with { Id = new OrderId(3), Price = new Price(11) }], HighestAcceptedId = 3 },
        ];
        foreach (var state in bad)
        {
            Assert.Throws<InvalidDataException>(() => OrderBook.Restore(spec, state, 100));
        }

        Assert.Equal(good, OrderBook.Restore(spec, good, 100).CaptureState());
        Assert.Throws<InvalidDataException>(() => OrderBook.Restore(spec, good, maxRestingOrders: 1));
    }
}
