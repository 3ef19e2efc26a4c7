using System.Security.Cryptography;

namespace Clearline.Engine;

/// <summary>Where a <see cref="StateWriter"/> hands its buffer when it is full: a stream or a running hash.</summary>
internal interface IChunkTarget
{
    void Write(ReadOnlySpan<byte> chunk);
}

internal sealed class StreamTarget(Stream stream) : IChunkTarget
{
    public void Write(ReadOnlySpan<byte> chunk) => stream.Write(chunk);
}

internal sealed class HashTarget(IncrementalHash hash) : IChunkTarget
{
    public void Write(ReadOnlySpan<byte> chunk) => hash.AppendData(chunk);
}

/// <summary>
/// Fills a buffer field by field for <see cref="EngineStateCodec"/>. With a target, the buffer is a reusable
/// chunk passed on whenever the next record does not fit, so a million orders stream through 64 KiB; without
/// one, the buffer is the whole, exactly sized encoding.
/// </summary>
internal ref struct StateWriter(Span<byte> buffer, IChunkTarget? target)
{
    private readonly Span<byte> _buffer = buffer;
    private int _position;

    /// <summary>The next <paramref name="size"/> bytes, to be filled by the caller.</summary>
    public Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _position < size)
        {
            if (target is null)
            {
                throw new InvalidOperationException("the state outgrew its encoding: it changed while it was being encoded");
            }

            target.Write(_buffer[.._position]);
            _position = 0;
        }

        var span = _buffer.Slice(_position, size);
        _position += size;
        return span;
    }

    /// <summary>Copies <paramref name="bytes"/> in, in pieces no larger than the buffer.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var size = Math.Min(bytes.Length, _buffer.Length);
            bytes[..size].CopyTo(Reserve(size));
            bytes = bytes[size..];
        }
    }

    /// <summary>Passes on what is left in the buffer; without a target, checks that the buffer is exactly full.</summary>
    public void Complete()
    {
        if (target is null)
        {
            if (_position != _buffer.Length)
            {
                throw new InvalidOperationException("the state fell short of its encoding: it changed while it was being encoded");
            }

            return;
        }

        target.Write(_buffer[.._position]);
        _position = 0;
    }
}
