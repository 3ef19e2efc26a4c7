using BenchmarkDotNet.Attributes;
using Clearline.Bench;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Benchmarks;

/// <summary>Rest non-crossing GTC orders on the ~1,000-order book (removed again after each iteration, untimed).</summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[WarmupCount(30)]
public class AddBenchmark
{
    private const int Orders = 10_000;
    private OrderBook _book = null!;
    private CountingSink _sink;
    private long _nextId;
    private long _firstAdded;

    [GlobalSetup]
    public void Setup() => _book = MicroBook.Create(out _nextId);

    [IterationCleanup]
    public void Cleanup()
    {
        for (var id = _firstAdded; id < _nextId; id++)
        {
            _book.Cancel(MicroBook.CancelOf(id), ref _sink);
        }
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public long Add()
    {
        _firstAdded = _nextId;
        for (var i = 0; i < Orders; i++)
        {
            _book.Submit(MicroBook.Passive(_nextId++, i), ref _sink);
        }

        return _sink.Accepted;
    }
}

/// <summary>Cancel resting orders (added before each iteration, untimed).</summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[WarmupCount(30)]
public class CancelBenchmark
{
    private const int Orders = 10_000;
    private OrderBook _book = null!;
    private CountingSink _sink;
    private long _nextId;
    private long _firstAdded;

    [GlobalSetup]
    public void Setup() => _book = MicroBook.Create(out _nextId);

    [IterationSetup]
    public void AddOrders()
    {
        _firstAdded = _nextId;
        for (var i = 0; i < Orders; i++)
        {
            _book.Submit(MicroBook.Passive(_nextId++, i), ref _sink);
        }
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public long Cancel()
    {
        for (var id = _firstAdded; id < _nextId; id++)
        {
            _book.Cancel(MicroBook.CancelOf(id), ref _sink);
        }

        return _sink.Cancelled;
    }
}

/// <summary>Steady state without per-iteration setup: add+cancel pairs, moves that go back and forth, and matches.</summary>
[MemoryDiagnoser]
public class SteadyStateBenchmarks
{
    private const int Batch = 1_000;
    private OrderBook _book = null!;
    private CountingSink _sink;
    private long _nextId;
    private BenchCommand[] _resting = [];
    private bool _moved;
    private long _replenishId;

    [GlobalSetup]
    public void Setup()
    {
        _book = MicroBook.Create(out _nextId);
        _resting = MicroBook.RestingOrders.ToArray();

        // Liquidity for the matches, at the mid (inside the prefill's spread): a practically endless
        // sell for the 1-lot IOC buys, and a 10-lot bid one tick below for the fill-and-replenish pairs.
        var sink = default(CountingSink);
        _book.Submit(NewOrder.Limit(MicroBook.Instrument, new OrderId(_nextId++), new AccountId(1), Side.Sell, new Price(MicroBook.Mid), new Quantity(BenchInstruments.MaxOrderLots)), ref sink);
        _replenishId = _nextId++;
        _book.Submit(NewOrder.Limit(MicroBook.Instrument, new OrderId(_replenishId), new AccountId(2), Side.Buy, new Price(MicroBook.Mid - 1), new Quantity(10)), ref sink);
        if (sink.Trades != 0 || sink.Rejected != 0)
        {
            throw new InvalidOperationException("setup orders must rest");
        }
    }

    /// <summary>Rest a non-crossing order and cancel it again; per pair.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long AddCancelPair()
    {
        var first = _nextId;
        for (var i = 0; i < Batch; i++)
        {
            _book.Submit(MicroBook.Passive(_nextId++, i), ref _sink);
        }

        for (var id = first; id < _nextId; id++)
        {
            _book.Cancel(MicroBook.CancelOf(id), ref _sink);
        }

        return _sink.Cancelled;
    }

    /// <summary>Amend the price of each of ~1,000 resting orders (3 ticks away from the spread, then back): one move per order.</summary>
    [Benchmark(OperationsPerInvoke = 1_090)]
    public long Move()
    {
        var away = !_moved;
        foreach (var c in _resting)
        {
            var price = away ? (c.Side == Side.Buy ? c.Price - 3 : c.Price + 3) : c.Price;
            _book.Amend(new AmendOrder(MicroBook.Instrument, new OrderId(c.OrderId), new AccountId(c.Account), new Price(price)), ref _sink);
        }

        _moved = away;
        return _sink.Amended;
    }

    /// <summary>An IOC buy of one lot against the resting sell at the mid: one trade, one level update.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Match()
    {
        for (var i = 0; i < Batch; i++)
        {
            var id = _nextId++;
            _book.Submit(NewOrder.Limit(MicroBook.Instrument, new OrderId(id), MicroBook.AccountFor(id), Side.Buy, new Price(MicroBook.Mid), new Quantity(1), TimeInForce.ImmediateOrCancel), ref _sink);
        }

        return _sink.Trades;
    }

    /// <summary>An IOC sell that fills a whole 10-lot bid (it leaves the book), then a GTC buy that puts it back; per pair.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long MatchFillAndReplenish()
    {
        for (var i = 0; i < Batch; i++)
        {
            var id = _nextId++;
            _book.Submit(NewOrder.Limit(MicroBook.Instrument, new OrderId(id), MicroBook.AccountFor(id), Side.Sell, new Price(MicroBook.Mid - 1), new Quantity(10), TimeInForce.ImmediateOrCancel), ref _sink);
            var replenish = _nextId++;
            _book.Submit(NewOrder.Limit(MicroBook.Instrument, new OrderId(replenish), new AccountId(2), Side.Buy, new Price(MicroBook.Mid - 1), new Quantity(10)), ref _sink);
        }

        return _sink.Trades;
    }
}
