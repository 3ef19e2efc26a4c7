using System.Runtime.CompilerServices;

namespace Clearline.Matching.Internal;

/// <summary>
/// Order id → order slot: open addressing with linear probing and 8-byte entries holding the upper
/// 32 bits of the id's Fibonacci hash and the slot. The hash's top bits are the home bucket, so deletion
/// shifts entries back without reading any order; a lookup confirms the id on the order itself, which the
/// caller reads next anyway. Half the size of a key-and-value map, so more of it stays in cache.
/// </summary>
/// <remarks>Grows (allocating) only when more than half full; iteration order is never exposed.</remarks>
internal sealed class OrderIndex
{
    private ulong[] _entries;
    private int _bits;
    private int _mask;
    private int _count;

    public OrderIndex(int initialCapacity)
    {
        _bits = 4;
        while ((1 << _bits) < initialCapacity * 2)
        {
            _bits++;
        }

        _entries = new ulong[1 << _bits];
        _mask = _entries.Length - 1;
    }

    /// <summary>The slot of the order with <paramref name="id"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long id, OrderNode[] orders)
    {
        var fingerprint = Fingerprint(id);
        var entries = _entries;
        var index = Home(fingerprint);
        while (true)
        {
            var entry = entries[index];
            if (entry == 0)
            {
                return -1;
            }

            if ((uint)(entry >> 32) == fingerprint)
            {
                var slot = (int)(uint)entry - 1;
                if (orders[slot].Id == id)
                {
                    return slot;
                }
            }

            index = (index + 1) & _mask;
        }
    }

    /// <summary>Starts loading the id's home bucket (lookahead hint; reads and changes nothing).</summary>
    public void PrefetchBucket(long id) => CacheHint.Load(ref _entries[Home(Fingerprint(id))]);

    /// <summary>The slot whose fingerprint matches first, without reading any order (a guess for prefetching); -1 if none.</summary>
    public int Candidate(long id)
    {
        var fingerprint = Fingerprint(id);
        var index = Home(fingerprint);
        while (true)
        {
            var entry = _entries[index];
            if (entry == 0 || (uint)(entry >> 32) == fingerprint)
            {
                return (int)(uint)entry - 1;
            }

            index = (index + 1) & _mask;
        }
    }

    /// <summary>Adds an id that is not present.</summary>
    public void Add(long id, int slot)
    {
        if ((_count + 1) * 2 > _entries.Length)
        {
            Grow();
        }

        Insert(((ulong)Fingerprint(id) << 32) | (uint)(slot + 1));
        _count++;
    }

    /// <summary>Removes the entry of <paramref name="id"/>, which is at <paramref name="slot"/>.</summary>
    public void Remove(long id, int slot)
    {
        var expected = ((ulong)Fingerprint(id) << 32) | (uint)(slot + 1);
        var index = Home(Fingerprint(id));
        while (_entries[index] != expected)
        {
            index = (index + 1) & _mask;
        }

        // Backward shift: pull later entries of the probe run into the hole when their home allows it.
        var hole = index;
        while (true)
        {
            index = (index + 1) & _mask;
            var candidate = _entries[index];
            if (candidate == 0)
            {
                break;
            }

            var home = Home((uint)(candidate >> 32));
            if (((hole - home) & _mask) < ((index - home) & _mask))
            {
                _entries[hole] = candidate;
                hole = index;
            }
        }

        _entries[hole] = 0;
        _count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Fingerprint(long id) => (uint)(((ulong)id * 0x9E3779B97F4A7C15UL) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(uint fingerprint) => (int)(fingerprint >> (32 - _bits));

    private void Insert(ulong entry)
    {
        var index = Home((uint)(entry >> 32));
        while (_entries[index] != 0)
        {
            index = (index + 1) & _mask;
        }

        _entries[index] = entry;
    }

    private void Grow()
    {
        var old = _entries;
        _bits++;
        _entries = new ulong[1 << _bits];
        _mask = _entries.Length - 1;
        foreach (var entry in old)
        {
            if (entry != 0)
            {
                Insert(entry);
            }
        }
    }
}
