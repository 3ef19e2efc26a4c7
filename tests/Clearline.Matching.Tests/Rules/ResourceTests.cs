using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Testing;

namespace Clearline.Matching.Tests.Rules;

/// <summary>Memory follows what the book holds, and configuration mistakes fail with a clear error.</summary>
public sealed class ResourceTests
{
    private static readonly InstrumentSpec Widest = new(
        new InstrumentId(7),
        InstrumentName.Parse("BTC-PERPETUAL"),
        new TickSizeSchedule(1m),
        10m,
        1m,
        new Quantity(100),
        new Price(InstrumentSpec.MaxPriceTicksLimit));

    /// <summary>Each price page is ~96 KiB: a book that once rested orders on 2,000 pages must not keep them all.</summary>
    [Fact]
    public void Emptied_price_pages_are_given_back()
    {
        var book = new OrderBook(Widest, maxRestingOrders: 1, initialCapacity: 1);
        var sink = new RecordingSink([]);
        long id = 0;
        void PlaceAndCancel(long price)
        {
            var order = NewOrder.Limit(Widest.Id, new OrderId(++id), new AccountId(1), Side.Buy, new Price(price), new Quantity(1));
            Assert.True(book.Submit(order, ref sink));
            Assert.True(book.Cancel(new CancelOrder(Widest.Id, order.Id, order.Account), ref sink));
        }

        PlaceAndCancel(100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var page = 1L; page <= 2_000; page++)
        {
            PlaceAndCancel(page << 12);
        }

        // The recording sink's list grows too; pages kept would be ~190 MiB.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * 1024 * 1024);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(MatchingEngine.MaxInstrumentIds)]
    [InlineData(int.MaxValue)]
    public void Engine_refuses_instrument_ids_it_cannot_index(int id)
    {
        var spec = new InstrumentSpec(new InstrumentId(id), InstrumentName.Parse("BTC-PERPETUAL"), new TickSizeSchedule(1m), 10m, 1m, new Quantity(10), new Price(100));
        var error = Assert.Throws<ArgumentException>(() => new MatchingEngine([spec], 10, 1));
        Assert.Contains("dense", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_refuse_an_undefined_side()
    {
        var book = new OrderBook(Widest, 10, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => book.GetOrders((Side)2));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.GetLevels((Side)2));
    }
}
