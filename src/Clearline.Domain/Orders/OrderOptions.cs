namespace Clearline.Domain.Orders;

public enum OrderType : byte
{
    Limit = 0,

    /// <summary>Executes immediately up to its protection price (carried in the order's price); never rests.</summary>
    Market = 1,
}

public enum TimeInForce : byte
{
    GoodTilCancelled = 0,
    ImmediateOrCancel = 1,

    /// <summary>All or nothing, decided before any fill.</summary>
    FillOrKill = 2,
}

/// <summary>What a post-only order does when its price would take liquidity (Deribit's <c>post_only</c> and <c>reject_post_only</c>).</summary>
public enum PostOnly : byte
{
    Off = 0,

    /// <summary>Reject the order (or amendment) outright.</summary>
    Reject = 1,

    /// <summary>Re-price to one valid tick inside the opposite best, so it rests as maker.</summary>
    Reprice = 2,
}

/// <summary>What happens when an order would trade with a resting order of the same account. The incoming order's choice applies.</summary>
public enum SelfTradePrevention : byte
{
    /// <summary>Self-trades are allowed.</summary>
    Off = 0,
    CancelResting = 1,
    CancelIncoming = 2,
    CancelBoth = 3,

    /// <summary>Reduce both orders by the smaller remaining quantity without a trade; the one that reaches zero is cancelled.</summary>
    DecrementBoth = 4,
}
