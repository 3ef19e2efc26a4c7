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
}
