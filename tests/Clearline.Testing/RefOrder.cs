using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Testing;

/// <summary>
/// The reference book's mutable order: plain fields, an explicit time-priority stamp, and its status
/// moved through <see cref="OrderStatusTable"/> on every change.
/// </summary>
public sealed class RefOrder
{
    public required OrderId Id { get; init; }

    public required AccountId Account { get; init; }

    public required Side Side { get; init; }

    public required OrderType Type { get; init; }

    public required TimeInForce TimeInForce { get; init; }

    public required Price Price { get; set; }

    /// <summary>Total size: filled plus remaining (a self-trade decrement takes lots off both remaining and total).</summary>
    public required long Quantity { get; set; }

    public long Filled { get; set; }

    public required long Remaining { get; set; }

    /// <summary>The displayed slice; equals <see cref="Remaining"/> unless the order is an iceberg.</summary>
    public long Visible { get; set; }

    /// <summary>The iceberg slice size; zero means fully displayed.</summary>
    public required long Display { get; init; }

    public required PostOnly PostOnly { get; init; }

    public required SelfTradePrevention SelfTradePrevention { get; init; }

    public OrderStatus Status { get; private set; } = OrderStatus.Pending;

    /// <summary>Time priority within a price: lower is earlier. Re-stamped whenever the order goes to the back.</summary>
    public long Priority { get; set; }

    /// <summary>The slice an order shows when (re)entering a level: its display size, or all of it.</summary>
    public long FreshSlice => Display == 0 ? Remaining : Math.Min(Display, Remaining);

    public void Move(OrderTransition transition) => Status = OrderStatusTable.Next(Status, transition);

    public RefOrder Clone() => (RefOrder)MemberwiseClone();

    public RestingOrder ToResting() => new(
        Id,
        Account,
        Side,
        Price,
        new Quantity(Quantity),
        new Quantity(Filled),
        new Quantity(Remaining),
        new Quantity(Visible),
        new Quantity(Display),
        PostOnly,
        SelfTradePrevention,
        Status);
}
