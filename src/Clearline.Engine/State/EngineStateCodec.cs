using System.Buffers;
using System.Buffers.Binary;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Engine;

/// <summary>
/// The canonical binary form of the complete engine state: what a snapshot stores and, market by market, what
/// the state hash digests (<see cref="EngineState.ComputeStateHash"/>), so the two cannot disagree.
/// Little-endian, fixed width, no padding:
/// <code>
/// state  = "CLST" | header | market count i32 | market* | clearing           markets in ascending instrument id, the
///          configured ones, then the options listed by command (the clearing section's listings)
/// header = version u16 | last sequence i64 | last timestamp i64
/// market = instrument id i32 | spec fingerprint [32] | highest accepted id i64 | bid count i32 | ask count i32
///          | order* (bids, then asks, each side in priority order)
/// order  = id i64 | account i32 | side u8 | price i64 | quantity i64 | filled i64 | remaining i64 | visible i64
///          | display i64 | post-only u8 | self-trade prevention u8 | status u8                        (64 bytes)
/// clearing = 0 u8 (a bare matching engine) | 1 u8 | section (<see cref="ClearingCodec"/>)
/// </code>
/// Any change to a layout is a new version, and so is a change to the spec fingerprint's rendering. Only
/// this version is read: a snapshot is a shortcut through the journal, which can always rebuild it.
/// </summary>
public static class EngineStateCodec
{
    public const ushort Version = 9;

    internal const int HeaderSize = 2 + 8 + 8;
    internal const int MarketHeaderSize = 4 + Hash256.Size + 8 + 4 + 4;
    internal const int OrderSize = 64;

    private const int ChunkSize = 64 * 1024;

    private static ReadOnlySpan<byte> Magic => "CLST"u8;

    /// <summary>The state as one array, sized exactly up front (64 bytes per resting order).</summary>
    public static byte[] Encode(EngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var clearing = EncodeClearing(state);
        var size = (long)Magic.Length + HeaderSize + 4 + 1 + (clearing?.Length ?? 0);
        foreach (var book in state.Books)
        {
            size += MarketHeaderSize + ((long)book.OrderCount * OrderSize);
        }

        if (size > Array.MaxLength)
        {
            throw new InvalidOperationException($"the state is {size} bytes, more than an array holds: encode it to a stream");
        }

        var bytes = new byte[size];
        var writer = new StateWriter(bytes, target: null);
        Write(ref writer, state, clearing);
        writer.Complete();
        return bytes;
    }

