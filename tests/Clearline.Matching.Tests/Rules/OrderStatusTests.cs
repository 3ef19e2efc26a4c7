using Clearline.Domain.Orders;
using Clearline.Testing;
using static Clearline.Matching.Tests.Rules.B;

namespace Clearline.Matching.Tests.Rules;

/// <summary>The order status table, exhaustively, and the statuses the books report.</summary>
public sealed class OrderStatusTests
{
    /// <summary>Written out by hand from docs/matching.md: everything else must be refused.</summary>
    private static readonly (OrderStatus From, OrderTransition On, OrderStatus To)[] Allowed =
    [
        (OrderStatus.Pending, OrderTransition.Accept, OrderStatus.Open),
        (OrderStatus.Pending, OrderTransition.Reject, OrderStatus.Rejected),
        (OrderStatus.Open, OrderTransition.PartialFill, OrderStatus.PartiallyFilled),
        (OrderStatus.Open, OrderTransition.Fill, OrderStatus.Filled),
        (OrderStatus.Open, OrderTransition.Reduce, OrderStatus.Open),
        (OrderStatus.Open, OrderTransition.Cancel, OrderStatus.Cancelled),
        (OrderStatus.Open, OrderTransition.Amend, OrderStatus.Open),
        (OrderStatus.PartiallyFilled, OrderTransition.PartialFill, OrderStatus.PartiallyFilled),
        (OrderStatus.PartiallyFilled, OrderTransition.Fill, OrderStatus.Filled),
        (OrderStatus.PartiallyFilled, OrderTransition.Reduce, OrderStatus.PartiallyFilled),
        (OrderStatus.PartiallyFilled, OrderTransition.Cancel, OrderStatus.Cancelled),
        (OrderStatus.PartiallyFilled, OrderTransition.Amend, OrderStatus.PartiallyFilled),
    ];

    public static TheoryData<OrderStatus, OrderTransition> AllPairs
    {
        get
        {
            var data = new TheoryData<OrderStatus, OrderTransition>();
            foreach (var status in Enum.GetValues<OrderStatus>())
            {
                foreach (var transition in Enum.GetValues<OrderTransition>())
                {
                    data.Add(status, transition);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Transition_is_allowed_exactly_when_the_doc_lists_it(OrderStatus from, OrderTransition on)
    {
        var expected = Allowed.Where(a => a.From == from && a.On == on).Select(a => (OrderStatus?)a.To).SingleOrDefault();
        if (expected is { } to)
        {
            Assert.True(OrderStatusTable.TryNext(from, on, out var next));
            Assert.Equal(to, next);
            Assert.Equal(to, OrderStatusTable.Next(from, on));
        }
        else
        {
            Assert.False(OrderStatusTable.TryNext(from, on, out _));
            Assert.Throws<InvalidOperationException>(() => OrderStatusTable.Next(from, on));
        }
    }

    [Theory]
    [InlineData(OrderStatus.Filled)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Rejected)]
    public void Final_statuses_allow_nothing(OrderStatus final)
    {
        Assert.All(Enum.GetValues<OrderTransition>(), t => Assert.False(OrderStatusTable.TryNext(final, t, out _)));
    }

    [Fact]
    public void Undefined_statuses_and_transitions_are_refused()
    {
        Assert.False(OrderStatusTable.TryNext((OrderStatus)6, OrderTransition.Accept, out _));
        Assert.False(OrderStatusTable.TryNext((OrderStatus)255, OrderTransition.Amend, out _));
        Assert.False(OrderStatusTable.TryNext(OrderStatus.Open, (OrderTransition)7, out _));
        Assert.False(OrderStatusTable.TryNext(OrderStatus.Open, (OrderTransition)255, out _));
        Assert.Throws<InvalidOperationException>(() => OrderStatusTable.Next(OrderStatus.Pending, (OrderTransition)200));
    }

    [Fact]
    public void Reference_order_walks_the_table_and_throws_on_a_forbidden_step()
    {
        var order = new RefOrder
        {
            Id = new(1),
            Account = new(1),
            Side = Buy,
            Type = OrderType.Limit,
            TimeInForce = Gtc,
            Price = new(10),
            Quantity = 5,
            Remaining = 5,
            Display = 0,
            PostOnly = PostOnly.Off,
            SelfTradePrevention = SelfTradePrevention.Off,
        };
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Throws<InvalidOperationException>(() => order.Move(OrderTransition.Fill));
        order.Move(OrderTransition.Accept);
        order.Move(OrderTransition.Reduce);
        Assert.Equal(OrderStatus.Open, order.Status);
        order.Move(OrderTransition.PartialFill);
        order.Move(OrderTransition.Amend);
        Assert.Equal(OrderStatus.PartiallyFilled, order.Status);
        order.Move(OrderTransition.Fill);
        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Throws<InvalidOperationException>(() => order.Move(OrderTransition.Cancel));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Books_report_open_then_partially_filled_and_keep_it_through_amend_and_decrement(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 6));
        Assert.True(book.TryGetOrder(new(1), out var open));
        Assert.Equal(OrderStatus.Open, open.Status);

        book.Seed(Limit(2, 2, Buy, 10, 1));
        Assert.True(book.TryGetOrder(new(1), out var partial));
        Assert.Equal(OrderStatus.PartiallyFilled, partial.Status);

        book.Do(Amend(1, 1, 11, 8));
        Assert.True(book.TryGetOrder(new(1), out var amended));
        Assert.Equal(Resting(1, 1, Sell, 11, 8, 1, 7, 7, status: OrderStatus.PartiallyFilled), amended);

        book.Seed(Limit(3, 1, Buy, 11, 2, Ioc, stp: SelfTradePrevention.DecrementBoth));
        Assert.True(book.TryGetOrder(new(1), out var reduced));
        Assert.Equal(Resting(1, 1, Sell, 11, 6, 1, 5, 5, status: OrderStatus.PartiallyFilled), reduced);
    }
}
