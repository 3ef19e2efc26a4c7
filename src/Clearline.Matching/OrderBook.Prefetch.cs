using Clearline.Domain;
using Clearline.Matching.Internal;

namespace Clearline.Matching;

/// <summary>
/// Lookahead: a caller that holds a batch of commands (the engine reads them from a ring) can tell the book
/// what the next ones will touch, so that memory is on its way while the current command runs. In a book
/// far larger than the CPU caches this hides most of the memory latency of an amend or cancel.
/// </summary>
/// <remarks>
/// Pure hints: they change nothing and their only effect is on timing, so determinism is untouched. The
/// order lookup is two dependent loads, hence two stages: <see cref="PrefetchIndex"/> two or more commands
/// ahead, then <see cref="PrefetchOrder"/> (and <see cref="PrefetchLevel"/>) one command ahead.
/// </remarks>
public sealed partial class OrderBook
{
    /// <summary>Stage one: start loading the order index bucket of <paramref name="id"/>.</summary>
    public void PrefetchIndex(OrderId id) => _orderIds.PrefetchBucket(id.Value);

    /// <summary>Stage two: start loading the order itself (its index bucket should be in cache by now).</summary>
    public void PrefetchOrder(OrderId id)
    {
        var slot = _orderIds.Candidate(id.Value);
        if (slot >= 0)
        {
            CacheHint.Load(ref _orders[slot]);
        }
    }

    /// <summary>Start loading the price level an order is about to rest on or leave.</summary>
    public void PrefetchLevel(Side side, Price price) => Levels(side).Prefetch(price.Ticks);
}
