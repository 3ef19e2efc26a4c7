using System.Buffers.Binary;
using System.Globalization;

namespace Clearline.Sequencing.Journal;

/// <summary>
/// The on-disk layout, little-endian throughout.
/// A segment file <c>{first sequence:D20}.journal</c> starts with a 16-byte header: magic <c>CLJ1</c>,
/// format version (u32), first sequence (u64). Then records, each a 16-byte header — payload length (u32),
/// sequence (u64), CRC-32C (u32) over length, sequence and payload — followed by the payload.
/// Sequences increase by exactly one from record to record and from segment to segment.
/// </summary>
public static class JournalFormat
{
    public const uint Magic = 0x314A4C43; // "CLJ1"
    public const uint Version = 1;
    public const int SegmentHeaderSize = 16;
    public const int RecordHeaderSize = 16;
    public const string Extension = ".journal";

    /// <summary>A record's payload is at most this large: a command is small, and a bound keeps a corrupt length from reading gigabytes.</summary>
    public const int MaxPayloadSize = 1 << 20;

    public static string SegmentName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static void WriteSegmentHeader(Span<byte> destination, long firstSequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
    }

    /// <summary>Writes one framed record; <paramref name="destination"/> holds header and payload.</summary>
    public static int WriteRecord(Span<byte> destination, long sequence, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], sequence);
        payload.CopyTo(destination[RecordHeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Checksum(destination, payload.Length));
        return RecordHeaderSize + payload.Length;
    }

    /// <summary>CRC-32C over length and sequence (header bytes 0-11) and the payload.</summary>
    public static uint Checksum(ReadOnlySpan<byte> record, int payloadLength) =>
        Crc32C.Compute(record.Slice(RecordHeaderSize, payloadLength), Crc32C.Compute(record[..12]));
}