    /// <summary>Streams the same bytes as <see cref="Encode(EngineState)"/> through a 64 KiB buffer, for states too large to hold twice.</summary>
    public static void Encode(EngineState state, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var writer = new StateWriter(buffer, new StreamTarget(destination));
            Write(ref writer, state, EncodeClearing(state));
            writer.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Rebuilds an engine from its encoding under the given market configuration (the configured markets: options listed
    /// by command are derived from the state's listings). Anything malformed — another
    /// format or version, truncation, trailing bytes, a market missing, extra or configured differently, a book no
    /// engine could have produced — is refused with <see cref="InvalidDataException"/> saying what and where.
    /// </summary>
    public static EngineState Decode(ReadOnlySpan<byte> source, IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits = null, ClearingConfig? clearing = null)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var listed = EngineState.SortById(markets);
        if (!source.StartsWith(Magic))
        {
            throw new InvalidDataException("not an engine state: it does not start with \"CLST\"");
        }

        var r = new StateReader(source, Magic.Length);
        var version = r.UInt16("format version");
        if (version != Version)
        {
            throw new InvalidDataException($"engine state format version {version} cannot be read: this build reads version {Version}");
        }

        var lastSequence = r.Int64("last sequence");
        var lastTimestamp = r.Int64("last timestamp");
        var count = r.Int32("market count");
        if (count < 0)
        {
            throw new InvalidDataException($"market count {count} is negative");
        }

        // Markets come before the clearing section, whose listings name the options listed by command: the books are
        // read first and matched to the configured and listed markets once those are known.
        var read = new List<(Hash256 Fingerprint, BookState Book)>(Math.Min(count, listed.Length));
        for (var i = 0; i < count; i++)
        {
            var id = new InstrumentId(r.Int32("instrument id"));
            var fingerprint = r.Hash("spec fingerprint");
            var highestAcceptedId = r.Int64("highest accepted id");
            var bidCount = r.Int32("bid count");
            var askCount = r.Int32("ask count");
            var bids = ReadOrders(ref r, bidCount, id, "bids");
            var asks = ReadOrders(ref r, askCount, id, "asks");
            read.Add((fingerprint, new BookState(id, highestAcceptedId, bids, asks)));
        }

        var clearingState = r.Byte("clearing flag") switch
        {
            0 when clearing is null => null,
            1 when clearing is not null => ClearingCodec.Decode(ref r, ClearingFingerprint.Compute(clearing)),
            0 => throw new InvalidDataException("the state was taken without clearing; the configuration has it"),
            1 => throw new InvalidDataException("the state holds clearing data; the configuration has no clearing"),
            var flag => throw new InvalidDataException($"clearing flag {flag} is neither 0 nor 1"),
        };
        if (r.Remaining != 0)
        {
            throw new InvalidDataException($"{r.Remaining} bytes follow the state");
        }

        var held = EngineState.WithListings(listed, clearing, clearingState);
        for (var i = 0; i < read.Count; i++)
        {
            var id = read[i].Book.Instrument.Value;
            var spec = i < held.Length ? held[i] : null;
            if (spec is null || id < spec.Id.Value)
            {
                throw new InvalidDataException($"the state holds instrument {id}, which the configuration does not list");
            }

            if (id > spec.Id.Value)
            {
                throw new InvalidDataException($"the configuration lists instrument {spec.Id} ({spec.Name}), which the state does not hold");
            }

            var configured = SpecFingerprint.Compute(spec);
            if (read[i].Fingerprint != configured)
            {
                throw new InvalidDataException($"instrument {spec.Id} ({spec.Name}) is configured differently from when the state was taken: spec fingerprint {configured}, not {read[i].Fingerprint}");
            }
        }

        if (read.Count < held.Length)
        {
            throw new InvalidDataException($"the configuration lists instrument {held[read.Count].Id} ({held[read.Count].Name}), which the state does not hold");
        }

        return EngineState.Restore(listed, limits, lastSequence, lastTimestamp, [.. read.Select(m => m.Book)], clearing, clearingState);
    }

    /// <summary>The header: format version, last sequence, last timestamp (also the state hash's header leaf).</summary>
    internal static void WriteHeader(ref StateWriter writer, EngineState state)
    {
        var header = writer.Reserve(HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header, Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[2..], state.LastSequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[10..], state.LastTimestamp);
    }

    /// <summary>One market, the <paramref name="index"/>-th by instrument id (also the data of its state hash leaf).</summary>
    internal static void WriteMarket(ref StateWriter writer, EngineState state, int index)
    {
        var book = state.Books[index];
        var header = writer.Reserve(MarketHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(header, state.Markets[index].Id.Value);
        state.SpecFingerprints[index].CopyTo(header[4..]);
        BinaryPrimitives.WriteInt64LittleEndian(header[36..], book.HighestAcceptedId);
        BinaryPrimitives.WriteInt32LittleEndian(header[44..], book.CountOrders(Side.Buy));
        BinaryPrimitives.WriteInt32LittleEndian(header[48..], book.CountOrders(Side.Sell));
        WriteOrders(ref writer, book, Side.Buy);
        WriteOrders(ref writer, book, Side.Sell);
    }

    private static void Write(ref StateWriter writer, EngineState state, byte[]? clearing)
    {
        Magic.CopyTo(writer.Reserve(Magic.Length));
        WriteHeader(ref writer, state);
        BinaryPrimitives.WriteInt32LittleEndian(writer.Reserve(4), state.Markets.Count);
        for (var i = 0; i < state.Markets.Count; i++)
        {
            WriteMarket(ref writer, state, i);
        }

        writer.Reserve(1)[0] = clearing is null ? (byte)0 : (byte)1;
        writer.Write(clearing);
    }

    private static byte[]? EncodeClearing(EngineState state) =>
        state.Clearing is { } clearing ? ClearingCodec.Encode(clearing.CaptureState(), state.ClearingFingerprint) : null;

    private static void WriteOrders(ref StateWriter writer, OrderBook book, Side side)
    {
        foreach (var order in book.EnumerateOrders(side))
        {
            var o = writer.Reserve(OrderSize);
            BinaryPrimitives.WriteInt64LittleEndian(o, order.Id.Value);
            BinaryPrimitives.WriteInt32LittleEndian(o[8..], order.Account.Value);
            o[12] = (byte)order.Side;
            BinaryPrimitives.WriteInt64LittleEndian(o[13..], order.Price.Ticks);
            BinaryPrimitives.WriteInt64LittleEndian(o[21..], order.Quantity.Lots);
            BinaryPrimitives.WriteInt64LittleEndian(o[29..], order.Filled.Lots);
            BinaryPrimitives.WriteInt64LittleEndian(o[37..], order.Remaining.Lots);
            BinaryPrimitives.WriteInt64LittleEndian(o[45..], order.Visible.Lots);
            BinaryPrimitives.WriteInt64LittleEndian(o[53..], order.Display.Lots);
            o[61] = (byte)order.PostOnly;
            o[62] = (byte)order.SelfTradePrevention;
            o[63] = (byte)order.Status;
        }
    }

    private static RestingOrder[] ReadOrders(ref StateReader r, int count, InstrumentId instrument, string side)
    {
        if (count < 0)
        {
            throw new InvalidDataException($"instrument {instrument}: {side} count {count} is negative");
        }

        var bytes = r.Take((long)count * OrderSize, $"{count} {side} of instrument {instrument}");
        var orders = new RestingOrder[count];
        for (var i = 0; i < orders.Length; i++)
        {
            var o = bytes.Slice(i * OrderSize, OrderSize);
            orders[i] = new RestingOrder(
                new OrderId(BinaryPrimitives.ReadInt64LittleEndian(o)),
                new AccountId(BinaryPrimitives.ReadInt32LittleEndian(o[8..])),
                (Side)o[12],
                new Price(BinaryPrimitives.ReadInt64LittleEndian(o[13..])),
                new Quantity(BinaryPrimitives.ReadInt64LittleEndian(o[21..])),
                new Quantity(BinaryPrimitives.ReadInt64LittleEndian(o[29..])),
                new Quantity(BinaryPrimitives.ReadInt64LittleEndian(o[37..])),
                new Quantity(BinaryPrimitives.ReadInt64LittleEndian(o[45..])),
                new Quantity(BinaryPrimitives.ReadInt64LittleEndian(o[53..])),
                (PostOnly)o[61],
                (SelfTradePrevention)o[62],
                (OrderStatus)o[63]);
        }

        return orders;
    }
}
