using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Matching.Internal;

namespace Clearline.Matching;

/// <summary>
/// The fast price-time order book of one instrument; the rules are in docs/matching.md and a simple
/// reference book in the tests is held to the same event stream.
/// </summary>
/// <remarks>
/// Layout: orders live in a pooled array of 64-byte structs addressed by slot (a free list, no per-order
/// objects); each side keeps its levels densely by price (<see cref="PriceLevels"/>); ids are found through
/// <see cref="OrderIndex"/>, and each account's orders are linked for cancel-all (<see cref="AccountOrders"/>).
/// Pools and maps grow while the book warms up and are reused afterwards, so steady-state commands allocate
/// nothing. Single-threaded: one writer owns the book.
/// Invariants: best bid &lt; best ask after every command; a level's Displayed is the sum of its orders'
/// Visible; every resting order has Remaining &gt; 0 and 0 &lt; Visible ≤ Remaining.
/// </remarks>
public sealed partial class OrderBook : IOrderBook
{
    public const int DefaultMaxRestingOrders = 1 << 22;

    /// <summary>More orders of the maximum size could overflow a level's or a side's quantity sum.</summary>
    public const int MaxRestingOrdersLimit = (int)(long.MaxValue / InstrumentSpec.MaxOrderLotsLimit);

    public const int DefaultInitialCapacity = 1024;

    /// <summary>
    /// An iceberg's size is at most this many display slices, so one order can cause at most this many
    /// trades in a sweep: a 1-lot slice on a huge order would otherwise make a single command unbounded work.
    /// </summary>
    public const long MaxIcebergSlices = 1_000;

    private readonly TickSizeSchedule _ticks;
    private readonly long _maxPrice;
    private readonly long _maxQuantity;
    private readonly InstrumentId _instrument;

    private long _highestAcceptedId;

