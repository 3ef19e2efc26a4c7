namespace Clearline.Sequencing.Journal;

/// <summary>How the journal writes: segment size, and whether a commit waits for the disk.</summary>
/// <param name="SegmentBytes">A segment is closed and a new one started once it reaches this size.</param>
/// <param name="Fsync">
/// True: <see cref="JournalWriter.Commit"/> returns only after the batch is on stable storage (fsync), and
/// a new segment's name is made durable with its directory. False is for benchmarks only: a crash may lose
/// acknowledged records.
/// </param>
public sealed record JournalOptions(long SegmentBytes = 256L << 20, bool Fsync = true);

/// <summary>
/// Appends records to segment files (<see cref="JournalFormat"/>). Records are buffered and a whole batch
/// becomes durable in one write and one fsync at <see cref="Commit"/>: group commit. A record may be
/// acknowledged once a commit covering its sequence has returned. Single writer, not thread-safe.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly string _directory;
    private readonly JournalOptions _options;
    private byte[] _batch = new byte[64 * 1024];
    private int _batchLength;
    private FileStream? _segment;

    /// <param name="directory">The journal directory (created if missing).</param>
    /// <param name="nextSequence">The sequence the first appended record must carry: one past the last recovered record.</param>
    /// <param name="options">Segment size and durability.</param>
    public JournalWriter(string directory, long nextSequence, JournalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(nextSequence);
        _directory = directory;
        _options = options ?? new JournalOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SegmentBytes, JournalFormat.SegmentHeaderSize + JournalFormat.RecordHeaderSize);
        Directory.CreateDirectory(directory);
        NextSequence = nextSequence;
        DurableSequence = nextSequence - 1;
    }

    /// <summary>The sequence the next appended record must carry.</summary>
    public long NextSequence { get; private set; }

    /// <summary>The last sequence a returned <see cref="Commit"/> made durable.</summary>
    public long DurableSequence { get; private set; }

    /// <summary>Buffers a record; nothing is durable before <see cref="Commit"/>.</summary>
    public void Append(long sequence, ReadOnlySpan<byte> payload)
    {
        if (sequence != NextSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"the journal expects sequence {NextSequence}: sequences increase by one");
        }

        if (payload.Length > JournalFormat.MaxPayloadSize)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"a record payload is at most {JournalFormat.MaxPayloadSize} bytes");
        }

        var size = JournalFormat.RecordHeaderSize + payload.Length;
        if (_batchLength + size > _batch.Length)
        {
            Array.Resize(ref _batch, Math.Max(_batch.Length * 2, _batchLength + size));
        }

        JournalFormat.WriteRecord(_batch.AsSpan(_batchLength), sequence, payload);
        _batchLength += size;
        NextSequence++;
    }

    /// <summary>Writes the buffered batch and (with <see cref="JournalOptions.Fsync"/>) waits for the disk; returns the durable sequence.</summary>
    public long Commit()
    {
        if (_batchLength == 0)
        {
            return DurableSequence;
        }

        var segment = _segment ??= OpenSegment(DurableSequence + 1);
        segment.Write(_batch, 0, _batchLength);
        segment.Flush(flushToDisk: _options.Fsync);
        _batchLength = 0;
        DurableSequence = NextSequence - 1;
        if (segment.Length >= _options.SegmentBytes)
        {
            segment.Dispose();
            _segment = null;
        }

        return DurableSequence;
    }

    public void Dispose()
    {
        _segment?.Dispose();
        _segment = null;
    }

    /// <summary>
    /// Starts a segment named after its first record. A file of that name can only be a segment that
    /// recovery found without a single whole record, so it is replaced. The directory is flushed so the
    /// new name is as durable as the records a commit will put in the file.
    /// </summary>
    private FileStream OpenSegment(long firstSequence)
    {
        var path = Path.Combine(_directory, JournalFormat.SegmentName(firstSequence));
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            Span<byte> header = stackalloc byte[JournalFormat.SegmentHeaderSize];
            JournalFormat.WriteSegmentHeader(header, firstSequence);
            stream.Write(header);
            if (_options.Fsync)
            {
                DirectorySync.Flush(_directory);
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
