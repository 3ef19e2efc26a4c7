namespace Clearline.Domain.Orders;

/// <summary>Why a command was refused. A rejected command changes nothing.</summary>
public enum RejectReason : byte
{
    UnknownInstrument = 1,
    InvalidSide,
    InvalidOrderType,
    InvalidTimeInForce,
    InvalidPostOnly,
    InvalidSelfTradePrevention,

    /// <summary>The price is not a multiple of the tick size in force at that price.</summary>
    PriceOffTickGrid,

    /// <summary>The price is below one tick or above the instrument's maximum.</summary>
    PriceOutOfBounds,
    QuantityNotPositive,
    QuantityAboveMaximum,

    /// <summary>The display quantity is negative, larger than the order, or set on an order that cannot rest.</summary>
    InvalidDisplayQuantity,

    /// <summary>Market orders must be immediate-or-cancel or fill-or-kill.</summary>
    MarketOrderMustBeImmediate,

    /// <summary>Post-only applies to good-til-cancelled limit orders only.</summary>
    PostOnlyMustRest,

    /// <summary>The order id is not positive or not above every id already accepted: ids are never reused.</summary>
    OrderIdAlreadyUsed,
    OrderNotFound,

    /// <summary>The order belongs to another account.</summary>
    NotOrderOwner,
    PostOnlyWouldCross,

    /// <summary>An amended size must stay above what has already been filled.</summary>
    AmendQuantityNotAboveFilled,

    /// <summary>The book holds its configured maximum of resting orders.</summary>
    BookFull,
}

public enum CancelReason : byte
{
    UserRequested = 1,
    CancelAll,

    /// <summary>The unfilled remainder of an immediate-or-cancel or market order.</summary>
    ImmediateOrCancel,

    /// <summary>A fill-or-kill order that could not be filled in full.</summary>
    FillOrKill,
    SelfTradePrevention,
}
