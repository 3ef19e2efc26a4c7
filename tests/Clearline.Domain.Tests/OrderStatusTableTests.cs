using Clearline.Domain.Orders;

namespace Clearline.Domain.Tests;

public class OrderStatusTableTests
{
    /// <summary>The allowed transitions, from docs/matching.md ("Order status") and OrderStatus.cs: nothing else.</summary>
    private static readonly Dictionary<(OrderStatus From, OrderTransition On), OrderStatus> Allowed = new()
    {
        [(OrderStatus.Pending, OrderTransition.Accept)] = OrderStatus.Open,
        [(OrderStatus.Pending, OrderTransition.Reject)] = OrderStatus.Rejected,

        [(OrderStatus.Open, OrderTransition.PartialFill)] = OrderStatus.PartiallyFilled,
        [(OrderStatus.Open, OrderTransition.Fill)] = OrderStatus.Filled,
        [(OrderStatus.Open, OrderTransition.Reduce)] = OrderStatus.Open,
        [(OrderStatus.Open, OrderTransition.Cancel)] = OrderStatus.Cancelled,
        [(OrderStatus.Open, OrderTransition.Amend)] = OrderStatus.Open,

        [(OrderStatus.PartiallyFilled, OrderTransition.PartialFill)] = OrderStatus.PartiallyFilled,
        [(OrderStatus.PartiallyFilled, OrderTransition.Fill)] = OrderStatus.Filled,
        [(OrderStatus.PartiallyFilled, OrderTransition.Reduce)] = OrderStatus.PartiallyFilled,
        [(OrderStatus.PartiallyFilled, OrderTransition.Cancel)] = OrderStatus.Cancelled,
        [(OrderStatus.PartiallyFilled, OrderTransition.Amend)] = OrderStatus.PartiallyFilled,
    };

    public static TheoryData<OrderStatus, OrderTransition, OrderStatus> AllowedTransitions
    {
        get
        {
            var data = new TheoryData<OrderStatus, OrderTransition, OrderStatus>();
            foreach (var ((from, on), to) in Allowed)
            {
                data.Add(from, on, to);
            }

            return data;
        }
    }

    public static TheoryData<OrderStatus, OrderTransition> RefusedTransitions
    {
        get
        {
            var data = new TheoryData<OrderStatus, OrderTransition>();
            foreach (var from in Enum.GetValues<OrderStatus>())
            {
                foreach (var on in Enum.GetValues<OrderTransition>())
                {
                    if (!Allowed.ContainsKey((from, on)))
                    {
                        data.Add(from, on);
                    }
                }
            }

            return data;
        }
    }

    [Fact]
    public void The_enumerations_are_the_ones_this_table_was_written_for()
    {
        // If a status or transition is added, this test and the expectations above must be revisited.
        Assert.Equal(
            [OrderStatus.Pending, OrderStatus.Open, OrderStatus.PartiallyFilled, OrderStatus.Filled, OrderStatus.Cancelled, OrderStatus.Rejected],
            Enum.GetValues<OrderStatus>());
        Assert.Equal(
            [OrderTransition.Accept, OrderTransition.Reject, OrderTransition.PartialFill, OrderTransition.Fill, OrderTransition.Reduce, OrderTransition.Cancel, OrderTransition.Amend],
            Enum.GetValues<OrderTransition>());
        Assert.Equal(12, AllowedTransitions.Count);
        Assert.Equal((6 * 7) - 12, RefusedTransitions.Count);
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void Allowed_transition(OrderStatus from, OrderTransition on, OrderStatus to)
    {
        Assert.True(OrderStatusTable.TryNext(from, on, out var next));
        Assert.Equal(to, next);
        Assert.Equal(to, OrderStatusTable.Next(from, on));
    }

    [Theory]
    [MemberData(nameof(RefusedTransitions))]
    public void Refused_transition(OrderStatus from, OrderTransition on)
    {
        Assert.False(OrderStatusTable.TryNext(from, on, out _));
        var exception = Assert.Throws<InvalidOperationException>(() => OrderStatusTable.Next(from, on));
        Assert.Contains(from.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Contains(on.ToString(), exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrderStatus.Filled)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Rejected)]
    public void Final_statuses_have_no_way_out(OrderStatus final)
    {
        Assert.All(Enum.GetValues<OrderTransition>(), on => Assert.False(OrderStatusTable.TryNext(final, on, out _)));
    }

    [Fact]
    public void A_typical_life_cycle()
    {
        var status = OrderStatus.Pending;
        foreach (var on in new[] { OrderTransition.Accept, OrderTransition.Amend, OrderTransition.PartialFill, OrderTransition.Reduce, OrderTransition.PartialFill, OrderTransition.Amend, OrderTransition.Fill })
        {
            status = OrderStatusTable.Next(status, on);
        }

        Assert.Equal(OrderStatus.Filled, status);
    }

    /// <summary>
    /// "Anything not listed is an error", and TryNext bounds-checks its index, so values outside the enums must be refused
    /// too. The table is flattened as status * 7 + transition, so an out-of-range transition must not alias into the next
    /// status's row (e.g. Pending with transition 9 is index 9 = Open --PartialFill-->).
    /// </summary>
    [Fact]
    public void Undefined_status_or_transition_values_are_refused()
    {
        var aliased = new List<string>();
        for (var status = 0; status <= byte.MaxValue; status++)
        {
            for (var transition = 0; transition <= byte.MaxValue; transition++)
            {
                if (Enum.IsDefined((OrderStatus)status) && Enum.IsDefined((OrderTransition)transition))
                {
                    continue;
                }

                if (OrderStatusTable.TryNext((OrderStatus)status, (OrderTransition)transition, out var next))
                {
                    aliased.Add($"({status}, {transition}) -> {next}");
                }
            }
        }

        Assert.Empty(aliased);
    }
}
