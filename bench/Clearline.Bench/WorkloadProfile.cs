using System.Globalization;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Engine;

namespace Clearline.Bench;

/// <summary>
/// The shape of a generated workload. Every symbol gets the exchange-core mix (9% GTC, 3% IOC, 6% cancel,
/// 82% move), a book held near <see cref="TargetOrders"/> resting orders whose prices are drawn over
/// <see cref="HalfBand"/> ticks either side of a fixed mid, and about <see cref="TradeRatio"/> of commands trading.
/// </summary>
public sealed record WorkloadProfile(string Name, int Symbols, int Accounts, int TargetOrders, int HalfBand, double TradeRatio)
{
    /// <summary>The mid price every symbol's book is built around, in ticks.</summary>
    public const long MidPrice = 1_000_000;

    /// <summary>
    /// Aimed at 1,090 orders: the book settles about 10% under the target once the controllers have
    /// converged, so the measured stream averages ~1,000 orders on ~750 levels.
    /// </summary>
    public static readonly WorkloadProfile ExchangeCore = new("exchange-core", 1, 2_000, 1_090, 825, 0.06);

    /// <summary>
    /// 100x the orders over a 100x wider band (aimed a little above 100,000 so the measured stream stays at
    /// or above it); 30% of new prices fall in the exchange-core band so that the top of the book refills.
    /// </summary>
    public static readonly WorkloadProfile DeepBook = new("deep-book", 1, 2_000, 101_000, 82_500, 0.06);

    public static readonly WorkloadProfile MultiSymbol = new("multi-symbol", 100, 10_000, 1_000, 825, 0.06);

    public static IReadOnlyList<WorkloadProfile> All { get; } = [ExchangeCore, DeepBook, MultiSymbol];

    public static WorkloadProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>The resting-order capacity each book is created with: generous for the profile, not the 4M default.</summary>
    public int BookCapacity => Math.Max(1 << 16, TargetOrders * 4);

    /// <summary>The engine limits a run of this profile uses: books sized for its expected depth.</summary>
    public EngineLimits Limits => new(BookCapacity, TargetOrders * 2);

    public IReadOnlyList<InstrumentSpec> CreateInstruments() =>
        [.. Enumerable.Range(0, Symbols).Select(BenchInstruments.Create)];
}

/// <summary>The instruments benchmarks run on: BTC-PERPETUAL-like, tick 0.5, one price grid step, large bounds.</summary>
public static class BenchInstruments
{
    public static readonly TickSizeSchedule Ticks = new(0.5m);

    /// <summary>Orders of up to this many lots are valid on a benchmark instrument (the domain's ceiling).</summary>
    public const long MaxOrderLots = InstrumentSpec.MaxOrderLotsLimit;

    public static InstrumentSpec Create(int id)
    {
        var name = id == 0
            ? InstrumentName.Perpetual("BTC")
            : InstrumentName.Perpetual("S" + id.ToString("D4", CultureInfo.InvariantCulture));
        return new InstrumentSpec(
            new InstrumentId(id),
            name,
            Ticks,
            contractSize: 10m,
            lotSize: 1m,
            maxOrderQuantity: new Quantity(MaxOrderLots),
            maxPrice: new Price(100_000_000));
    }
}
