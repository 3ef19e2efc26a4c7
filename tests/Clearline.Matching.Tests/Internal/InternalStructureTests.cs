using Clearline.Matching.Internal;

namespace Clearline.Matching.Tests.Internal;

/// <summary>The book's internal structures against plain collections, on long random operation sequences.</summary>
public sealed class InternalStructureTests
{
    /// <summary>Ids that crowd few buckets (a small table, many collisions) so backward-shift deletion is exercised hard.</summary>
    [Theory]
    [InlineData(1, 64, 20_000)]
    [InlineData(2, 4_000, 200_000)]
    public void Order_index_finds_exactly_what_a_dictionary_holds(int seed, int liveTarget, int steps)
    {
        var random = new Random(seed);
        var orders = new OrderNode[liveTarget * 2];
        var index = new OrderIndex(4);
        var expected = new Dictionary<long, int>();
        var freeSlots = new Stack<int>(Enumerable.Range(0, orders.Length).Reverse());
        long nextId = 1;
        for (var step = 0; step < steps; step++)
        {
            if (freeSlots.Count > 0 && (expected.Count < liveTarget || random.Next(2) == 0))
            {
                var slot = freeSlots.Pop();
                var id = nextId += 1 + random.Next(3);
                orders[slot].Id = id;
                index.Add(id, slot);
                expected.Add(id, slot);
            }
            else
            {
                var (id, slot) = expected.ElementAt(random.Next(expected.Count));
                index.Remove(id, slot);
                expected.Remove(id);
                freeSlots.Push(slot);
            }

            if (step % 97 == 0)
            {
                foreach (var (id, slot) in expected)
                {
                    Assert.Equal(slot, index.Find(id, orders));
                }

                Assert.Equal(-1, index.Find(nextId + 1, orders));
            }
        }

        foreach (var (id, slot) in expected)
        {
            Assert.Equal(slot, index.Find(id, orders));
        }
    }

    [Fact]
    public void Long_int_map_agrees_with_a_dictionary_under_churn()
    {
        var random = new Random(3);
        var map = new LongIntMap(2);
        var expected = new Dictionary<long, int>();
        for (var step = 0; step < 100_000; step++)
        {
            var key = random.Next(-500, 500);
            if (expected.ContainsKey(key))
            {
                map.Remove(key);
                expected.Remove(key);
            }
            else
            {
                map.Add(key, step);
                expected.Add(key, step);
            }

            Assert.Equal(expected.Count, map.Count);
            var probe = random.Next(-500, 500);
            Assert.Equal(expected.TryGetValue(probe, out var value) ? value : -1, map.Get(probe));
        }
    }

    /// <summary>Occupied prices spread over many pages and words, including the very first and last price of the range.</summary>
    [Fact]
    public void Price_levels_find_the_next_occupied_price_like_a_sorted_set()
    {
        const long MaxPrice = (1 << 20) - 1;
        var random = new Random(4);
        var levels = new PriceLevels(MaxPrice);
        var expected = new SortedSet<long>();
        long Pick() => random.Next(4) switch
        {
            0 => random.NextInt64(1, MaxPrice + 1),
            1 => 1 + random.Next(200),
            2 => MaxPrice - random.Next(200),
            _ => ((long)random.Next(1, 256) << 12) + random.Next(-70, 70),
        };

        for (var step = 0; step < 30_000; step++)
        {
            var price = Math.Clamp(Pick(), 1, MaxPrice);
            if (expected.Remove(price))
            {
                levels.MarkEmpty(price);
            }
            else
            {
                levels.Open(price);
                levels.MarkOccupied(price);
                expected.Add(price);
            }

            var probe = Math.Clamp(Pick(), 0, MaxPrice + 1);
            var above = expected.GetViewBetween(probe + 1, long.MaxValue);
            var below = expected.GetViewBetween(long.MinValue, probe - 1);
            Assert.Equal(above.Count == 0 ? long.MaxValue : above.Min, levels.NextAbove(probe));
            Assert.Equal(below.Count == 0 ? 0 : below.Max, levels.NextBelow(probe));
        }
    }
}
