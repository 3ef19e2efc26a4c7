using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

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

/// <summary>What a scan found: the sequences present in the segments it read.</summary>
/// <param name="FirstSequence">
/// Where the first segment read begins: the journal's first sequence for a full scan; for a scan from a
/// sequence, the start of the segment holding it (at or below it).
/// </param>
/// <param name="LastSequence">The journal's last record; <see cref="FirstSequence"/> − 1 when the segments read hold none.</param>
/// <param name="Records">Records read and checked, delivered or not: <see cref="LastSequence"/> − <see cref="FirstSequence"/> + 1.</param>
/// <param name="Segments">Segment files read (skipped ones are not counted).</param>
/// <param name="TruncatedTail">
/// What was cut from a torn tail, if anything; for a scan that leaves the journal as it is, the torn tail it found.
/// </param>
public sealed record JournalScan(long FirstSequence, long LastSequence, long Records, int Segments, string? TruncatedTail);

/// <summary>
/// Reads the journal back in order and checks everything: segment headers, contiguous sequences within
/// and across segments (a missing segment is an error), lengths and checksums. Segments are read a large
/// block at a time and parsed in memory.
/// </summary>
/// <remarks>
/// Recovery never guesses. Only the end of the last segment may be damaged, and only as a write cut short
/// by a crash: a partial record, or a final record whose checksum fails with nothing after it. That tail
/// is cut off (the file truncated, the event reported through <see cref="JournalScan.TruncatedTail"/> and
/// the log), unless the caller asked to leave the journal as it is (a tool reading a live or copied
/// journal must not change it): then the tail is only reported. Any other damage throws
/// <see cref="JournalCorruptException"/> naming the file and offset.
/// Known limit: a length field corrupted in the last segment so that it points past the end of the file
/// looks exactly like a torn write, so the records after it would be cut too.
/// </remarks>
public static class JournalReader
{
    private const int BlockSize = 1 << 20;

    /// <summary>
    /// Reads the whole journal, delivering every record. With <paramref name="truncateTornTail"/> false a torn
    /// tail is left in place and only reported (tools); recovery cuts it so the writer can append.
    /// </summary>
    public static JournalScan Scan(string directory, JournalRecordHandler onRecord, TextWriter? log = null, bool truncateTornTail = true) =>
        Scan(directory, null, onRecord, log, BlockSize, truncateTornTail);

    /// <summary>
    /// Reads the journal from <paramref name="fromSequence"/> on (after a snapshot, say), delivering only
    /// records at or after it.
    /// </summary>
    /// <remarks>
    /// A segment followed by one whose name starts at or below <paramref name="fromSequence"/> holds only
    /// earlier records, so it is skipped unopened: nothing in it is checked, and a segment missing among
    /// the skipped ones cannot be noticed (their names alone leave no gap to see). From the segment holding
    /// <paramref name="fromSequence"/> on, everything is checked as in a full scan, checksums of the
    /// undelivered records before it included: that costs at most one segment, and the torn-tail rule needs
    /// to know whether the last record is whole. Throws <see cref="JournalCorruptException"/> naming the
    /// directory when the journal does not reach back to <paramref name="fromSequence"/> (it is below the
    /// first segment's first sequence) or does not reach up to it (it is beyond the last record + 1). An
    /// empty or missing directory has nothing to contradict any sequence: it is an empty journal starting
    /// at <paramref name="fromSequence"/>. A torn tail is treated as in the full scan.
    /// </remarks>
    public static JournalScan Scan(string directory, long fromSequence, JournalRecordHandler onRecord, TextWriter? log = null, bool truncateTornTail = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        return Scan(directory, fromSequence, onRecord, log, BlockSize, truncateTornTail);
    }

    /// <summary>Both scans; <paramref name="blockSize"/> is the bytes read at a time, which tests make small to put records across blocks.</summary>
    internal static JournalScan Scan(string directory, long? fromSequence, JournalRecordHandler onRecord, TextWriter? log, int blockSize, bool truncateTornTail = true)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*" + JournalFormat.Extension).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (files.Length == 0)
        {
            return fromSequence is { } start ? new JournalScan(start, start - 1, 0, 0, null) : new JournalScan(0, -1, 0, 0, null);
        }

        var named = Array.ConvertAll(files, FirstSequenceOf);
        var from = fromSequence ?? named[0];
        if (from < named[0])
        {
            throw new JournalCorruptException(directory, 0, $"a scan from sequence {from} was asked for, but the journal begins at sequence {named[0]}: it does not reach back that far");
        }

        var firstRead = 0;
        while (firstRead + 1 < files.Length && named[firstRead + 1] <= from)
        {
            firstRead++;
        }

        var next = named[firstRead];
        var records = 0L;
        string? truncated = null;
        var buffer = new byte[blockSize];
        for (var i = firstRead; i < files.Length; i++)
        {
            var file = files[i];
            if (named[i] != next)
            {
                throw new JournalCorruptException(file, 0, $"segment starts at sequence {named[i]}, expected {next} (a segment is missing or misnamed)");
            }

            var isLast = i == files.Length - 1;
            var read = ReadSegment(file, named[i], from, isLast, ref buffer, onRecord, out var tornAt);
            records += read;
            next += read;
            if (tornAt is { } offset)
            {
                truncated = truncateTornTail ? Truncate(directory, file, offset, named[i], log) : Report(file, offset, named[i], log);
            }
        }

