using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Clearline.Sequencing.Journal;

namespace Clearline.Sequencing.Snapshots;

/// <summary>What a snapshot says about the state it holds.</summary>
/// <param name="Sequence">The last sequence applied to the state: replay resumes at the next one.</param>
/// <param name="Timestamp">The sequencer's timestamp of that command, microseconds since the Unix epoch.</param>
/// <param name="StateHash">The state's hash, exactly <see cref="StateHashSize"/> bytes: a restore must reproduce it.</param>
public sealed record SnapshotHeader(long Sequence, long Timestamp, ReadOnlyMemory<byte> StateHash)
{
    public const int StateHashSize = 32;

    public long Sequence { get; init => field = CheckSequence(value); } = CheckSequence(Sequence);

    /// <summary>A copy of the bytes given, so the header cannot change under its reader.</summary>
    public ReadOnlyMemory<byte> StateHash { get; init => field = CheckHash(value); } = CheckHash(StateHash);

    /// <summary>Equal when the hashes hold the same bytes (a memory's own equality compares where it points).</summary>
    public bool Equals(SnapshotHeader? other) =>
        other is not null && Sequence == other.Sequence && Timestamp == other.Timestamp && StateHash.Span.SequenceEqual(other.StateHash.Span);

    public override int GetHashCode() => HashCode.Combine(Sequence, Timestamp, BinaryPrimitives.ReadInt64LittleEndian(StateHash.Span));

    private static long CheckSequence(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return sequence;
    }

    private static ReadOnlyMemory<byte> CheckHash(ReadOnlyMemory<byte> hash) =>
        hash.Length == StateHashSize
            ? hash.ToArray()
            : throw new ArgumentException($"a state hash is {StateHashSize} bytes, not {hash.Length}", nameof(hash));
}

/// <summary>A snapshot file as <see cref="SnapshotStore.List"/> finds it: by name, unread.</summary>
public sealed record SnapshotFile(string Path, long Sequence);

/// <summary>
/// Snapshots of the engine's state, one file each, named <c>{sequence:D20}.snapshot</c> after the last
/// sequence applied. Little-endian: a 64-byte header — magic <c>CLS1</c> (u32), format version (u32),
/// sequence (i64), timestamp (i64), state hash (32 bytes), payload length (i64) — then the payload (the
/// engine's encoded state, opaque here), then a CRC-32C (u32) over header and payload.
/// </summary>
/// <remarks>
/// A snapshot appears whole or not at all: it is written to a temporary file beside its final name,
/// fsynced, renamed over that name, and the directory flushed. A crash mid-write leaves only a
/// <c>.snapshot.tmp</c> file, which <see cref="List"/> ignores and <see cref="Prune"/> removes.
/// One writer per directory.
/// </remarks>
public static class SnapshotStore
{
    public const uint Magic = 0x31534C43; // "CLS1"
    public const uint Version = 1;
    public const int HeaderSize = 64;
    public const string Extension = ".snapshot";

    private const string TemporarySuffix = ".tmp";
    private const int ChecksumSize = sizeof(uint);
    private const int SequenceDigits = 20;

    public static string FileName(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Writes a snapshot atomically and durably (creating the directory); returns its path. An existing snapshot of the same sequence is replaced.</summary>
    public static string Write(string directory, SnapshotHeader header, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(header);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName(header.Sequence));
        var temporary = path + TemporarySuffix;
        Span<byte> head = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(head, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(head[8..], header.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(head[16..], header.Timestamp);
        header.StateHash.Span.CopyTo(head[24..]);
        BinaryPrimitives.WriteInt64LittleEndian(head[56..], payload.Length);
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32C.Compute(payload, Crc32C.Compute(head)));

        // Unbuffered, so a large payload goes to the file as it is; preallocated, so a full disk fails at once.
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            PreallocationSize = HeaderSize + payload.Length + ChecksumSize,
        };
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(head);
                stream.Write(payload);
                stream.Write(checksum);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        DirectorySync.Flush(directory);
        return path;
    }

