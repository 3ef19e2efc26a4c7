using System.Buffers.Binary;
using System.Numerics;

namespace Clearline.Sequencing.Journal;

/// <summary>CRC-32C (Castagnoli), the checksum of every journal record; hardware-accelerated where the CPU has it.</summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var crc = ~seed;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        // A record's tail is a few bytes: in at most three steps rather than one per byte.
        if (data.Length >= sizeof(uint))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[sizeof(uint)..];
        }

        if (data.Length >= sizeof(ushort))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt16LittleEndian(data));
            data = data[sizeof(ushort)..];
        }

        if (!data.IsEmpty)
        {
            crc = BitOperations.Crc32C(crc, data[0]);
        }

        return ~crc;
    }
}
