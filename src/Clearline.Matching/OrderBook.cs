using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>The fast price-time order book of one instrument. Rules: docs/matching.md.</summary>
public sealed class OrderBook
{
    public const int DefaultMaxRestingOrders = 1 << 22;

    public OrderBook(InstrumentSpec spec, int maxRestingOrders = DefaultMaxRestingOrders)
    {
        Spec = spec;
        MaxRestingOrders = maxRestingOrders;
    }

    public InstrumentSpec Spec { get; }

    public int MaxRestingOrders { get; }

    public int OrderCount => throw new NotImplementedException();

    public Price? BestBid => throw new NotImplementedException();

    public Price? BestAsk => throw new NotImplementedException();

    /// <summary>Validates and executes a new order. Returns false when it was rejected.</summary>
    public bool Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink => throw new NotImplementedException();

    public bool Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : struct, IMatchingEventSink => throw new NotImplementedException();

    public bool Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IMatchingEventSink => throw new NotImplementedException();

    /// <summary>Cancels the account's resting orders in ascending id; returns how many.</summary>
    public int CancelAll<TSink>(AccountId account, ref TSink sink)
        where TSink : struct, IMatchingEventSink => throw new NotImplementedException();

    public bool TryGetOrder(OrderId id, out RestingOrder order) => throw new NotImplementedException();

    /// <summary>The side's resting orders in priority order: best price first, then time.</summary>
    public IReadOnlyList<RestingOrder> GetOrders(Side side) => throw new NotImplementedException();

    /// <summary>Up to <paramref name="depth"/> aggregated levels of a side, best first.</summary>
    public IReadOnlyList<BookLevel> GetLevels(Side side, int depth = int.MaxValue) => throw new NotImplementedException();
}
