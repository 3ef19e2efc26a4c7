using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Clearing;

/// <summary>
/// Sits between a book and the caller's sink for one command: forwards every event and makes clearing follow it
/// (resting quantity per account, trades into positions). A ref struct holding the caller's sink by reference, so the
/// book's generic calls stay specialised and allocation-free.
/// </summary>
internal ref struct ClearingSink<TSink>(Clearinghouse house, MarketClearing market, ref TSink inner) : IMatchingEventSink
    where TSink : struct, IVenueEventSink
{
    private ref TSink _inner = ref inner;
    private Price _takerLimit;

    /// <summary>The order an amendment replaces, as it rested before.</summary>
    public RestingOrder? AmendedFrom { get; init; }

    public void OnAccepted(in OrderAccepted e)
    {
        _inner.OnAccepted(e);
        _takerLimit = e.Order.Price;
        house.ChangeOrders(market, e.Order.Account, e.Order.Side, e.Order.Quantity, e.Order.Price, 1);
    }

    public void OnRejected(in CommandRejected e) => _inner.OnRejected(e);

    public void OnTrade(in Trade e)
    {
        _inner.OnTrade(e);
        house.Settle(market, e, _takerLimit, ref _inner);
    }

    public void OnCancelled(in OrderCancelled e)
    {
        _inner.OnCancelled(e);
        house.ChangeOrders(market, e.Account, e.Side, e.Cancelled, e.Price, -1);
    }

    public void OnAmended(in OrderAmended e)
    {
        _inner.OnAmended(e);
        var old = AmendedFrom ?? throw new InvalidOperationException("an amendment arrived without the order it replaces");
        house.ReplaceOrder(market, e.Account, old.Side, old.Remaining, old.Price, e.Remaining, e.Price);
        _takerLimit = e.Price;
    }

    public void OnLevelChanged(in BookLevelChanged e) => _inner.OnLevelChanged(e);
}
