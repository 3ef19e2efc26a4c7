using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;
using Clearline.Testing;

namespace Clearline.Engine.Tests;

public sealed class EngineStateTests
{
    [Fact]
    public void Applies_encoded_commands_in_sequence_and_refuses_gaps()
    {
        var state = new EngineState([TestMarkets.Perpetual(0)]);
        var sink = new RecordingSink([]);
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        var length = CommandCodec.Encode(new NewOrder(new InstrumentId(0), new OrderId(1), new AccountId(7), Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(100), new Quantity(5)), bytes);

        state.Apply(1, 10, bytes[..length], ref sink);

        Assert.Equal(1, state.LastSequence);
        Assert.Equal(10, state.LastTimestamp);
        Assert.True(state.Matching.TryGetBook(new InstrumentId(0), out var book));
        Assert.Equal(1, book.OrderCount);
        var gap = Assert.Throws<InvalidOperationException>(() =>
        {
            var s = new RecordingSink([]);
            state.Apply(3, 10, new byte[length], ref s);
        });
        Assert.Contains("does not follow", gap.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restored_engine_continues_from_the_captured_position()
    {
        var btc = TestMarkets.Perpetual(0);
        var state = new EngineState([btc]);
        state.Apply(NewOrder.Limit(btc.Id, new OrderId(1), new AccountId(7), Side.Buy, new Price(100), new Quantity(5)));
        state.Apply(NewOrder.Limit(btc.Id, new OrderId(2), new AccountId(8), Side.Sell, new Price(100), new Quantity(2)));

        var restored = EngineState.Restore([btc], state.Limits, state.LastSequence, state.LastTimestamp, state.CaptureBooks());

        Assert.Equal(state.CaptureBooks(), restored.CaptureBooks());
        Assert.Equal(state.ComputeStateHash().Root, restored.ComputeStateHash().Root);
        var next = NewOrder.Limit(btc.Id, new OrderId(3), new AccountId(8), Side.Sell, new Price(100), new Quantity(3));
        Assert.Equal(state.Apply(next), restored.Apply(next));
        Assert.Equal(3, restored.LastSequence);
    }

    [Fact]
    public void Restoring_refuses_positions_no_engine_reaches()
    {
        var btc = TestMarkets.Perpetual(0);
        var books = new EngineState([btc]).CaptureBooks();
        foreach (var (sequence, timestamp) in new[] { (-1L, 0L), (1L, -1L), (0L, 5L) })
        {
            var e = Assert.Throws<InvalidDataException>(() => EngineState.Restore([btc], null, sequence, timestamp, books));
            Assert.Contains("is not a position any engine reaches", e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<InvalidDataException>(() => EngineState.Restore([btc, TestMarkets.Perpetual(1)], null, 0, 0, books));
    }
}
