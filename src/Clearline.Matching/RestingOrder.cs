using Clearline.Domain;
using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>A read-only copy of a resting order, for snapshots, queries and tests.</summary>
public readonly record struct RestingOrder(
    OrderId Id,
    AccountId Account,
    Side Side,
    Price Price,
    Quantity Quantity,
    Quantity Filled,
    Quantity Remaining,
    Quantity Visible,
    Quantity Display,
    PostOnly PostOnly,
    SelfTradePrevention SelfTradePrevention,
    OrderStatus Status);

/// <summary>An aggregated price level as market data shows it.</summary>
public readonly record struct BookLevel(Price Price, Quantity DisplayedQuantity, int OrderCount);
