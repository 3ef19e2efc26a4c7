namespace Clearline.Domain.Orders;

/// <summary>The order passed validation. <see cref="Order"/> carries the effective price (after any post-only re-pricing).</summary>
public readonly record struct OrderAccepted(NewOrder Order);

/// <summary>A command was refused; nothing changed.</summary>
public readonly record struct CommandRejected(InstrumentId Instrument, CommandKind Command, OrderId Order, AccountId Account, RejectReason Reason);

/// <summary>A fill between a resting maker and an incoming taker, at the maker's price.</summary>
public readonly record struct Trade(
    InstrumentId Instrument,
    Price Price,
    Quantity Quantity,
    Side AggressorSide,
    OrderId MakerOrder,
    AccountId MakerAccount,
    Quantity MakerRemaining,
    OrderId TakerOrder,
    AccountId TakerAccount,
    Quantity TakerRemaining);

/// <summary>
/// Quantity was taken off an order (of <see cref="Side"/> at limit <see cref="Price"/>) without a trade. <see cref="Remaining"/> zero means the order is gone;
/// above zero it lives on, smaller (self-trade prevention's decrement).
/// </summary>
public readonly record struct OrderCancelled(InstrumentId Instrument, OrderId Order, AccountId Account, Side Side, Price Price, Quantity Cancelled, Quantity Remaining, CancelReason Reason);

/// <summary>A resting order's new price and total size; <see cref="LostPriority"/> tells whether it went to the back of its level.</summary>
public readonly record struct OrderAmended(InstrumentId Instrument, OrderId Order, AccountId Account, Price Price, Quantity Quantity, Quantity Remaining, bool LostPriority);

/// <summary>Market data: a price level's displayed quantity and order count after a change (zero count: the level is gone).</summary>
public readonly record struct BookLevelChanged(InstrumentId Instrument, Side Side, Price Price, Quantity DisplayedQuantity, int OrderCount);
