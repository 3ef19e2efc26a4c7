using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Testing;

namespace Clearline.Matching.Tests.Rules;

/// <summary>Terse builders for commands and expected events on <see cref="Instruments.Plain"/> (id 7, prices 1..30, at most 50 lots).</summary>
public static class B
{
    public const TimeInForce Gtc = TimeInForce.GoodTilCancelled;
    public const TimeInForce Ioc = TimeInForce.ImmediateOrCancel;
    public const TimeInForce Fok = TimeInForce.FillOrKill;
    public const Side Buy = Side.Buy;
    public const Side Sell = Side.Sell;

    public static readonly InstrumentId I = Instruments.Plain.Id;

    /// <summary>Both books, by name, for [Theory] tests.</summary>
    public static TheoryData<string> Books => new() { TestBooks.FastName, TestBooks.ReferenceName };

    public static NewOrder Limit(long id, int account, Side side, long price, long quantity, TimeInForce tif = Gtc, long display = 0, PostOnly postOnly = PostOnly.Off, SelfTradePrevention stp = SelfTradePrevention.Off, InstrumentId? instrument = null) =>
        new(instrument ?? I, new OrderId(id), new AccountId(account), side, OrderType.Limit, tif, new Price(price), new Quantity(quantity), new Quantity(display), postOnly, stp);

    public static NewOrder Market(long id, int account, Side side, long protection, long quantity, TimeInForce tif = Ioc, SelfTradePrevention stp = SelfTradePrevention.Off) =>
        new(I, new OrderId(id), new AccountId(account), side, OrderType.Market, tif, new Price(protection), new Quantity(quantity), default, PostOnly.Off, stp);

    public static AmendOrder Amend(long id, int account, long price, long quantity = 0, InstrumentId? instrument = null) =>
        new(instrument ?? I, new OrderId(id), new AccountId(account), new Price(price), new Quantity(quantity));

    public static CancelOrder Cancel(long id, int account, InstrumentId? instrument = null) => new(instrument ?? I, new OrderId(id), new AccountId(account));

    public static OrderAccepted Accepted(NewOrder order, long? price = null) => new(price is { } p ? order with { Price = new Price(p) } : order);

    public static CommandRejected Rejected(CommandKind kind, long id, int account, RejectReason reason, InstrumentId? instrument = null) =>
        new(instrument ?? I, kind, new OrderId(id), new AccountId(account), reason);

    public static Trade Traded(long price, long quantity, Side aggressor, long maker, int makerAccount, long makerRemaining, long taker, int takerAccount, long takerRemaining) =>
        new(I, new Price(price), new Quantity(quantity), aggressor, new OrderId(maker), new AccountId(makerAccount), new Quantity(makerRemaining), new OrderId(taker), new AccountId(takerAccount), new Quantity(takerRemaining));

    public static OrderCancelled Cancelled(long id, int account, Side side, long price, long cancelled, long remaining, CancelReason reason) =>
        new(I, new OrderId(id), new AccountId(account), side, new Price(price), new Quantity(cancelled), new Quantity(remaining), reason);

    public static OrderAmended Amended(long id, int account, long price, long quantity, long remaining, bool lostPriority) =>
        new(I, new OrderId(id), new AccountId(account), new Price(price), new Quantity(quantity), new Quantity(remaining), lostPriority);

    public static BookLevelChanged Level(Side side, long price, long displayed, int count, InstrumentId? instrument = null) =>
        new(instrument ?? I, side, new Price(price), new Quantity(displayed), count);

    public static RestingOrder Resting(long id, int account, Side side, long price, long quantity, long filled, long remaining, long visible, long display = 0, OrderStatus status = OrderStatus.Open, PostOnly postOnly = PostOnly.Off, SelfTradePrevention stp = SelfTradePrevention.Off) =>
        new(new OrderId(id), new AccountId(account), side, new Price(price), new Quantity(quantity), new Quantity(filled), new Quantity(remaining), new Quantity(visible), new Quantity(display), postOnly, stp, status);

    public static ITestBook Book(string name, InstrumentSpec? spec = null, int maxResting = 1000) => TestBooks.Create(name, spec ?? Instruments.Plain, maxResting);

    public static List<object> Do(this ITestBook book, NewOrder order) => Run(book, BookCommand.Of(order));

    public static List<object> Do(this ITestBook book, AmendOrder amend) => Run(book, BookCommand.Of(amend));

    public static List<object> Do(this ITestBook book, CancelOrder cancel) => Run(book, BookCommand.Of(cancel));

    public static List<object> CancelAll(this ITestBook book, int account, out long count)
    {
        var events = new List<object>();
        count = book.Apply(BookCommand.CancelAllOf(new AccountId(account)), events);
        return events;
    }

    /// <summary>Places orders that must all be accepted; returns nothing (their events are not under test).</summary>
    public static void Seed(this ITestBook book, params NewOrder[] orders)
    {
        foreach (var order in orders)
        {
            var events = book.Do(order);
            Assert.IsType<OrderAccepted>(events[0]);
        }
    }

    /// <summary>Everything the book shows, as text: equal snapshots mean an unchanged book.</summary>
    public static string Snapshot(this ITestBook book) =>
        string.Join('\n', new object?[] { book.OrderCount, book.BestBid, book.BestAsk }
            .Concat(book.GetOrders(Side.Buy).Cast<object>())
            .Concat(book.GetOrders(Side.Sell).Cast<object>())
            .Concat(book.GetLevels(Side.Buy).Cast<object>())
            .Concat(book.GetLevels(Side.Sell).Cast<object>()));

    public static void Expect(List<object> actual, params object[] expected) => Assert.Equal(expected, actual);

    private static List<object> Run(ITestBook book, BookCommand command)
    {
        var events = new List<object>();
        book.Apply(command, events);
        return events;
    }
}
