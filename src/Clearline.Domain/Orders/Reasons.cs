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

    /// <summary>The engine runs without clearing (a bare matching engine), so account and price commands have nowhere to go.</summary>
    ClearingDisabled,

    /// <summary>No such account: it has never received a deposit and is not a sub-account.</summary>
    UnknownAccount,
    UnknownCurrency,
    AmountNotPositive,

    /// <summary>The order would raise the initial margin beyond the available funds, or the withdrawal or transfer exceeds what may leave the account.</summary>
    NotEnoughFunds,

    /// <summary>The position, counting every resting order on the order's side as filled, would exceed the instrument's limit.</summary>
    MaxPositionExceeded,

    /// <summary>The instrument has no valid index price (protected state): only orders that cannot increase the position are taken.</summary>
    IndexUnavailable,

    /// <summary>The account's kill switch is engaged: only orders that cannot increase the position are taken.</summary>
    ReduceOnly,

    /// <summary>A request id must be positive.</summary>
    InvalidRequestId,

    /// <summary>The request id was used before by this account for a different request.</summary>
    RequestIdReused,

    /// <summary>The account already exists.</summary>
    AccountAlreadyExists,

    /// <summary>A sub-account cannot have sub-accounts, and an account cannot be its own.</summary>
    InvalidSubaccount,

    /// <summary>Transfers move collateral only between a main account and its sub-accounts, or between those sub-accounts.</summary>
    TransferOutsideAccountFamily,
    UnknownIndex,

    /// <summary>The source is not a constituent of the index.</summary>
    UnknownIndexSource,

    /// <summary>The quoted price is zero or negative.</summary>
    QuoteNotPositive,

    /// <summary>A buy above the mark's price band or a sell below it.</summary>
    PriceOutsideBand,

    /// <summary>The account is being liquidated: it may not place or amend orders or take collateral out until it is healthy.</summary>
    AccountLocked,

    /// <summary>Trading in the instrument is halted (its circuit breaker tripped, or the whole platform is halted): only cancels are taken.</summary>
    TradingHalted,

    /// <summary>The dated future has reached its expiry: it takes no more orders or amendments.</summary>
    InstrumentExpired,

    /// <summary>A reduce-only order larger than the position it faces, or on the position's own side (or with none): it would grow or flip it.</summary>
    ReduceOnlyWouldIncrease,

    /// <summary>A reduce-only order that could rest: it must be a market, immediate-or-cancel or fill-or-kill order.</summary>
    ReduceOnlyMustNotRest,

    /// <summary>A market's margin mode (cross or isolated) changes only while the account has no position and no orders there.</summary>
    MarginModeLocked,

    /// <summary>The account margins as many markets in isolation as it can hold.</summary>
    TooManyIsolatedPositions,

    /// <summary>The amount is below zero.</summary>
    AmountNegative,

    /// <summary>No listed option follows the index and expires on the date, or that expiry has come.</summary>
    UnknownOptionExpiry,

    /// <summary>The volatility surface breaks the SVI parameter constraints or has butterfly arbitrage.</summary>
    InvalidVolatilitySurface,

    /// <summary>The option has no mark yet: its expiry has no volatility surface.</summary>
    NoVolatilitySurface,

    /// <summary>The venue offers no portfolio margin (none is configured).</summary>
    PortfolioMarginUnavailable,

    /// <summary>Under the margin model asked for, a pool of the account would not meet its initial margin.</summary>
    MarginModelRequirementNotMet,

    /// <summary>The margin model is not one the venue knows.</summary>
    UnknownMarginModel,

    /// <summary>An option of that name is already listed (or was, and has been delisted).</summary>
    DuplicateInstrument,

    /// <summary>A listed option must expire at 08:00 UTC on a day of 2000-2099, after the command's sequencer time.</summary>
    InvalidExpiry,

    /// <summary>No configured option of the index and settlement to take the new option's terms from.</summary>
    NoListingTemplate,

    /// <summary>The option type is neither call nor put, or the settlement neither inverse nor linear.</summary>
    InvalidOptionType,

    /// <summary>The strike is not positive, or larger than a listed option's strike may be.</summary>
    InvalidStrike,

    /// <summary>The instrument is not an option that trades: not an option, delivered or already delisted.</summary>
    NotListedOption,

    /// <summary>An option with open positions cannot be delisted: it runs to expiry.</summary>
    OpenInterest,

    /// <summary>The option has been delisted: it takes no more orders or amendments.</summary>
    InstrumentDelisted,
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
