using Clearline.Bench;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Benchmarks;

/// <summary>
/// The starting point of every micro-benchmark: a book holding the exchange-core prefill (1,090 passive
/// orders within 825 ticks either side of <see cref="Mid"/>; bids below it, asks above it, nothing at it).
/// </summary>
public static class MicroBook
{
    public const long Mid = WorkloadProfile.MidPrice;

    public static readonly InstrumentId Instrument = new(0);

    private static readonly Workload Prefill = WorkloadGenerator.Generate(WorkloadProfile.ExchangeCore, 1, 42);

    /// <summary>The prefill's orders: id, account, side, price.</summary>
    public static ReadOnlySpan<BenchCommand> RestingOrders => Prefill.Commands.AsSpan(0, Prefill.PrefillCount);

    /// <summary>A fresh book with the prefill applied; <paramref name="nextId"/> is the first unused order id.</summary>
    public static OrderBook Create(out long nextId)
    {
        var book = new OrderBook(BenchInstruments.Create(0), 1 << 16);
        var sink = default(CountingSink);
        foreach (var c in RestingOrders)
        {
            book.Submit(NewOrder.Limit(Instrument, new OrderId(c.OrderId), new AccountId(c.Account), c.Side, new Price(c.Price), new Quantity(c.Quantity)), ref sink);
        }

        if (sink.Trades != 0 || sink.Rejected != 0 || book.OrderCount != RestingOrders.Length)
        {
            throw new InvalidOperationException("the prefill must rest whole");
        }

        nextId = RestingOrders[^1].OrderId + 1;
        return book;
    }

    /// <summary>A passive price for the i-th added order: buys below the mid, sells above, spread over 800 ticks.</summary>
    public static (Side Side, Price Price) PassiveAt(int i)
    {
        var distance = 1 + (i * 37 % 800);
        return (i & 1) == 0 ? (Side.Buy, new Price(Mid - distance)) : (Side.Sell, new Price(Mid + distance));
    }

    public static AccountId AccountFor(long id) => new((int)(id % 2_000) + 1);

    /// <summary>The i-th passive 10-lot GTC order, with id <paramref name="id"/> (see <see cref="PassiveAt"/>).</summary>
    public static NewOrder Passive(long id, int i)
    {
        var (side, price) = PassiveAt(i);
        return NewOrder.Limit(Instrument, new OrderId(id), AccountFor(id), side, price, new Quantity(10));
    }

    public static CancelOrder CancelOf(long id) => new(Instrument, new OrderId(id), AccountFor(id));
}
