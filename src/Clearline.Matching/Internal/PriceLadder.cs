using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clearline.Matching.Internal;

/// <summary>
/// One side's map from price (in ticks) to price-level slot, with O(1) lookup and fast "next occupied
/// price" search. Prices are split into pages of 4,096 ticks; a page (a slot array and a 64-word bitmap
/// with a one-word summary) is allocated the first time an order lands on it and kept afterwards, so a
/// warmed book allocates nothing. A bitmap over pages finds the next occupied page.
/// </summary>
/// <remarks>
/// Memory: 8 bytes per 4,096 ticks of the instrument's price range for the page directory, plus about
/// 16.5 KiB per page ever used. Lookup is two dependent loads; the next-price search is a few bit scans.
/// </remarks>
internal sealed class PriceLadder
{
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;
    private const int WordsPerPage = PageSize / 64;

    private readonly Page?[] _pages;
    private readonly ulong[] _occupiedPages;

    public PriceLadder(long maxPriceTicks)
    {
        var pageCount = checked((int)(maxPriceTicks >> PageBits) + 1);
        _pages = new Page?[pageCount];
        _occupiedPages = new ulong[(pageCount + 63) >> 6];
    }

    /// <summary>The level slot at <paramref name="price"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(long price)
    {
        var page = _pages[price >> PageBits];
        return page is null ? -1 : page.Slots[price & PageMask] - 1;
    }

    public void Set(long price, int level)
    {
        var pageIndex = (int)(price >> PageBits);
        var page = _pages[pageIndex] ??= new Page();
        var slot = (int)(price & PageMask);
        page.Slots[slot] = level + 1;
        page.Words[slot >> 6] |= 1UL << slot;
        page.Summary |= 1UL << (slot >> 6);
        _occupiedPages[pageIndex >> 6] |= 1UL << pageIndex;
    }

    public void Clear(long price)
    {
        var pageIndex = (int)(price >> PageBits);
        var page = _pages[pageIndex]!;
        var slot = (int)(price & PageMask);
        page.Slots[slot] = 0;
        ref var word = ref page.Words[slot >> 6];
        word &= ~(1UL << slot);
        if (word == 0)
        {
            page.Summary &= ~(1UL << (slot >> 6));
            if (page.Summary == 0)
            {
                _occupiedPages[pageIndex >> 6] &= ~(1UL << pageIndex);
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

        var page = _pages[pageIndex];
        if (page is not null && page.Summary != 0)
        {
            var slot = (int)(from & PageMask);
            var wordIndex = slot >> 6;
            var bits = page.Words[wordIndex] & (ulong.MaxValue << slot);
            if (bits != 0)
            {
                return PriceAt(pageIndex, wordIndex, bits, lowest: true);
            }

            var words = wordIndex == 63 ? 0 : page.Summary & (ulong.MaxValue << (wordIndex + 1));
            if (words != 0)
            {
                wordIndex = BitOperations.TrailingZeroCount(words);
                return PriceAt(pageIndex, wordIndex, page.Words[wordIndex], lowest: true);
            }
        }

        var next = NextOccupiedPage(pageIndex + 1);
        if (next < 0)
        {
            return long.MaxValue;
        }

        var nextPage = _pages[next]!;
        var firstWord = BitOperations.TrailingZeroCount(nextPage.Summary);
        return PriceAt(next, firstWord, nextPage.Words[firstWord], lowest: true);
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
        var page = _pages[pageIndex];
        if (page is not null && page.Summary != 0)
        {
            var slot = (int)(from & PageMask);
            var wordIndex = slot >> 6;
            var bits = page.Words[wordIndex] & (ulong.MaxValue >> (63 - (slot & 63)));
            if (bits != 0)
            {
                return PriceAt(pageIndex, wordIndex, bits, lowest: false);
            }

            var words = page.Summary & ((1UL << wordIndex) - 1);
            if (words != 0)
            {
                wordIndex = 63 - BitOperations.LeadingZeroCount(words);
                return PriceAt(pageIndex, wordIndex, page.Words[wordIndex], lowest: false);
            }
        }

        var previous = PreviousOccupiedPage(pageIndex - 1);
        if (previous < 0)
        {
            return 0;
        }

        var previousPage = _pages[previous]!;
        var lastWord = 63 - BitOperations.LeadingZeroCount(previousPage.Summary);
        return PriceAt(previous, lastWord, previousPage.Words[lastWord], lowest: false);
    }

    private static long PriceAt(int pageIndex, int wordIndex, ulong bits, bool lowest)
    {
        var bit = lowest ? BitOperations.TrailingZeroCount(bits) : 63 - BitOperations.LeadingZeroCount(bits);
        return ((long)pageIndex << PageBits) | ((long)wordIndex << 6) | (long)bit;
    }

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
                return (word << 6) + 63 - BitOperations.LeadingZeroCount(bits);
            }
        }

        return -1;
    }

    private sealed class Page
    {
        /// <summary>Level slot + 1 per price; 0 means no level.</summary>
        public readonly int[] Slots = new int[PageSize];

        /// <summary>Bit per price: a level exists.</summary>
        public readonly ulong[] Words = new ulong[WordsPerPage];

        /// <summary>Bit per word: the word is non-zero.</summary>
        public ulong Summary;
    }
}
