using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clearline.Matching.Internal;

/// <summary>
/// One side's price levels, stored densely by price: the level at price p is element p mod 4,096 of page
/// p / 4,096, so finding it is two loads and there is no level pool, tree or sorting. A bitmap per page
/// (with a one-word summary) and a bitmap over pages find the next occupied price in a few bit scans.
/// </summary>
/// <remarks>
/// A page (96 KiB of levels plus a 512-byte bitmap) is allocated the first time an order lands on it.
/// When its last level empties it goes to a small pool of spare pages (or to the GC once the pool is
/// full), so memory follows the live spread of resting prices and a warmed book allocates nothing. The
/// page directory costs 24 bytes per 4,096 ticks of the instrument's price range per side. Price bands
/// around the mark (risk layer) keep the live spread narrow.
/// </remarks>
internal sealed class PriceLevels
{
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;
    private const int WordsPerPage = PageSize / 64;

    /// <summary>Emptied pages kept for reuse, so a level that keeps emptying and refilling costs no allocation.</summary>
    private const int MaxSparePages = 16;

    private readonly LevelNode[]?[] _pages;
    private readonly ulong[]?[] _words;
    private readonly ulong[] _summaries;
    private readonly ulong[] _occupiedPages;
    private readonly Stack<(LevelNode[] Levels, ulong[] Words)> _sparePages = new(MaxSparePages);

    public PriceLevels(long maxPriceTicks)
    {
        var pageCount = checked((int)(maxPriceTicks >> PageBits) + 1);
        _pages = new LevelNode[]?[pageCount];
        _words = new ulong[]?[pageCount];
        _summaries = new ulong[pageCount];
        _occupiedPages = new ulong[(pageCount + 63) >> 6];
    }

    /// <summary>The level at <paramref name="price"/>; it must be open (an order rests there) or just emptied and not yet closed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref LevelNode At(long price) => ref _pages[price >> PageBits]![price & PageMask];

    /// <summary>The level at <paramref name="price"/>, allocating its page on first use; Count is 0 when the level is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref LevelNode Open(long price)
    {
        var page = _pages[price >> PageBits] ?? AllocatePage(price);
        return ref page[price & PageMask];
    }

    /// <summary>Starts loading the level at <paramref name="price"/> if its page exists (lookahead hint).</summary>
    public void Prefetch(long price)
    {
        var pageIndex = price >> PageBits;
        if ((ulong)pageIndex < (ulong)_pages.Length && _pages[pageIndex] is { } page)
        {
            CacheHint.Load(ref page[price & PageMask]);
        }
    }

    public void MarkOccupied(long price)
    {
        var pageIndex = (int)(price >> PageBits);
        var slot = (int)(price & PageMask);
        _words[pageIndex]![slot >> 6] |= 1UL << slot;
        _summaries[pageIndex] |= 1UL << (slot >> 6);
        _occupiedPages[pageIndex >> 6] |= 1UL << pageIndex;
    }

    public void MarkEmpty(long price)
    {
        var pageIndex = (int)(price >> PageBits);
        var slot = (int)(price & PageMask);
        ref var word = ref _words[pageIndex]![slot >> 6];
        word &= ~(1UL << slot);
        if (word == 0)
        {
            ref var summary = ref _summaries[pageIndex];
            summary &= ~(1UL << (slot >> 6));
            if (summary == 0)
            {
                _occupiedPages[pageIndex >> 6] &= ~(1UL << pageIndex);
                ReleasePage(pageIndex);
            }
        }
    }

