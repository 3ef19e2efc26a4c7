using System.Globalization;
using System.Text;
using Clearline.Sequencing.Journal;

namespace Clearline.Sequencing.Tests;

/// <summary>The journal gives back exactly what was committed, cuts a torn tail, and refuses any other damage.</summary>
public sealed class JournalTests : IDisposable
{
    private const int DefaultBlock = 1 << 20;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clearline-journal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(Crc32C.Compute("123456789"u8), Crc32C.Compute("6789"u8, Crc32C.Compute("12345"u8)));
    }

    /// <summary>Every length takes a different mix of 8-, 4-, 2- and 1-byte steps; each must agree with the plain bitwise definition.</summary>
    [Fact]
    public void Crc32c_agrees_with_the_bitwise_definition_at_every_length_and_split()
    {
        var data = new byte[40];
        new Random(7).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            var expected = BitwiseCrc32C(data.AsSpan(0, length));
            Assert.Equal(expected, Crc32C.Compute(data.AsSpan(0, length)));
            for (var split = 0; split <= length; split++)
            {
                Assert.Equal(expected, Crc32C.Compute(data.AsSpan(split, length - split), Crc32C.Compute(data.AsSpan(0, split))));
            }
        }
    }

    [Fact]
    public void Committed_records_come_back_in_order_across_segments()
    {
        var written = Write(first: 1, count: 3_000, segmentBytes: 8 * 1024, batch: 37);

        var (scan, read) = ScanAll();
        Assert.Equal(written, read);
        Assert.Equal(new JournalScan(1, 3_000, 3_000, scan.Segments, null), scan);
        Assert.True(scan.Segments > 10, $"only {scan.Segments} segments");
    }

    [Fact]
    public void An_empty_or_missing_directory_is_an_empty_journal()
    {
        Assert.Equal(new JournalScan(0, -1, 0, 0, null), JournalReader.Scan(_directory, (_, _) => { }));
    }

    [Fact]
    public void The_writer_refuses_gaps_and_oversized_payloads_and_changes_nothing()
    {
        using var writer = new JournalWriter(_directory, nextSequence: 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(6, "x"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(5, new byte[JournalFormat.MaxPayloadSize + 1]));
        Assert.Equal(4, writer.Commit());
        writer.Append(5, "x"u8);
        Assert.Equal(5, writer.Commit());
    }

    /// <summary>A crash can cut the last write anywhere: every cut inside the last record loses exactly that record.</summary>
    [Theory]
    [InlineData(DefaultBlock)]
    [InlineData(5)]
    [InlineData(64)]
    public void A_write_cut_short_anywhere_in_the_last_record_is_truncated_and_the_journal_goes_on(int blockSize)
    {
        Write(first: 1, count: 20, segmentBytes: 1 << 20, batch: 5);
        var file = Directory.GetFiles(_directory).Single();
        var full = File.ReadAllBytes(file);
        var lastRecordStart = full.Length - (JournalFormat.RecordHeaderSize + Payload(20).Length);
        for (var cut = lastRecordStart + 1; cut < full.Length; cut++)
        {
            File.WriteAllBytes(file, full[..cut]);
            var (scan, read) = ScanAll(blockSize: blockSize);
            Assert.Equal(19, scan.LastSequence);
            Assert.Equal(19, read.Count);
            Assert.NotNull(scan.TruncatedTail);
            Assert.Equal(lastRecordStart, new FileInfo(file).Length);
        }

        using (var writer = new JournalWriter(_directory, nextSequence: 20))
        {
            writer.Append(20, Payload(20));
            writer.Commit();
        }

        Assert.Equal(20, ScanAll().Read.Count);
    }

    [Fact]
    public void A_last_record_with_a_bad_checksum_is_a_torn_tail()
    {
        Write(first: 1, count: 10, segmentBytes: 1 << 20, batch: 10);
        var file = Directory.GetFiles(_directory).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(file, bytes);

        var log = new StringWriter();
        var scan = JournalReader.Scan(_directory, (_, _) => { }, log);
        Assert.Equal(9, scan.LastSequence);
        Assert.Contains("torn tail", log.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Tools read live or copied journals: asked to, a scan reports a torn tail and changes no byte.</summary>
    [Fact]
    public void A_read_only_scan_reports_a_torn_tail_and_leaves_the_files_as_they_are()
    {
        Write(first: 1, count: 10, segmentBytes: 200, batch: 1);
        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        var last = files[^1];
        var cut = File.ReadAllBytes(last)[..^3];
        File.WriteAllBytes(last, cut);
        var tornAt = cut.Length + 3 - (JournalFormat.RecordHeaderSize + Payload(10).Length);

        var log = new StringWriter();
        var read = new List<long>();
        var scan = JournalReader.Scan(_directory, (sequence, _) => read.Add(sequence), log, truncateTornTail: false);
        Assert.Equal($"journal: a torn tail of {cut.Length - tornAt} bytes in {Path.GetFileName(last)} at offset {tornAt}; left in place", scan.TruncatedTail);
        Assert.Equal(scan.TruncatedTail + Environment.NewLine, log.ToString());
        Assert.Equal(9, scan.LastSequence);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), read);
        Assert.Equal(scan.TruncatedTail, JournalReader.Scan(_directory, 5, (_, _) => { }, truncateTornTail: false).TruncatedTail);
        Assert.Equal(cut, File.ReadAllBytes(last));

        JournalReader.Scan(_directory, (_, _) => { });
        var headerOnly = Path.Combine(_directory, JournalFormat.SegmentName(10));
        File.WriteAllBytes(headerOnly, new byte[JournalFormat.SegmentHeaderSize - 1]);
        Assert.Contains("cut short before its first record", JournalReader.Scan(_directory, (_, _) => { }, truncateTornTail: false).TruncatedTail, StringComparison.Ordinal);
        Assert.True(File.Exists(headerOnly));
        Assert.Equal(files, Directory.GetFiles(_directory).Where(f => f != headerOnly).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(DefaultBlock)]
    [InlineData(7)]
    [InlineData(64)]
    public void Damage_before_the_tail_stops_recovery_naming_file_and_offset(int blockSize)
    {
        Write(first: 1, count: 10, segmentBytes: 1 << 20, batch: 10);
        var file = Directory.GetFiles(_directory).Single();
        var bytes = File.ReadAllBytes(file);
        var thirdRecord = JournalFormat.SegmentHeaderSize + Enumerable.Range(1, 2).Sum(i => JournalFormat.RecordHeaderSize + Payload(i).Length);
        bytes[thirdRecord + JournalFormat.RecordHeaderSize] ^= 0x01;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => ScanAll(blockSize: blockSize));
        Assert.Equal(file, error.File);
        Assert.Equal(thirdRecord, error.Offset);
        Assert.Equal(bytes.Length, new FileInfo(file).Length);
    }

    [Fact]
    public void A_missing_segment_stops_recovery()
    {
        Write(first: 1, count: 500, segmentBytes: 2 * 1024, batch: 10);
        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        File.Delete(files[2]);

        var error = Assert.Throws<JournalCorruptException>(() => ScanAll());
        Assert.Equal(files[3], error.File);
        Assert.Contains("missing", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_cut_short_before_the_last_one_is_damage_not_a_torn_tail()
    {
        Write(first: 1, count: 500, segmentBytes: 2 * 1024, batch: 10);
        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        var bytes = File.ReadAllBytes(files[1]);
        File.WriteAllBytes(files[1], bytes[..^3]);

        var error = Assert.Throws<JournalCorruptException>(() => ScanAll());
        Assert.Equal(files[1], error.File);
    }

    [Fact]
    public void A_segment_without_one_whole_record_is_removed_and_its_name_reused()
    {
        Write(first: 1, count: 10, segmentBytes: 1 << 20, batch: 10);
        var stray = Path.Combine(_directory, JournalFormat.SegmentName(11));
        File.WriteAllBytes(stray, [0x43, 0x4C]);

        var scan = ScanAll().Scan;
        Assert.Equal(10, scan.LastSequence);
        Assert.False(File.Exists(stray));

        using (var writer = new JournalWriter(_directory, nextSequence: 11))
        {
            writer.Append(11, Payload(11));
            writer.Commit();
        }

        Assert.Equal(11, ScanAll().Scan.LastSequence);
    }

    /// <summary>Reads are made tiny so that headers and payloads split at every possible point; a record larger than a block grows the buffer.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(4096)]
    public void Records_across_block_boundaries_come_back_whole(int blockSize)
    {
        var written = new List<(long, string)>();
        using (var writer = new JournalWriter(_directory, 1, new JournalOptions(16 * 1024, Fsync: false)))
        {
            for (var sequence = 1L; sequence <= 400; sequence++)
            {
                var payload = sequence % 61 == 0 ? Encoding.UTF8.GetBytes(new string((char)('a' + (sequence % 26)), 5_000)) : Payload(sequence);
                writer.Append(sequence, payload);
                written.Add((sequence, Encoding.UTF8.GetString(payload)));
                if (sequence % 9 == 0)
                {
                    writer.Commit();
                }
            }

            writer.Commit();
        }

        var (scan, read) = ScanAll(blockSize: blockSize);
        Assert.Equal(written, read);
        Assert.Equal(400, scan.LastSequence);
        Assert.True(scan.Segments > 2, $"only {scan.Segments} segments");
        Assert.Equal(written[249..], ScanAll(from: 250, blockSize: blockSize).Read);
    }

    [Fact]
    public void A_scan_from_inside_a_segment_delivers_from_there_and_reports_the_segment()
    {
        var written = Write(first: 1, count: 100, segmentBytes: 1 << 20, batch: 10);

        var (scan, read) = ScanAll(from: 40);
        Assert.Equal(written[39..], read);
        Assert.Equal(new JournalScan(1, 100, 100, 1, null), scan);
    }

    /// <summary>Segments wholly before the start are not opened: damage in them, or one missing, goes unseen (as documented).</summary>
    [Fact]
    public void A_scan_from_a_later_segment_skips_the_earlier_ones_unread()
    {
        var written = Write(first: 1, count: 500, segmentBytes: 2 * 1024, batch: 10);
        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        var fourth = FirstSequenceOf(files[3]);
        var bytes = File.ReadAllBytes(files[1]);
        bytes[JournalFormat.SegmentHeaderSize + JournalFormat.RecordHeaderSize] ^= 0x01;
        File.WriteAllBytes(files[1], bytes);
        File.Delete(files[2]);

        foreach (var from in new[] { fourth, fourth + 3 })
        {
            var (scan, read) = ScanAll(from: from);
            Assert.Equal(written[(int)(from - 1)..], read);
            Assert.Equal(new JournalScan(fourth, 500, 500 - fourth + 1, files.Length - 3, null), scan);
        }

        Assert.Throws<JournalCorruptException>(() => ScanAll());
    }

    [Fact]
    public void A_missing_segment_after_the_start_of_a_scan_stops_recovery()
    {
        Write(first: 1, count: 500, segmentBytes: 2 * 1024, batch: 10);
        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        File.Delete(files[4]);

        var error = Assert.Throws<JournalCorruptException>(() => ScanAll(from: FirstSequenceOf(files[2]) + 1));
        Assert.Equal(files[5], error.File);
        Assert.Contains("missing", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scan_may_start_just_past_the_last_record_but_not_beyond_it_nor_before_the_first()
    {
        Write(first: 5, count: 6, segmentBytes: 1 << 20, batch: 3);

        var (scan, read) = ScanAll(from: 11);
        Assert.Empty(read);
        Assert.Equal(new JournalScan(5, 10, 6, 1, null), scan);

        var beyond = Assert.Throws<JournalCorruptException>(() => ScanAll(from: 12));
        Assert.Equal(_directory, beyond.File);
        Assert.Contains("ends at sequence 10", beyond.Reason, StringComparison.Ordinal);

        var before = Assert.Throws<JournalCorruptException>(() => ScanAll(from: 4));
        Assert.Equal(_directory, before.File);
        Assert.Contains("begins at sequence 5", before.Reason, StringComparison.Ordinal);
    }

    /// <summary>The tail is cut before the start is judged: a start just past a torn record is past the end.</summary>
    [Fact]
    public void A_torn_tail_is_cut_before_a_scan_from_a_sequence_checks_its_start()
    {
        Write(first: 1, count: 10, segmentBytes: 1 << 20, batch: 10);
        var file = Directory.GetFiles(_directory).Single();
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^2]);

        Assert.Throws<JournalCorruptException>(() => ScanAll(from: 11));
        var (scan, read) = ScanAll(from: 10);
        Assert.Empty(read);
        Assert.Equal(9, scan.LastSequence);
    }

    [Fact]
    public void A_scan_from_a_sequence_of_an_empty_journal_is_empty_there()
    {
        Assert.Equal(new JournalScan(42, 41, 0, 0, null), JournalReader.Scan(_directory, 42, (_, _) => { }));
    }

    private static long FirstSequenceOf(string file) => long.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);

    /// <summary>CRC-32C one bit at a time, straight from the reflected polynomial.</summary>
    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Payload(long sequence) => Encoding.UTF8.GetBytes($"command {sequence} " + new string('x', (int)(sequence % 50)));

    private List<(long Sequence, string Payload)> Write(long first, int count, long segmentBytes, int batch)
    {
        var written = new List<(long, string)>();
        using var writer = new JournalWriter(_directory, first, new JournalOptions(segmentBytes, Fsync: false));
        for (var sequence = first; sequence < first + count; sequence++)
        {
            var payload = Payload(sequence);
            writer.Append(sequence, payload);
            written.Add((sequence, Encoding.UTF8.GetString(payload)));
            if (sequence % batch == 0)
            {
                Assert.Equal(sequence, writer.Commit());
            }
        }

        writer.Commit();
        return written;
    }

    /// <summary>Scans from <paramref name="from"/> (null: the whole journal), reading <paramref name="blockSize"/> bytes at a time.</summary>
    private (JournalScan Scan, List<(long Sequence, string Payload)> Read) ScanAll(long? from = null, int blockSize = DefaultBlock)
    {
        var read = new List<(long, string)>();
        var scan = JournalReader.Scan(_directory, from, (sequence, payload) => read.Add((sequence, Encoding.UTF8.GetString(payload))), null, blockSize);
        return (scan, read);
    }
}
