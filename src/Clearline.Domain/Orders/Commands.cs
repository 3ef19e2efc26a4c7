namespace Clearline.Domain.Orders;

public enum CommandKind : byte
{
    NewOrder = 0,
    AmendOrder = 1,
    CancelOrder = 2,
    CancelAllOrders = 3,
    Deposit = 4,
    Withdraw = 5,
    Transfer = 6,
    CreateSubaccount = 7,
    IndexQuote = 8,
    PriceTick = 9,
    SetKillSwitch = 10,
    SetTradingHalt = 11,
    SetIsolatedMargin = 12,
    SetVolatilitySurface = 13,
    SetMarginModel = 14,
    ListOption = 15,
    DelistOption = 16,
}

/// <summary>
/// Places an order. <see cref="Price"/> is the limit price, or for a market order its protection
/// price (the worst price it may trade at). <see cref="DisplayQuantity"/> zero means fully displayed;
/// otherwise only that much shows at a time (an iceberg). A <see cref="ReduceOnly"/> order may only shrink the
/// account's position, never grow or flip it; it must not rest (market, immediate-or-cancel or fill-or-kill).
/// </summary>
public readonly record struct NewOrder(
    InstrumentId Instrument,
    OrderId Id,
    AccountId Account,
    Side Side,
    OrderType Type,
    TimeInForce TimeInForce,
    Price Price,
    Quantity Quantity,
    Quantity DisplayQuantity = default,
    PostOnly PostOnly = PostOnly.Off,
    SelfTradePrevention SelfTradePrevention = SelfTradePrevention.Off,
    bool ReduceOnly = false)
{
    public static NewOrder Limit(InstrumentId instrument, OrderId id, AccountId account, Side side, Price price, Quantity quantity, TimeInForce timeInForce = TimeInForce.GoodTilCancelled) =>
        new(instrument, id, account, side, OrderType.Limit, timeInForce, price, quantity);
}

/// <summary>
/// Changes a resting order's price and/or total size (filled part included, as Deribit's <c>edit</c>).
/// <see cref="Quantity"/> zero keeps the size. A new price or a larger size loses time priority; a smaller size keeps it.
/// </summary>
public readonly record struct AmendOrder(InstrumentId Instrument, OrderId Id, AccountId Account, Price Price, Quantity Quantity = default);

public readonly record struct CancelOrder(InstrumentId Instrument, OrderId Id, AccountId Account);

/// <summary>Cancels every resting order of an account, on one instrument or (null) on all of them.</summary>
public readonly record struct CancelAllOrders(AccountId Account, InstrumentId? Instrument = null);
