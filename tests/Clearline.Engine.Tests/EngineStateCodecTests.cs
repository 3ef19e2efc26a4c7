using System.Buffers.Binary;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Engine.Tests;

/// <summary>Encode, decode, and what decoding refuses.</summary>
public sealed class EngineStateCodecTests
{
    private static readonly InstrumentSpec Btc = TestMarkets.Perpetual(0);
    private static readonly InstrumentSpec Other = TestMarkets.Perpetual(1);

    [Fact]
    public void A_decoded_engine_equals_the_original_and_answers_every_later_command_identically()
    {
        var compared = 0L;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true).WithName("round trip"),
            Prop.ForAll(EngineScenarios.Arbitrary(150), stream =>
            {
                var commands = stream.Resolve();
                var split = commands.Count / 2;
                var original = new EngineState(stream.Specs, stream.Limits);
                foreach (var command in commands.Take(split))
                {
                    original.Apply(command);
                }

                var bytes = EngineStateCodec.Encode(original);
                var restored = EngineStateCodec.Decode(bytes, [.. stream.Specs.Reverse()], stream.Limits);
                Assert.Equal(original.CaptureBooks(), restored.CaptureBooks());
                Assert.Equal((original.LastSequence, original.LastTimestamp), (restored.LastSequence, restored.LastTimestamp));
                Assert.Equal(original.ComputeStateHash().Leaves, restored.ComputeStateHash().Leaves);
                Assert.Equal(bytes, EngineStateCodec.Encode(restored));
                using (var stream1 = new MemoryStream())
                {
                    EngineStateCodec.Encode(original, stream1);
                    Assert.Equal(bytes, stream1.ToArray());
                }

                foreach (var command in commands.Skip(split))
                {
                    Assert.Equal(original.Apply(command), restored.Apply(command));
                }

                Assert.Equal(original.CaptureBooks(), restored.CaptureBooks());
                Assert.Equal(original.ComputeStateHash().Root, restored.ComputeStateHash().Root);
                Interlocked.Add(ref compared, commands.Count - split);
                return true;
            }));

        Assert.True(compared > 20_000, $"only {compared} commands compared");
    }

    [Fact]
    public void A_large_book_streams_in_chunks_to_the_same_bytes()
    {
        // 3,000 orders (192 KB) cross the 64 KiB chunk boundary several times, mid-order included.
        var state = DeepState(3_000);
        var bytes = EngineStateCodec.Encode(state);
        Assert.Equal(4 + 18 + 4 + (2 * 52) + (3_000 * 64) + 1, bytes.Length);
        using var stream = new MemoryStream();
        EngineStateCodec.Encode(state, stream);
        Assert.Equal(bytes, stream.ToArray());
        Assert.Equal(state.CaptureBooks(), EngineStateCodec.Decode(bytes, state.Markets).CaptureBooks());
    }

    [Fact]
    public void The_layout_is_the_documented_one()
    {
        var state = new EngineState([Btc]);
        state.Apply(new NewOrder(Btc.Id, new OrderId(5), new AccountId(9), Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(300), new Quantity(7), new Quantity(2), PostOnly.Reject, SelfTradePrevention.CancelBoth));
        var bytes = EngineStateCodec.Encode(state);

        Assert.Equal("CLST"u8.ToArray(), bytes[..4]);
        Assert.Equal(EngineStateCodec.Version, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(Feed.TimestampOf(1), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(14)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(22)));
        var market = bytes.AsSpan(26);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(market));
        Assert.Equal(SpecFingerprint.Compute(Btc), new Hash256(market.Slice(4, 32)));
        Assert.Equal(5, BinaryPrimitives.ReadInt64LittleEndian(market[36..]));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(market[44..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(market[48..]));
        var order = market[52..116];
        Assert.Equal([0], market[116..].ToArray());
        Assert.Equal(5, BinaryPrimitives.ReadInt64LittleEndian(order));
        Assert.Equal(9, BinaryPrimitives.ReadInt32LittleEndian(order[8..]));
        Assert.Equal((byte)Side.Sell, order[12]);
        long[] sizes = [300, 7, 0, 7, 2, 2];
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(sizes[i], BinaryPrimitives.ReadInt64LittleEndian(order[(13 + (8 * i))..]));
        }

        Assert.Equal(new byte[] { (byte)PostOnly.Reject, (byte)SelfTradePrevention.CancelBoth, (byte)OrderStatus.Open }, order[61..].ToArray());
    }

    [Fact]
    public void Decoding_refuses_another_format_or_version_and_every_truncation()
    {
        var bytes = EngineStateCodec.Encode(SmallState());
        AssertRefused(bytes[..0], "not an engine state");
        AssertRefused([.. "CLSX"u8, .. bytes[4..]], "not an engine state");
        var version = (byte[])bytes.Clone();
        version[4] = 2;
        AssertRefused(version, "format version 2 cannot be read: this build reads version 9");
        AssertRefused(bytes[..^1], "truncated at byte");
        AssertRefused(bytes[..30], "truncated at byte 30: spec fingerprint needs 32 bytes, 0 remain");
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EngineStateCodec.Decode(bytes.AsSpan(0, length), [Btc, Other]));
        }

        AssertRefused([.. bytes, 0], "1 bytes follow the state");
    }

    [Fact]
    public void Decoding_refuses_a_different_market_configuration_naming_the_instrument()
    {
        var bytes = EngineStateCodec.Encode(SmallState());
        var finerTicks = new InstrumentSpec(Btc.Id, Btc.Name, new TickSizeSchedule(0.25m), Btc.ContractSize, Btc.LotSize, Btc.MaxOrderQuantity, Btc.MaxPrice);
        AssertRefused(bytes, "instrument 0 (BTC-PERPETUAL) is configured differently from when the state was taken", finerTicks, Other);
        AssertRefused(bytes, "the configuration lists instrument 9 (T009-PERPETUAL), which the state does not hold", Btc, Other, TestMarkets.Perpetual(9));
        AssertRefused(bytes, "the state holds instrument 1, which the configuration does not list", Btc);
        AssertRefused(bytes, "the state holds instrument 0, which the configuration does not list", Other, TestMarkets.Perpetual(3));
        var gap = EngineStateCodec.Encode(new EngineState([Btc, TestMarkets.Perpetual(2)]));
        AssertRefused(gap, "the configuration lists instrument 1 (T001-PERPETUAL), which the state does not hold", Btc, Other, TestMarkets.Perpetual(2));

        // The same configuration written with other trailing zeros is the same configuration.
        var sameTicks = new InstrumentSpec(Btc.Id, Btc.Name, new TickSizeSchedule(0.50m), 10.0m, 1.00m, Btc.MaxOrderQuantity, Btc.MaxPrice);
        Assert.Equal(SmallState().CaptureBooks(), EngineStateCodec.Decode(bytes, [sameTicks, Other]).CaptureBooks());
    }

    [Fact]
    public void Decoding_refuses_books_no_engine_could_produce_and_books_beyond_the_limits()
    {
        var bytes = EngineStateCodec.Encode(SmallState());
        var firstOrder = 4 + 18 + 4 + 52;

        var remaining = (byte[])bytes.Clone();
        remaining[firstOrder + 37]++;
        AssertRefused(remaining, "instrument 0 (BTC-PERPETUAL): order 1 cannot be restored: its sizes do not add up");

        var negativeCount = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negativeCount.AsSpan(4 + 18 + 4 + 44), -1);
        AssertRefused(negativeCount, "instrument 0: bids count -1 is negative");

        var hugeCount = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(hugeCount.AsSpan(4 + 18 + 4 + 44), int.MaxValue);
        AssertRefused(hugeCount, "needs 137438953408 bytes");

        var marketCount = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(marketCount.AsSpan(22), -2);
        AssertRefused(marketCount, "market count -2 is negative");

        var sequence = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(sequence.AsSpan(6), -1);
        AssertRefused(sequence, "sequence -1");

        var e = Assert.Throws<InvalidDataException>(() => EngineStateCodec.Decode(bytes, [Btc, Other], new EngineLimits(MaxRestingOrdersPerBook: 2)));
        Assert.Contains("instrument 0 (BTC-PERPETUAL): state holds 3 orders, more than the book's maximum of 2", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every single-byte corruption is either refused with <see cref="InvalidDataException"/> or decodes to a state
    /// that encodes back to exactly those bytes: decoding accepts only canonical encodings, and never fails otherwise.
    /// </summary>
    [Fact]
    public void Every_corrupted_byte_is_refused_cleanly_or_is_itself_a_canonical_state()
    {
        var bytes = EngineStateCodec.Encode(SmallState());
        var accepted = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x02, 0x80, 0xFF })
            {
                var corrupt = (byte[])bytes.Clone();
                corrupt[i] ^= flip;
                EngineState decoded;
                try
                {
                    decoded = EngineStateCodec.Decode(corrupt, [Btc, Other]);
                }
                catch (InvalidDataException)
                {
                    continue;
                }

                accepted++;
                Assert.Equal(corrupt, EngineStateCodec.Encode(decoded));
            }
        }

        // Sequence, timestamp, account ids and highest accepted ids can take other values, so some corruptions are states too.
        Assert.True(accepted > 0);
    }

    private static void AssertRefused(byte[] bytes, string message, params InstrumentSpec[] markets)
    {
        var e = Assert.Throws<InvalidDataException>(() => EngineStateCodec.Decode(bytes, markets.Length == 0 ? [Btc, Other] : markets));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Two markets: resting bids and asks (one an iceberg, one partly filled), and an empty book with a history.</summary>
    private static EngineState SmallState()
    {
        var state = new EngineState([Other, Btc]);
        state.Apply(NewOrder.Limit(Btc.Id, new OrderId(1), new AccountId(1), Side.Buy, new Price(100), new Quantity(5)));
        state.Apply(new NewOrder(Btc.Id, new OrderId(2), new AccountId(2), Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(104), new Quantity(6), new Quantity(2)));
        state.Apply(NewOrder.Limit(Btc.Id, new OrderId(3), new AccountId(3), Side.Sell, new Price(101), new Quantity(4)));
        state.Apply(NewOrder.Limit(Btc.Id, new OrderId(4), new AccountId(1), Side.Buy, new Price(101), new Quantity(1), TimeInForce.ImmediateOrCancel));
        state.Apply(NewOrder.Limit(Other.Id, new OrderId(7), new AccountId(1), Side.Buy, new Price(10), new Quantity(1)));
        state.Apply(new CancelOrder(Other.Id, new OrderId(7), new AccountId(1)));
        return state;
    }

    /// <summary>Orders on many levels of two markets, alternating sides away from the middle so nothing crosses.</summary>
    internal static EngineState DeepState(int orders)
    {
        var state = new EngineState([Btc, Other]);
        for (var i = 0; i < orders; i++)
        {
            var market = i % 3 == 0 ? Other : Btc;
            var buy = i % 2 == 0;
            var price = buy ? 5_000 - (i % 97) : 5_001 + (i % 89);
            var display = i % 5 == 0 ? 3 : 0;
            state.Apply(new NewOrder(market.Id, new OrderId(i + 1), new AccountId(1 + (i % 17)), buy ? Side.Buy : Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(price), new Quantity(10 + (i % 7)), new Quantity(display)));
        }

        return state;
    }
}