    /// <summary>The snapshots in <paramref name="directory"/>, newest first by the sequence in their names; other files are ignored.</summary>
    public static IReadOnlyList<SnapshotFile> List(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var found = new List<SnapshotFile>();
        foreach (var path in Directory.GetFiles(directory, "*" + Extension))
        {
            if (TryParseName(path, out var sequence))
            {
                found.Add(new SnapshotFile(path, sequence));
            }
        }

        return [.. found.OrderByDescending(file => file.Sequence)];
    }

    /// <summary>
    /// Reads a snapshot and checks all of it: name, size, magic, version, checksum, and that the header's
    /// sequence is the one in the name. A damaged or unreadable file gives false and a reason naming it.
    /// </summary>
    public static bool TryRead(
        string path,
        [NotNullWhen(true)] out SnapshotHeader? header,
        [NotNullWhen(true)] out byte[]? payload,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        header = null;
        payload = null;
        if (!TryParseName(path, out var named))
        {
            return Fail(path, $"the name is not a {SequenceDigits}-digit sequence and {Extension}", out error);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var length = stream.Length;
            if (length < HeaderSize + ChecksumSize)
            {
                return Fail(path, $"{length} bytes is too short for a snapshot", out error);
            }

            Span<byte> head = stackalloc byte[HeaderSize];
            stream.ReadExactly(head);
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
            var version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(head[56..]);
            if (magic != Magic)
            {
                return Fail(path, $"bad magic {magic:X8}", out error);
            }

            if (version != Version)
            {
                return Fail(path, $"unknown format version {version}", out error);
            }

            if (payloadLength < 0 || payloadLength != length - HeaderSize - ChecksumSize)
            {
                return Fail(path, $"the header announces a payload of {payloadLength} bytes, but the file holds {length - HeaderSize - ChecksumSize} (cut short or damaged)", out error);
            }

            if (payloadLength > Array.MaxLength)
            {
                return Fail(path, $"a payload of {payloadLength} bytes is too large to read", out error);
            }

            var body = GC.AllocateUninitializedArray<byte>((int)payloadLength);
            stream.ReadExactly(body);
            Span<byte> checksum = stackalloc byte[ChecksumSize];
            stream.ReadExactly(checksum);
            if (BinaryPrimitives.ReadUInt32LittleEndian(checksum) != Crc32C.Compute(body, Crc32C.Compute(head)))
            {
                return Fail(path, "checksum mismatch", out error);
            }

            var sequence = BinaryPrimitives.ReadInt64LittleEndian(head[8..]);
            if (sequence != named)
            {
                return Fail(path, $"the header says sequence {sequence}, the name {named}", out error);
            }

            header = new SnapshotHeader(sequence, BinaryPrimitives.ReadInt64LittleEndian(head[16..]), head.Slice(24, SnapshotHeader.StateHashSize).ToArray());
            payload = body;
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(path, $"cannot be read: {e.Message}", out error);
        }
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> snapshots (by name, unread), and the leftovers of writes a crash cut short.</summary>
    /// <remarks>
    /// <paramref name="keep"/> is at least one: the newest snapshot is where recovery starts. Not to run
    /// alongside <see cref="Write"/>, whose temporary file it would take for a leftover. Deletions are not
    /// flushed: one a crash undoes leaves an old file for the next prune.
    /// </remarks>
    public static void Prune(string directory, int keep)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.GetFiles(directory, "*" + Extension + TemporarySuffix))
        {
            File.Delete(leftover);
        }

        foreach (var old in List(directory).Skip(keep))
        {
            File.Delete(old.Path);
        }
    }

    private static bool TryParseName(string path, out long sequence)
    {
        var name = Path.GetFileName(path.AsSpan());
        sequence = 0;
        return name.Length == SequenceDigits + Extension.Length
            && name.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(name[..SequenceDigits], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    private static bool Fail(string path, string reason, out string error)
    {
        error = $"snapshot {path}: {reason}";
        return false;
    }
}