    /// <param name="spec">The instrument.</param>
    /// <param name="maxRestingOrders">New resting orders beyond this are rejected (<see cref="RejectReason.BookFull"/>).</param>
    /// <param name="initialCapacity">Resting orders the pools hold before they first grow: size it for the expected book so steady state never allocates.</param>
    public OrderBook(InstrumentSpec spec, int maxRestingOrders = DefaultMaxRestingOrders, int initialCapacity = DefaultInitialCapacity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRestingOrders, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRestingOrders, MaxRestingOrdersLimit);
        Spec = spec;
        MaxRestingOrders = maxRestingOrders;
        _instrument = spec.Id;
        _ticks = spec.Ticks;
        _maxPrice = spec.MaxPrice.Ticks;
        _maxQuantity = spec.MaxOrderQuantity.Lots;
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        var capacity = Math.Min(initialCapacity, maxRestingOrders);
        _orders = new OrderNode[capacity];
        _orderIds = new OrderIndex(capacity);
        _accountOrders = new AccountOrders(capacity);
        _bids = new PriceLevels(_maxPrice);
        _asks = new PriceLevels(_maxPrice);
        ChainFree(_orders, 0);
    }

    public InstrumentSpec Spec { get; }

    public int MaxRestingOrders { get; }

    public int OrderCount => _orderCount;

    public Price? BestBid => _bestBid == NoBid ? null : new Price(_bestBid);

    public Price? BestAsk => _bestAsk == NoAsk ? null : new Price(_bestAsk);

    /// <inheritdoc/>
    public bool Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var reason = ValidateNew(order, out var price);
        if (reason != 0)
        {
            return Reject(order.Instrument, CommandKind.NewOrder, order.Id, order.Account, reason, ref sink);
        }

        _highestAcceptedId = order.Id.Value;
        sink.OnAccepted(new OrderAccepted(price == order.Price.Ticks ? order : order with { Price = new Price(price) }));

        var taker = new Taker
        {
            Id = order.Id.Value,
            Limit = price,
            Quantity = order.Quantity.Lots,
            Remaining = order.Quantity.Lots,
            Account = order.Account.Value,
            Side = order.Side,
            SelfTradePrevention = order.SelfTradePrevention,
            Status = OrderStatusTable.Next(OrderStatus.Pending, OrderTransition.Accept),
        };

        if (order.TimeInForce == TimeInForce.FillOrKill && !CanFillCompletely(taker))
        {
            CancelTaker(ref taker, CancelReason.FillOrKill, ref sink);
            return true;
        }

        Match(ref taker, ref sink);
        if (taker.Remaining == 0)
        {
            return true;
        }

        if (taker.StoppedBySelfTrade)
        {
            CancelTaker(ref taker, CancelReason.SelfTradePrevention, ref sink);
        }
        else if (order.TimeInForce == TimeInForce.GoodTilCancelled)
        {
            RestNew(taker, order, ref sink);
        }
        else
        {
            CancelTaker(ref taker, CancelReason.ImmediateOrCancel, ref sink);
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var reason = ValidateAmend(amend, out var slot, out var price, out var quantity);
        if (reason != 0)
        {
            return Reject(amend.Instrument, CommandKind.AmendOrder, amend.Id, amend.Account, reason, ref sink);
        }

        ref var order = ref _orders[slot];
        var filled = order.Quantity - order.Remaining;
        var remaining = quantity - filled;
        order.Status = OrderStatusTable.Next(order.Status, OrderTransition.Amend);
        if (price == order.Price && remaining <= order.Remaining)
        {
            order.Quantity = quantity;
            ShrinkInPlace(ref order, remaining);
            sink.OnAmended(new OrderAmended(_instrument, amend.Id, amend.Account, new Price(price), new Quantity(quantity), new Quantity(remaining), LostPriority: false));
            EmitLevel(order.Side, price, ref sink);
            return true;
        }

        sink.OnAmended(new OrderAmended(_instrument, amend.Id, amend.Account, new Price(price), new Quantity(quantity), new Quantity(remaining), LostPriority: true));
        UnlinkFromLevel(slot);
        EmitLevelAndCloseIfEmpty(order.Side, order.Price, ref sink);
        order.Quantity = quantity;
        order.Remaining = remaining;
        if (Crosses(order.Side, price, Best(order.Side.Opposite())) && !MatchAmended(slot, price, ref sink))
        {
            return true;
        }

        order.Price = price;
        order.Visible = VisibleSlice(order.Display, order.Remaining);
        LinkAtBack(slot);
        EmitLevel(order.Side, price, ref sink);
        return true;
    }

    /// <inheritdoc/>
    public bool Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var reason = ValidateOwnedOrder(cancel.Instrument, cancel.Id, cancel.Account, out var slot);
        if (reason != 0)
        {
            return Reject(cancel.Instrument, CommandKind.CancelOrder, cancel.Id, cancel.Account, reason, ref sink);
        }

        CancelResting(slot, CancelReason.UserRequested, ref sink);
        return true;
    }

    /// <inheritdoc/>
    public int CancelAll<TSink>(AccountId account, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        var count = 0;
        for (var slot = _accountOrders.First(account.Value); slot >= 0; slot = _accountOrders.First(account.Value))
        {
            CancelResting(slot, CancelReason.CancelAll, ref sink);
            count++;
        }

        return count;
    }

    public bool TryGetOrder(OrderId id, out RestingOrder order)
    {
        var slot = _orderIds.Find(id.Value, _orders);
        order = slot < 0 ? default : View(slot);
        return slot >= 0;
    }

    /// <inheritdoc/>
    public IReadOnlyList<RestingOrder> GetOrders(Side side)
    {
        var orders = new List<RestingOrder>(CountOrders(side));
        foreach (var order in EnumerateOrders(side))
        {
            orders.Add(order);
        }

        return orders;
    }

    /// <inheritdoc/>
    public IReadOnlyList<BookLevel> GetLevels(Side side, int depth = int.MaxValue)
    {
        CheckSide(side);
        var levels = new List<BookLevel>();
        for (var price = Best(side); price != NoPrice(side) && levels.Count < depth; price = NextWorse(side, price))
        {
            ref var level = ref Levels(side).At(price);
            levels.Add(new BookLevel(new Price(price), new Quantity(level.Displayed), level.Count));
        }

        return levels;
    }

    private static void CheckSide(Side side)
    {
        if (side is not (Side.Buy or Side.Sell))
        {
            throw new ArgumentOutOfRangeException(nameof(side), side, "a side is Buy or Sell");
        }
    }

    private RestingOrder View(int slot)
    {
        ref var o = ref _orders[slot];
        return new RestingOrder(
            new OrderId(o.Id),
            new AccountId(o.Account),
            o.Side,
            new Price(o.Price),
            new Quantity(o.Quantity),
            new Quantity(o.Quantity - o.Remaining),
            new Quantity(o.Remaining),
            new Quantity(o.Visible),
            new Quantity(o.Display),
            o.PostOnly,
            o.SelfTradePrevention,
            o.Status);
    }

    private static bool Reject<TSink>(InstrumentId instrument, CommandKind command, OrderId id, AccountId account, RejectReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink, allows ref struct
    {
        sink.OnRejected(new CommandRejected(instrument, command, id, account, reason));
        return false;
    }
}
