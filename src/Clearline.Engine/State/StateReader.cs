using System.Buffers.Binary;

namespace Clearline.Engine;

/// <summary>Reads fields in order; running out is an <see cref="InvalidDataException"/> that says what was cut off and where.</summary>
internal ref struct StateReader(ReadOnlySpan<byte> source, int position)
{
    private readonly ReadOnlySpan<byte> _source = source;
    private int _position = position;

    public readonly int Remaining => _source.Length - _position;

    public ReadOnlySpan<byte> Take(long size, string what)
    {
        if (size > Remaining)
        {
            throw new InvalidDataException($"truncated at byte {_position}: {what} needs {size} bytes, {Remaining} remain");
        }

        var span = _source.Slice(_position, (int)size);
        _position += (int)size;
        return span;
    }

    public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public long Int64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public Hash256 Hash(string what) => new(Take(Hash256.Size, what));

    public byte Byte(string what) => Take(1, what)[0];

    public Int128 Int128(string what) => BinaryPrimitives.ReadInt128LittleEndian(Take(16, what));

    /// <summary>A count of items of <paramref name="itemSize"/> bytes each, refused when negative or more than the bytes left could hold.</summary>
    public int Count(string what, int itemSize)
    {
        var count = Int32(what);
        if (count < 0 || (long)count * itemSize > Remaining)
        {
            throw new InvalidDataException($"{what} {count} at byte {_position - 4} is negative or more than the {Remaining} bytes left hold");
        }

        return count;
    }
}
