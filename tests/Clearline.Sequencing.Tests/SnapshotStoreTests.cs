using Clearline.Sequencing.Snapshots;

namespace Clearline.Sequencing.Tests;

/// <summary>A snapshot reads back exactly as written or is refused with a reason; listing and pruning go by name, newest first.</summary>
public sealed class SnapshotStoreTests : IDisposable
{
    /// <summary>Not created here: <see cref="SnapshotStore.Write"/> creates it.</summary>
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clearline-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_snapshot_reads_back_as_written_and_a_rewrite_replaces_it()
    {
        var header = Header(1_234);
        var payload = Bytes(100_000, seed: 1);

        var path = SnapshotStore.Write(_directory, header, payload);
        Assert.Equal(Path.Combine(_directory, "00000000000000001234.snapshot"), path);
        Assert.True(SnapshotStore.TryRead(path, out var read, out var readPayload, out var error), error);
        Assert.Equal(header, read);
        Assert.Equal(payload, readPayload);

        var rewritten = header with { Timestamp = 99 };
        SnapshotStore.Write(_directory, rewritten, []);
        Assert.True(SnapshotStore.TryRead(path, out read, out readPayload, out error), error);
        Assert.Equal(rewritten, read);
        Assert.Empty(readPayload);
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_header_refuses_a_hash_of_the_wrong_size_and_a_negative_sequence()
    {
        Assert.Throws<ArgumentException>(() => new SnapshotHeader(1, 0, new byte[31]));
        Assert.Throws<ArgumentException>(() => Header(1) with { StateHash = new byte[33] });
        Assert.Throws<ArgumentOutOfRangeException>(() => Header(-1));
    }

    [Fact]
    public void Listing_is_newest_first_and_ignores_leftovers_and_strangers()
    {
        foreach (var sequence in new long[] { 5, 100, 20 })
        {
            SnapshotStore.Write(_directory, Header(sequence), Bytes(10, seed: (int)sequence));
        }

        File.WriteAllBytes(Path.Combine(_directory, SnapshotStore.FileName(7) + ".tmp"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_directory, "123.snapshot"), [1]);
        File.WriteAllBytes(Path.Combine(_directory, "latest.snapshot"), [1]);
        File.WriteAllBytes(Path.Combine(_directory, "notes.txt"), [1]);

        Assert.Equal([100L, 20, 5], SnapshotStore.List(_directory).Select(file => file.Sequence));
        Assert.Equal(Path.Combine(_directory, SnapshotStore.FileName(100)), SnapshotStore.List(_directory)[0].Path);
        Assert.Empty(SnapshotStore.List(Path.Combine(_directory, "missing")));
    }

    [Theory]
    [InlineData("payload", "checksum mismatch")]
    [InlineData("hash", "checksum mismatch")]
    [InlineData("truncated", "cut short")]
    [InlineData("stub", "too short")]
    [InlineData("magic", "bad magic")]
    [InlineData("version", "unknown format version")]
    [InlineData("renamed", "the header says sequence 10, the name 11")]
    [InlineData("missing", "cannot be read")]
    public void A_damaged_snapshot_is_refused_with_a_reason_naming_it(string damage, string reason)
    {
        var path = SnapshotStore.Write(_directory, Header(10), Bytes(1_000, seed: 3));
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "payload":
                bytes[SnapshotStore.HeaderSize + 500] ^= 0x10;
                File.WriteAllBytes(path, bytes);
                break;
            case "hash":
                bytes[30] ^= 0x01;
                File.WriteAllBytes(path, bytes);
                break;
            case "truncated":
                File.WriteAllBytes(path, bytes[..^10]);
                break;
            case "stub":
                File.WriteAllBytes(path, bytes[..20]);
                break;
            case "magic":
                bytes[0] ^= 0x01;
                File.WriteAllBytes(path, bytes);
                break;
            case "version":
                bytes[4] = 2;
                File.WriteAllBytes(path, bytes);
                break;
            case "renamed":
                var other = Path.Combine(_directory, SnapshotStore.FileName(11));
                File.Move(path, other);
                path = other;
                break;
            case "missing":
                File.Delete(path);
                break;
        }

        Assert.False(SnapshotStore.TryRead(path, out var header, out var payload, out var error));
        Assert.Null(header);
        Assert.Null(payload);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pruning_keeps_the_newest_and_removes_leftovers()
    {
        for (var sequence = 1L; sequence <= 5; sequence++)
        {
            SnapshotStore.Write(_directory, Header(sequence * 10), Bytes(10, seed: (int)sequence));
        }

        var leftover = Path.Combine(_directory, SnapshotStore.FileName(60) + ".tmp");
        File.WriteAllBytes(leftover, [1, 2, 3]);

        SnapshotStore.Prune(_directory, keep: 2);
        Assert.Equal([50L, 40], SnapshotStore.List(_directory).Select(file => file.Sequence));
        Assert.False(File.Exists(leftover));
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotStore.Prune(_directory, keep: 0));
        SnapshotStore.Prune(Path.Combine(_directory, "missing"), keep: 1);
    }

    private static SnapshotHeader Header(long sequence) => new(sequence, 1_700_000_000_000_000 + sequence, Bytes(SnapshotHeader.StateHashSize, seed: 9));

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
