using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Testing;

namespace Clearline.Matching.Tests;

/// <summary>The instruments the tests trade: a plain grid and two with tick-size steps.</summary>
public static class Instruments
{
    /// <summary>Tick 1 everywhere, prices 1..30, at most 50 lots.</summary>
    public static readonly InstrumentSpec Plain = new(
        new InstrumentId(7),
        InstrumentName.Parse("BTC-PERPETUAL"),
        new TickSizeSchedule(1m),
        contractSize: 10m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(50),
        maxPrice: new Price(30));

    /// <summary>Tick 1 below 100, tick 5 from 100 up to the maximum 150.</summary>
    public static readonly InstrumentSpec Stepped = TestMarkets.Stepped(3);

    /// <summary>Steps close together: 1 below 4, 2 from 4, 4 from 8, 8 from 16; the maximum is 40.</summary>
    public static readonly InstrumentSpec DenseSteps = new(
        new InstrumentId(12),
        InstrumentName.Parse("SOL_USDC-PERPETUAL"),
        new TickSizeSchedule(1m, [new TickSizeStep(4m, 2m), new TickSizeStep(8m, 4m), new TickSizeStep(16m, 8m)]),
        contractSize: 1m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(30),
        maxPrice: new Price(40));

    /// <summary>A wide book for the deep-book streams: tick 1 up to 5,000.</summary>
    public static readonly InstrumentSpec Wide = new(
        new InstrumentId(1),
        InstrumentName.Parse("BTC-27DEC24"),
        new TickSizeSchedule(1m),
        contractSize: 10m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(100),
        maxPrice: new Price(5000));

    /// <summary>
    /// A long price range (256 pages of 4,096 ticks in the fast book's level store) with steps: tick 1 below
    /// 8,192, 64 from 8,192, 4,096 from 262,144, up to 1,048,576.
    /// </summary>
    public static readonly InstrumentSpec Paged = new(
        new InstrumentId(2),
        InstrumentName.Parse("BTC-27DEC24-50000-C"),
        new TickSizeSchedule(1m, [new TickSizeStep(8_192m, 64m), new TickSizeStep(262_144m, 4_096m)]),
        contractSize: 1m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(60),
        maxPrice: new Price(1_048_576));
}
