using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Clearline.Bench;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Clearing;
using Clearline.Sequencing.Codecs;

namespace Clearline.Benchmarks;

/// <summary>
/// What snapshots and state hashes cost on a deep book: one market with 1,000,000 resting orders (about ten
/// per price level, within ±50,000 ticks of the mid), built once through <see cref="EngineState.Apply"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class StateBenchmarks
{
    private const int Orders = 1_000_000;
    private const long Mid = 50_000_000;

    private EngineState _state = null!;
    private byte[] _encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _state = new EngineState([BenchInstruments.Create(0)]);
        var random = new Random(7);
        Span<byte> command = stackalloc byte[CommandCodec.MaxSize];
        var sink = default(NoVenueEvents);
        for (var id = 1; id <= Orders; id++)
        {
            var buy = (id & 1) == 0;
            var price = buy ? Mid - random.Next(1, 50_000) : Mid + random.Next(1, 50_000);
            var order = NewOrder.Limit(new InstrumentId(0), new OrderId(id), new AccountId(1 + (id % 1000)), buy ? Side.Buy : Side.Sell, new Price(price), new Quantity(random.Next(1, 100)));
            _state.Apply(id, id, command[..CommandCodec.Encode(order, command)], ref sink);
        }

        _encoded = EngineStateCodec.Encode(_state);
    }

    [Benchmark]
    public int CaptureBooks() => _state.CaptureBooks().Count;

    [Benchmark]
    public void Encode() => EngineStateCodec.Encode(_state, Stream.Null);

    [Benchmark]
    public StateHash ComputeStateHash() => _state.ComputeStateHash();

    [Benchmark]
    public EngineState Decode() => EngineStateCodec.Decode(_encoded, _state.Markets, _state.Limits);
}
