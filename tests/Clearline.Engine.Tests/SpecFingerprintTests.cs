using Clearline.Domain;
using Clearline.Domain.Instruments;

namespace Clearline.Engine.Tests;

public sealed class SpecFingerprintTests
{
    private static readonly InstrumentSpec Spec = new(
        new InstrumentId(5),
        InstrumentName.Parse("ETH-PERPETUAL"),
        new TickSizeSchedule(0.05m, [new TickSizeStep(100m, 0.5m), new TickSizeStep(1000m, 5m)]),
        contractSize: 1m,
        lotSize: 0.001m,
        maxOrderQuantity: new Quantity(1_000_000),
        maxPrice: new Price(2_000_000));

    [Fact]
    public void Every_field_is_rendered_in_invariant_culture_without_trailing_zeros()
    {
        Assert.Equal(
            """
            clearline instrument spec 1
            id=5
            name=ETH-PERPETUAL
            tick-size=0.05
            tick-step=100:0.5
            tick-step=1000:5
            contract-size=1
            lot-size=0.001
            max-order-lots=1000000
            max-price-ticks=2000000
            settlement-currency=ETH

            """.ReplaceLineEndings("\n"),
            SpecFingerprint.Render(Spec));
    }

    [Fact]
    public void Equal_specs_agree_and_any_difference_changes_the_fingerprint()
    {
        var same = new InstrumentSpec(Spec.Id, Spec.Name, new TickSizeSchedule(0.050m, [new TickSizeStep(100.0m, 0.50m), new TickSizeStep(1000m, 5.000m)]), 1.0m, 0.0010m, Spec.MaxOrderQuantity, Spec.MaxPrice);
        Assert.Equal(SpecFingerprint.Compute(Spec), SpecFingerprint.Compute(same));

        InstrumentSpec[] different =
        [
            new(new InstrumentId(6), Spec.Name, Spec.Ticks, 1m, 0.001m, Spec.MaxOrderQuantity, Spec.MaxPrice),
            new(Spec.Id, InstrumentName.Parse("ETH_USDC-PERPETUAL"), Spec.Ticks, 1m, 0.001m, Spec.MaxOrderQuantity, Spec.MaxPrice),
            new(Spec.Id, Spec.Name, new TickSizeSchedule(0.05m, [new TickSizeStep(100m, 0.5m)]), 1m, 0.001m, Spec.MaxOrderQuantity, Spec.MaxPrice),
            new(Spec.Id, Spec.Name, new TickSizeSchedule(0.05m, [new TickSizeStep(100m, 0.5m), new TickSizeStep(1000m, 10m)]), 1m, 0.001m, Spec.MaxOrderQuantity, Spec.MaxPrice),
            new(Spec.Id, Spec.Name, Spec.Ticks, 10m, 0.001m, Spec.MaxOrderQuantity, Spec.MaxPrice),
            new(Spec.Id, Spec.Name, Spec.Ticks, 1m, 0.01m, Spec.MaxOrderQuantity, Spec.MaxPrice),
            new(Spec.Id, Spec.Name, Spec.Ticks, 1m, 0.001m, new Quantity(999_999), Spec.MaxPrice),
            new(Spec.Id, Spec.Name, Spec.Ticks, 1m, 0.001m, Spec.MaxOrderQuantity, new Price(1_999_900)),
            new(Spec.Id, Spec.Name, Spec.Ticks, 1m, 0.001m, Spec.MaxOrderQuantity, Spec.MaxPrice, settlementCurrency: "USDC"),
        ];
        var fingerprints = different.Select(SpecFingerprint.Compute).Append(SpecFingerprint.Compute(Spec)).ToList();
        Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
    }
}
