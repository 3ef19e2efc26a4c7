namespace Clearline.Domain.Orders;

public enum OrderStatus : byte
{
    /// <summary>Received, not yet decided.</summary>
    Pending = 0,
    Open,
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
}

/// <summary>What happens to an order; the status table says which status each leads to.</summary>
public enum OrderTransition : byte
{
    Accept = 0,
    Reject,
    PartialFill,
    Fill,

    /// <summary>Part of the remaining quantity is taken off (self-trade decrement) and the order lives on.</summary>
    Reduce,
    Cancel,
    Amend,
}

/// <summary>
/// The explicit order-status transition table. Anything not listed is an error: the books call
/// <see cref="Next"/> on every change, so a wrong transition is caught where it happens.
/// </summary>
public static class OrderStatusTable
{
    private const byte Invalid = byte.MaxValue;
    private const int TransitionCount = 7;

    private static readonly byte[] Table = Build();

    public static bool TryNext(OrderStatus status, OrderTransition transition, out OrderStatus next)
    {
        var inRange = (uint)status <= (uint)OrderStatus.Rejected && (uint)transition < TransitionCount;
        var value = inRange ? Table[((int)status * TransitionCount) + (int)transition] : Invalid;
        next = (OrderStatus)value;
        return value != Invalid;
    }

    /// <summary>The status after <paramref name="transition"/>; throws for a transition the table does not allow.</summary>
    public static OrderStatus Next(OrderStatus status, OrderTransition transition) =>
        TryNext(status, transition, out var next) ? next : ThrowInvalid(status, transition);

    private static OrderStatus ThrowInvalid(OrderStatus status, OrderTransition transition) =>
        throw new InvalidOperationException($"order status transition {status} --{transition}--> is not allowed");

    private static byte[] Build()
    {
        var table = new byte[6 * TransitionCount];
        Array.Fill(table, Invalid);
        void Allow(OrderStatus from, OrderTransition on, OrderStatus to) => table[((int)from * TransitionCount) + (int)on] = (byte)to;

        Allow(OrderStatus.Pending, OrderTransition.Accept, OrderStatus.Open);
        Allow(OrderStatus.Pending, OrderTransition.Reject, OrderStatus.Rejected);
        foreach (var live in new[] { OrderStatus.Open, OrderStatus.PartiallyFilled })
        {
            Allow(live, OrderTransition.PartialFill, OrderStatus.PartiallyFilled);
            Allow(live, OrderTransition.Fill, OrderStatus.Filled);
            Allow(live, OrderTransition.Reduce, live);
            Allow(live, OrderTransition.Cancel, OrderStatus.Cancelled);
            Allow(live, OrderTransition.Amend, live);
        }

        return table;
    }
}
