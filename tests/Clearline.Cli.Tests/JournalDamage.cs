using System.Buffers.Binary;
using Clearline.Sequencing.Journal;

namespace Clearline.Cli.Tests;

/// <summary>Damage no crash leaves behind: a flipped bit in a record inside the journal, not at its tail.</summary>
internal static class JournalDamage
{
    /// <summary>Flips a payload byte of a record in the middle of the first segment; returns the segment and the record's offset.</summary>
    public static (string File, long Offset) FlipAByteInTheMiddle(SampleDataDirectory data)
    {
        var file = data.Segments()[0];
        var bytes = File.ReadAllBytes(file);
        var offset = JournalFormat.SegmentHeaderSize;
        while (offset < bytes.Length / 2)
        {
            offset += JournalFormat.RecordHeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
        }

        bytes[offset + JournalFormat.RecordHeaderSize + 3] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        return (file, offset);
    }
}
