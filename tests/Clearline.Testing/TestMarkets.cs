using System.Globalization;
using Clearline.Domain;
using Clearline.Domain.Instruments;

namespace Clearline.Testing;

/// <summary>Instruments for tests: perpetual-like, tick 0.5, bounds small enough for random streams to reach them.</summary>
public static class TestMarkets
{
    public static InstrumentSpec Perpetual(int id) => new(
        new InstrumentId(id),
        InstrumentName.Perpetual(id == 0 ? "BTC" : "T" + id.ToString("D3", CultureInfo.InvariantCulture)),
        new TickSizeSchedule(0.5m),
        contractSize: 10m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(1_000_000),
        maxPrice: new Price(1_000_000));

    /// <summary>Every valid price from 1 to the maximum, ascending.</summary>
    public static long[] ValidPrices(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var prices = new List<long>();
        for (var p = 1L; p <= spec.MaxPrice.Ticks; p++)
        {
            if (spec.IsValidPrice(new Price(p)))
            {
                prices.Add(p);
            }
        }

        return [.. prices];
    }

    /// <summary>Tick 1 below 100, tick 5 from 100 up to the maximum 150, at most 40 lots.</summary>
    public static InstrumentSpec Stepped(int id) => new(
        new InstrumentId(id),
        InstrumentName.Parse("ETH-PERPETUAL"),
        new TickSizeSchedule(1m, [new TickSizeStep(100m, 5m)]),
        contractSize: 1m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(40),
        maxPrice: new Price(150));
}
