using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Matching;

namespace Clearline.Testing;

/// <summary>The public surface both books share, so one test or one driver can run either.</summary>
public interface ITestBook
{
    string Name { get; }

    int OrderCount { get; }

    Price? BestBid { get; }

    Price? BestAsk { get; }

    /// <summary>Applies one command, appending its events; returns the book's answer (accepted: 1/0; cancel-all: the count).</summary>
    long Apply(BookCommand command, List<object> events);

    bool TryGetOrder(OrderId id, out RestingOrder order);

    IReadOnlyList<RestingOrder> GetOrders(Side side);

    IReadOnlyList<BookLevel> GetLevels(Side side, int depth = int.MaxValue);
}

public static class TestBooks
{
    public const string FastName = "fast";
    public const string ReferenceName = "reference";

    public static ITestBook Create(string name, InstrumentSpec spec, int maxRestingOrders = 1000) => name switch
    {
        // Pools start at one order so every test also drives their growth.
        FastName => new TestBook<OrderBook>(name, new OrderBook(spec, maxRestingOrders, initialCapacity: 1)),
        ReferenceName => new TestBook<ReferenceOrderBook>(name, new ReferenceOrderBook(spec, maxRestingOrders)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown book"),
    };
}

/// <summary>Either book behind <see cref="ITestBook"/>: commands as records, events recorded into a list.</summary>
public sealed class TestBook<TBook>(string name, TBook book) : ITestBook
    where TBook : IOrderBook
{
    public TBook Book { get; } = book;

    public string Name { get; } = name;

    public int OrderCount => Book.OrderCount;

    public Price? BestBid => Book.BestBid;

    public Price? BestAsk => Book.BestAsk;

    public long Apply(BookCommand command, List<object> events)
    {
        var sink = new RecordingSink(events);
        return command switch
        {
            SubmitCommand c => Book.Submit(c.Order, ref sink) ? 1 : 0,
            AmendCommand c => Book.Amend(c.Amend, ref sink) ? 1 : 0,
            CancelCommand c => Book.Cancel(c.Cancel, ref sink) ? 1 : 0,
            CancelAllCommand c => Book.CancelAll(c.Account, ref sink),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command"),
        };
    }

    public bool TryGetOrder(OrderId id, out RestingOrder order) => Book.TryGetOrder(id, out order);

    public IReadOnlyList<RestingOrder> GetOrders(Side side) => Book.GetOrders(side);

    public IReadOnlyList<BookLevel> GetLevels(Side side, int depth = int.MaxValue) => Book.GetLevels(side, depth);
}
