using System.Buffers.Binary;

namespace Clearline.Sequencing.Codecs;

/// <summary>
/// A journal record's payload: the sequencer's timestamp (microseconds since the Unix epoch, i64
/// little-endian) followed by the command in its <see cref="CommandCodec"/> form.
/// </summary>
public static class CommandRecord
{
    public const int TimestampSize = 8;

    /// <summary>The largest record payload.</summary>
    public const int MaxSize = TimestampSize + CommandCodec.MaxSize;

    public static int Write(Span<byte> destination, long timestamp, ReadOnlySpan<byte> command)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, timestamp);
        command.CopyTo(destination[TimestampSize..]);
        return TimestampSize + command.Length;
    }

    /// <summary>Splits a payload into timestamp and command bytes; false when it is too short to hold a timestamp.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out long timestamp, out ReadOnlySpan<byte> command)
    {
        if (payload.Length < TimestampSize)
        {
            timestamp = 0;
            command = default;
            return false;
        }

        timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload);
        command = payload[TimestampSize..];
        return true;
    }
}
