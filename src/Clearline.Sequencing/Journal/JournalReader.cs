using System.Buffers.Binary;
using System.Globalization;

namespace Clearline.Sequencing.Journal;

/// <summary>The journal is damaged somewhere other than its tail: recovery must stop, not guess.</summary>
public sealed class JournalCorruptException(string file, long offset, string reason)
    : Exception($"journal corrupt: {file} at offset {offset.ToString(CultureInfo.InvariantCulture)}: {reason}")
{
    public string File { get; } = file;

    public long Offset { get; } = offset;

    public string Reason { get; } = reason;
}

/// <summary>Receives each record of a scan, in sequence order. The payload is only valid during the call.</summary>
public delegate void JournalRecordHandler(long sequence, ReadOnlySpan<byte> payload);

/// <summary>What a scan found. <see cref="LastSequence"/> is <see cref="FirstSequence"/> − 1 when there are no records.</summary>
public sealed record JournalScan(long FirstSequence, long LastSequence, long Records, int Segments, string? TruncatedTail);

/// <summary>
/// Reads the journal back in order and checks everything: segment headers, contiguous sequences within
/// and across segments (a missing segment is an error), lengths and checksums.
/// </summary>
/// <remarks>
/// Recovery never guesses. Only the end of the last segment may be damaged, and only as a write cut short
/// by a crash: a partial record, or a final record whose checksum fails with nothing after it. That tail
/// is cut off (the file truncated, the event reported through <see cref="JournalScan.TruncatedTail"/> and
/// the log). Any other damage throws <see cref="JournalCorruptException"/> naming the file and offset.
/// Known limit: a length field corrupted in the last segment so that it points past the end of the file
/// looks exactly like a torn write, so the records after it would be cut too.
/// </remarks>
public static class JournalReader
{
    public static JournalScan Scan(string directory, JournalRecordHandler onRecord, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*" + JournalFormat.Extension).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (files.Length == 0)
        {
            return new JournalScan(0, -1, 0, 0, null);
        }

        var first = FirstSequenceOf(files[0]);
        var next = first;
        var records = 0L;
        string? truncated = null;
        var buffer = new byte[JournalFormat.RecordHeaderSize + JournalFormat.MaxPayloadSize];
        for (var i = 0; i < files.Length; i++)
        {
            var file = files[i];
            var named = FirstSequenceOf(file);
            if (named != next)
            {
                throw new JournalCorruptException(file, 0, $"segment starts at sequence {named}, expected {next} (a segment is missing or misnamed)");
            }

            var isLast = i == files.Length - 1;
            var read = ReadSegment(file, named, isLast, buffer, onRecord, out var tornAt);
            records += read;
            next += read;
            if (tornAt is { } offset)
            {
                truncated = Truncate(directory, file, offset, named, log);
            }
        }

        return new JournalScan(first, next - 1, records, files.Length, truncated);
    }

    /// <summary>Reads one segment; returns the number of records and, for a torn tail, the offset to cut at.</summary>
    private static long ReadSegment(string file, long firstSequence, bool isLast, byte[] buffer, JournalRecordHandler onRecord, out long? tornAt)
    {
        tornAt = null;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var length = stream.Length;
        if (length < JournalFormat.SegmentHeaderSize)
        {
            tornAt = TornTail(file, 0, isLast, "segment header cut short");
            return 0;
        }

        stream.ReadExactly(buffer, 0, JournalFormat.SegmentHeaderSize);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(4));
        var headerSequence = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8));
        if (magic != JournalFormat.Magic || version != JournalFormat.Version || headerSequence != firstSequence)
        {
            throw new JournalCorruptException(file, 0, $"bad segment header (magic {magic:X8}, version {version}, first sequence {headerSequence})");
        }

        var offset = (long)JournalFormat.SegmentHeaderSize;
        var sequence = firstSequence;
        while (offset < length)
        {
            if (length - offset < JournalFormat.RecordHeaderSize)
            {
                tornAt = TornTail(file, offset, isLast, "record header cut short");
                break;
            }

            stream.ReadExactly(buffer, 0, JournalFormat.RecordHeaderSize);
            var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
            var recordSequence = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(4));
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(12));
            var end = offset + JournalFormat.RecordHeaderSize + payloadLength;
            if (end > length)
            {
                // What a write cut short by a crash leaves behind.
                tornAt = TornTail(file, offset, isLast, $"record of {payloadLength} bytes runs past the end of the file");
                break;
            }

            if (payloadLength > JournalFormat.MaxPayloadSize)
            {
                throw new JournalCorruptException(file, offset, $"record length {payloadLength} exceeds the maximum {JournalFormat.MaxPayloadSize}");
            }

            stream.ReadExactly(buffer, JournalFormat.RecordHeaderSize, (int)payloadLength);
            if (JournalFormat.Checksum(buffer, (int)payloadLength) != checksum)
            {
                // Only the very last record of the journal may be a torn write; a bad record with data after it is damage.
                tornAt = TornTail(file, offset, isLast && end == length, "checksum mismatch");
                break;
            }

            if (recordSequence != sequence)
            {
                throw new JournalCorruptException(file, offset, $"record carries sequence {recordSequence}, expected {sequence}");
            }

            onRecord(sequence, buffer.AsSpan(JournalFormat.RecordHeaderSize, (int)payloadLength));
            sequence++;
            offset = end;
        }

        return sequence - firstSequence;
    }

    /// <summary>Where to cut a torn tail; throws when the damage is not at the tail of the journal.</summary>
    private static long TornTail(string file, long offset, bool tailOfJournal, string reason) =>
        tailOfJournal ? offset : throw new JournalCorruptException(file, offset, reason);

    private static string Truncate(string directory, string file, long offset, long firstSequence, TextWriter? log)
    {
        string message;
        if (offset <= JournalFormat.SegmentHeaderSize)
        {
            // Not one whole record: the segment never held anything durable.
            File.Delete(file);
            DirectorySync.Flush(directory);
            message = $"journal: removed {Path.GetFileName(file)}, a segment cut short before its first record (sequence {firstSequence})";
        }
        else
        {
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
            {
                var removed = stream.Length - offset;
                stream.SetLength(offset);
                stream.Flush(flushToDisk: true);
                message = $"journal: truncated a torn tail of {removed} bytes from {Path.GetFileName(file)} at offset {offset}";
            }
        }

        log?.WriteLine(message);
        return message;
    }

    private static long FirstSequenceOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new JournalCorruptException(file, 0, "segment file name is not a 20-digit first sequence");
    }
}