        if (from > next)
        {
            throw new JournalCorruptException(directory, 0, $"a scan from sequence {from} was asked for, but the journal ends at sequence {next - 1}: the records between are missing");
        }

        return new JournalScan(named[firstRead], next - 1, records, files.Length - firstRead, truncated);
    }

    /// <summary>
    /// Reads one segment, delivering the records from <paramref name="fromSequence"/> on; returns the number
    /// of records and, for a torn tail, the offset to cut at. <paramref name="buffer"/> is kept for the next
    /// segment, grown if a record needed more.
    /// </summary>
    private static long ReadSegment(string file, long firstSequence, long fromSequence, bool isLast, ref byte[] buffer, JournalRecordHandler onRecord, out long? tornAt)
    {
        tornAt = null;
        using var reader = new BlockReader(file, buffer);
        var length = reader.Length;
        if (length < JournalFormat.SegmentHeaderSize)
        {
            tornAt = TornTail(file, 0, isLast, "segment header cut short");
            return 0;
        }

        var segmentHeader = reader.Peek(JournalFormat.SegmentHeaderSize);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(segmentHeader);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(segmentHeader[4..]);
        var headerSequence = BinaryPrimitives.ReadInt64LittleEndian(segmentHeader[8..]);
        if (magic != JournalFormat.Magic || version != JournalFormat.Version || headerSequence != firstSequence)
        {
            throw new JournalCorruptException(file, 0, $"bad segment header (magic {magic:X8}, version {version}, first sequence {headerSequence})");
        }

        reader.Advance(JournalFormat.SegmentHeaderSize);
        var offset = (long)JournalFormat.SegmentHeaderSize;
        var sequence = firstSequence;
        while (offset < length)
        {
            if (length - offset < JournalFormat.RecordHeaderSize)
            {
                tornAt = TornTail(file, offset, isLast, "record header cut short");
                break;
            }

            var header = reader.Peek(JournalFormat.RecordHeaderSize);
            var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var recordSequence = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
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

            var size = JournalFormat.RecordHeaderSize + (int)payloadLength;
            var record = reader.Peek(size);
            if (JournalFormat.Checksum(record, (int)payloadLength) != checksum)
            {
                // Only the very last record of the journal may be a torn write; a bad record with data after it is damage.
                tornAt = TornTail(file, offset, isLast && end == length, "checksum mismatch");
                break;
            }

            if (recordSequence != sequence)
            {
                throw new JournalCorruptException(file, offset, $"record carries sequence {recordSequence}, expected {sequence}");
            }

            if (sequence >= fromSequence)
            {
                onRecord(sequence, record[JournalFormat.RecordHeaderSize..]);
            }

            reader.Advance(size);
            sequence++;
            offset = end;
        }

        buffer = reader.Buffer;
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

    private static string Report(string file, long offset, long firstSequence, TextWriter? log)
    {
        var message = offset <= JournalFormat.SegmentHeaderSize
            ? $"journal: {Path.GetFileName(file)} is cut short before its first record (sequence {firstSequence}); left in place"
            : $"journal: a torn tail of {new FileInfo(file).Length - offset} bytes in {Path.GetFileName(file)} at offset {offset}; left in place";
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

    /// <summary>
    /// A window on one segment file, read a block at a time: the bytes from the current record on. A record
    /// that straddles two blocks is moved to the front of the buffer and completed; one larger than the
    /// buffer grows it.
    /// </summary>
    private sealed class BlockReader : IDisposable
    {
        private readonly SafeFileHandle _handle;
        private readonly string _file;
        private long _position;
        private int _start;
        private int _end;

        public BlockReader(string file, byte[] buffer)
        {
            _handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            _file = file;
            Buffer = buffer;
            Length = RandomAccess.GetLength(_handle);
        }

        public long Length { get; }

        public byte[] Buffer { get; private set; }

        /// <summary>The next <paramref name="count"/> bytes, which the caller has checked the file holds.</summary>
        public ReadOnlySpan<byte> Peek(int count)
        {
            if (_end - _start < count)
            {
                Fill(count);
            }

            return Buffer.AsSpan(_start, count);
        }

        public void Advance(int count) => _start += count;

        public void Dispose() => _handle.Dispose();

        private void Fill(int count)
        {
            var kept = _end - _start;
            var target = Buffer.Length >= count ? Buffer : new byte[count];
            Buffer.AsSpan(_start, kept).CopyTo(target);
            Buffer = target;
            _start = 0;
            _end = kept;
            var wanted = kept + (int)Math.Min(Buffer.Length - kept, Length - _position);
            while (_end < wanted)
            {
                var read = RandomAccess.Read(_handle, Buffer.AsSpan(_end, wanted - _end), _position);
                if (read == 0)
                {
                    throw new IOException($"{_file} shrank while being read");
                }

                _end += read;
                _position += read;
            }
        }
    }
}
