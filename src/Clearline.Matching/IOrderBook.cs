using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>
/// The contract of an order book (rules: docs/matching.md). <see cref="OrderBook"/> is the implementation;
/// the tests hold a deliberately simple second one to it. Hot paths call the sealed class directly.
/// </summary>
public interface IOrderBook
{
    InstrumentSpec Spec { get; }

    int OrderCount { get; }

    Price? BestBid { get; }

    Price? BestAsk { get; }

    /// <summary>Validates and executes a new order. Returns false when it was rejected.</summary>
    bool Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct;

    /// <summary>Changes a resting order's price and/or size. Returns false when it was rejected.</summary>
    bool Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct;

    /// <summary>Cancels a resting order. Returns false when it was rejected.</summary>
    bool Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct;

    /// <summary>Cancels the account's resting orders in ascending id; returns how many.</summary>
    int CancelAll<TSink>(AccountId account, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct;

    bool TryGetOrder(OrderId id, out RestingOrder order);

    /// <summary>The side's resting orders in priority order: best price first, then time.</summary>
    IReadOnlyList<RestingOrder> GetOrders(Side side);

    /// <summary>Up to <paramref name="depth"/> aggregated levels of a side, best first.</summary>
    IReadOnlyList<BookLevel> GetLevels(Side side, int depth = int.MaxValue);
}