    /// <summary>The lowest occupied price above <paramref name="price"/>, or <see cref="long.MaxValue"/>.</summary>
    public long NextAbove(long price)
    {
        var from = price + 1;
        var pageIndex = (int)(from >> PageBits);
        if (pageIndex >= _pages.Length)
        {
            return long.MaxValue;
        }

        var summary = _summaries[pageIndex];
        if (summary != 0)
        {
            var words = _words[pageIndex]!;
            var slot = (int)(from & PageMask);
            var wordIndex = slot >> 6;
            var bits = words[wordIndex] & (ulong.MaxValue << slot);
            if (bits != 0)
            {
                return PriceAt(pageIndex, wordIndex, BitOperations.TrailingZeroCount(bits));
            }

            var later = wordIndex == 63 ? 0 : summary & (ulong.MaxValue << (wordIndex + 1));
            if (later != 0)
            {
                wordIndex = BitOperations.TrailingZeroCount(later);
                return PriceAt(pageIndex, wordIndex, BitOperations.TrailingZeroCount(words[wordIndex]));
            }
        }

        var next = NextOccupiedPage(pageIndex + 1);
        if (next < 0)
        {
            return long.MaxValue;
        }

        var first = BitOperations.TrailingZeroCount(_summaries[next]);
        return PriceAt(next, first, BitOperations.TrailingZeroCount(_words[next]![first]));
    }

    /// <summary>The highest occupied price below <paramref name="price"/>, or 0.</summary>
    public long NextBelow(long price)
    {
        var from = Math.Min(price - 1, ((long)_pages.Length << PageBits) - 1);
        if (from < 0)
        {
            return 0;
        }

        var pageIndex = (int)(from >> PageBits);
        var summary = _summaries[pageIndex];
        if (summary != 0)
        {
            var words = _words[pageIndex]!;
            var slot = (int)(from & PageMask);
            var wordIndex = slot >> 6;
            var bits = words[wordIndex] & (ulong.MaxValue >> (63 - (slot & 63)));
            if (bits != 0)
            {
                return PriceAt(pageIndex, wordIndex, Highest(bits));
            }

            var earlier = summary & ((1UL << wordIndex) - 1);
            if (earlier != 0)
            {
                wordIndex = Highest(earlier);
                return PriceAt(pageIndex, wordIndex, Highest(words[wordIndex]));
            }
        }

        var previous = PreviousOccupiedPage(pageIndex - 1);
        if (previous < 0)
        {
            return 0;
        }

        var last = Highest(_summaries[previous]);
        return PriceAt(previous, last, Highest(_words[previous]![last]));
    }

    private static int Highest(ulong bits) => 63 - BitOperations.LeadingZeroCount(bits);

    private static long PriceAt(int pageIndex, int wordIndex, int bit) =>
        ((long)pageIndex << PageBits) | ((long)wordIndex << 6) | (long)bit;

    private int NextOccupiedPage(int fromPage)
    {
        for (var word = fromPage >> 6; word < _occupiedPages.Length && fromPage < _pages.Length; word++)
        {
            var bits = _occupiedPages[word];
            if (word == fromPage >> 6)
            {
                bits &= ulong.MaxValue << (fromPage & 63);
            }

            if (bits != 0)
            {
                return (word << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }

        return -1;
    }

    private int PreviousOccupiedPage(int fromPage)
    {
        for (var word = fromPage >> 6; fromPage >= 0 && word >= 0; word--)
        {
            var bits = _occupiedPages[word];
            if (word == fromPage >> 6)
            {
                bits &= ulong.MaxValue >> (63 - (fromPage & 63));
            }

            if (bits != 0)
            {
                return (word << 6) + Highest(bits);
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LevelNode[] AllocatePage(long price)
    {
        var pageIndex = (int)(price >> PageBits);
        var (levels, words) = _sparePages.Count > 0 ? _sparePages.Pop() : (new LevelNode[PageSize], new ulong[WordsPerPage]);
        _words[pageIndex] = words;
        return _pages[pageIndex] = levels;
    }

    /// <summary>Gives up an emptied page: every level in it has Count 0 and Displayed 0, every bitmap word is 0.</summary>
    private void ReleasePage(int pageIndex)
    {
        if (_sparePages.Count < MaxSparePages)
        {
            _sparePages.Push((_pages[pageIndex]!, _words[pageIndex]!));
        }

        _pages[pageIndex] = null;
        _words[pageIndex] = null;
    }
}
