using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;
using Clearline.Testing;

namespace Clearline.Engine.Tests;

/// <summary>An order sent with id 0 gets the first id of its command's block (sequence × 64), the same on every replay.</summary>
public sealed class OrderIdAssignmentTests
{
    private static readonly InstrumentId Btc = new(0);
    private static readonly AccountId Alice = new(1);
    private static readonly AccountId Bob = new(2);

    [Fact]
    public void Orders_without_an_id_are_named_by_their_sequence_and_replay_identically()
    {
        byte[][] journal =
        [
            Encode(NewOrder.Limit(Btc, default, Alice, Side.Buy, new Price(100), new Quantity(5))),
            Encode(NewOrder.Limit(Btc, default, Alice, Side.Buy, new Price(99), new Quantity(5))),
            Encode(new CancelOrder(Btc, new OrderId(64), Alice)),
            Encode(NewOrder.Limit(Btc, default, Bob, Side.Sell, new Price(99), new Quantity(2))),
        ];

        var (live, events) = Run(journal);

        Assert.Equal(new OrderId(64), Assert.IsType<OrderAccepted>(events[0][0]).Order.Id);
        Assert.Equal(new OrderId(128), Assert.IsType<OrderAccepted>(events[1][0]).Order.Id);
        Assert.Contains(events[2], e => e is OrderCancelled { Order.Value: 64 });
        var trade = Assert.Single(events[3].OfType<Trade>());
        Assert.Equal((new OrderId(128), new OrderId(256)), (trade.MakerOrder, trade.TakerOrder));
        Assert.Equal(EngineState.AssignedOrderId(4), trade.TakerOrder);

        var (replayed, _) = Run(journal);
        Assert.Equal(live.ComputeStateHash().Root, replayed.ComputeStateHash().Root);
    }

    [Fact]
    public void An_explicit_id_below_an_assigned_one_is_still_refused()
    {
        var (_, events) = Run(
        [
            Encode(NewOrder.Limit(Btc, default, Alice, Side.Buy, new Price(100), new Quantity(1))),
            Encode(NewOrder.Limit(Btc, default, Alice, Side.Buy, new Price(100), new Quantity(1))),
            Encode(NewOrder.Limit(Btc, new OrderId(100), Alice, Side.Buy, new Price(100), new Quantity(1))),
        ]);

        Assert.Equal(RejectReason.OrderIdAlreadyUsed, Assert.IsType<CommandRejected>(Assert.Single(events[2])).Reason);
    }

    private static (EngineState State, List<List<object>> Events) Run(byte[][] journal)
    {
        var state = new EngineState([TestMarkets.Perpetual(0)]);
        var events = new List<List<object>>();
        for (var i = 0; i < journal.Length; i++)
        {
            var sink = new RecordingSink([]);
            state.Apply(i + 1, 1_000 + i, journal[i], ref sink);
            events.Add(sink.Events);
        }

        return (state, events);
    }

    private static byte[] Encode(in NewOrder order)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return bytes[..CommandCodec.Encode(order, bytes)];
    }

    private static byte[] Encode(in CancelOrder cancel)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return bytes[..CommandCodec.Encode(cancel, bytes)];
    }
}
