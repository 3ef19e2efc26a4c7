using System.Runtime.CompilerServices;

namespace Clearline.Matching.Internal;

/// <summary>
/// An open-addressing hash map from long keys to int values: linear probing, Fibonacci hashing and
/// backward-shift deletion (no tombstones, so probe chains never rot). Key and value share an entry, so
/// a hit costs one cache line. It grows (allocating) only when more than half full; a steady-state
/// book never grows it. Iteration order is never exposed, so nothing can depend on it.
/// </summary>
internal sealed class LongIntMap
{
    private const long Empty = long.MinValue;

    private Entry[] _entries;
    private int _shift;
    private int _mask;

    public LongIntMap(int initialCapacity)
    {
        var capacity = 16;
        while (capacity < initialCapacity * 2)
        {
            capacity <<= 1;
        }

        _entries = NewEntries(capacity);
        _mask = capacity - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
    }

    public int Count { get; private set; }

    /// <summary>The value for <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(long key)
    {
        var entries = _entries;
        var index = Home(key);
        while (true)
        {
            ref var entry = ref entries[index];
            if (entry.Key == key)
            {
                return entry.Value;
            }

            if (entry.Key == Empty)
            {
                return -1;
            }

            index = (index + 1) & _mask;
        }
    }

    /// <summary>Adds a key that is not present.</summary>
    public void Add(long key, int value)
    {
        if ((Count + 1) * 2 > _entries.Length)
        {
            Grow();
        }

        var index = Home(key);
        while (_entries[index].Key != Empty)
        {
            index = (index + 1) & _mask;
        }

        _entries[index] = new Entry { Key = key, Value = value };
        Count++;
    }

    public void Remove(long key)
    {
        var index = Home(key);
        while (_entries[index].Key != key)
        {
            index = (index + 1) & _mask;
        }

        // Backward-shift: pull later entries of the probe run into the hole when their home allows it.
        var hole = index;
        while (true)
        {
            index = (index + 1) & _mask;
            var candidate = _entries[index];
            if (candidate.Key == Empty)
            {
                break;
            }

            var home = Home(candidate.Key);
            var distanceToHole = (hole - home) & _mask;
            var distanceToCandidate = (index - home) & _mask;
            if (distanceToHole < distanceToCandidate)
            {
                _entries[hole] = candidate;
                hole = index;
            }
        }

        _entries[hole].Key = Empty;
        Count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var old = _entries;
        _entries = NewEntries(old.Length * 2);
        _mask = _entries.Length - 1;
        _shift--;
        Count = 0;
        foreach (var entry in old)
        {
            if (entry.Key != Empty)
            {
                Add(entry.Key, entry.Value);
            }
        }
    }

    private static Entry[] NewEntries(int capacity)
    {
        var entries = new Entry[capacity];
        entries.AsSpan().Fill(new Entry { Key = Empty, Value = -1 });
        return entries;
    }

    private struct Entry
    {
        public long Key;
        public int Value;
    }
}
