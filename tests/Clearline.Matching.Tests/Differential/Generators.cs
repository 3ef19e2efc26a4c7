using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Matching.Tests.Differential;

/// <summary>FsCheck generators for command streams, and a shrinker that drops commands.</summary>
public static class Generators
{
    public static Gen<Scenario> Scenario(Market market, int length, int accountsLow = 3, int accountsHigh = 5) =>
        from accounts in Gen.Choose(accountsLow, accountsHigh)
        from maxResting in Gen.Frequency((7, Gen.Constant(1000)), (3, Gen.Choose(3, 12)))
        from ops in Gen.ArrayOf(Op(market), length)
        select new Scenario(market, accounts, maxResting, ops);

    public static Arbitrary<Scenario> Arbitrary(Market market, int length) => Arb.From(Scenario(market, length), Shrink);

    /// <summary>Shorter streams first: drop halves, quarters, ... down to single commands.</summary>
    public static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var ops = scenario.Ops;
        for (var chunk = ops.Length / 2; chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start + chunk <= ops.Length; start += chunk)
            {
                yield return scenario with { Ops = [.. ops[..start], .. ops[(start + chunk)..]] };
            }
        }

        if (scenario.MaxResting > 3 && scenario.MaxResting != 1000)
        {
            yield return scenario with { MaxResting = 1000 };
        }
    }

    public static Gen<Op> Op(Market market) => Gen.Frequency(
        (62, New(market).Select(o => (Op)o)),
        (18, Amend(market).Select(o => (Op)o)),
        (15, Cancel().Select(o => (Op)o)),
        (3, Gen.Choose(0, 4).Select(a => (Op)new CancelAllOp(a))));

    public static Gen<NewOp> New(Market market) =>
        from side in Gen.Frequency((49, Gen.Constant(0)), (49, Gen.Constant(1)), (2, Gen.Elements(2, 255)))
        from type in Gen.Frequency((80, Gen.Constant(0)), (18, Gen.Constant(1)), (2, Gen.Elements(2, 9)))
        from tif in type == 1
            ? Gen.Frequency((10, Gen.Constant(0)), (45, Gen.Constant(1)), (45, Gen.Constant(2)))
            : Gen.Frequency((62, Gen.Constant(0)), (17, Gen.Constant(1)), (18, Gen.Constant(2)), (3, Gen.Elements(3, 200)))
        from postOnly in Gen.Frequency((76, Gen.Constant(0)), (10, Gen.Constant(1)), (12, Gen.Constant(2)), (2, Gen.Elements(3, 77)))
        from selfTrade in Gen.Frequency((30, Gen.Constant(0)), (68, Gen.Choose(1, 4)), (2, Gen.Elements(5, 250)))
        from price in NewPrice(market)
        from quantity in Quantity(market)
        from display in Gen.Frequency((72, Gen.Constant(0L)), (24, Gen.Choose(1, 6).Select(d => (long)d)), (4, Gen.Elements(-1L, long.MinValue, 1_000L)))
        from account in Gen.Choose(0, 4)
        from id in Gen.Frequency(
            (93, Gen.Constant(IdChoice.Next)),
            (3, Gen.Constant(IdChoice.Gap)),
            (1, Gen.Constant(IdChoice.ReuseLast)),
            (1, Gen.Constant(IdChoice.ReuseOlder)),
            (1, Gen.Constant(IdChoice.Zero)),
            (1, Gen.Constant(IdChoice.Negative)))
        from wrongInstrument in Gen.Frequency((99, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new NewOp(side, type, tif, postOnly, selfTrade, price, quantity, display, account, id, wrongInstrument);

    public static Gen<AmendOp> Amend(Market market) =>
        from recency in Recency()
        from asOwner in Gen.Frequency((90, Gen.Constant(true)), (10, Gen.Constant(false)))
        from account in Gen.Choose(0, 4)
        from price in Gen.Frequency(
            (35, Gen.Constant(new PriceChoice(PriceKind.Same, 0))),
            (45, Gen.Choose(-3, 3).Select(d => new PriceChoice(PriceKind.Step, d))),
            (20, NewPrice(market)))
        from quantity in Gen.Frequency(
            (35, Gen.Constant(0L)),
            (50, Gen.Choose(1, 14).Select(q => (long)q)),
            (15, Gen.Elements(-1L, long.MinValue, market.Spec.MaxOrderQuantity.Lots, market.Spec.MaxOrderQuantity.Lots + 1)))
        from wrongInstrument in Gen.Frequency((99, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new AmendOp(recency, asOwner, account, price, quantity, wrongInstrument);

    public static Gen<CancelOp> Cancel() =>
        from recency in Recency()
        from asOwner in Gen.Frequency((92, Gen.Constant(true)), (8, Gen.Constant(false)))
        from account in Gen.Choose(0, 4)
        from wrongInstrument in Gen.Frequency((99, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new CancelOp(recency, asOwner, account, wrongInstrument);

    private static Gen<int> Recency() => Gen.Frequency((85, Gen.Choose(0, 6)), (15, Gen.Choose(7, 60)));

    private static Gen<PriceChoice> NewPrice(Market market) => Gen.Frequency(
        (92, Gen.Choose(market.BandLow, market.BandHigh).Select(i => new PriceChoice(PriceKind.Index, i))),
        (8, Gen.Elements(market.EdgePrices).Select(p => new PriceChoice(PriceKind.Raw, p))));

    private static Gen<long> Quantity(Market market)
    {
        var max = market.Spec.MaxOrderQuantity.Lots;
        return Gen.Frequency(
            (80, Gen.Choose(1, 10).Select(q => (long)q)),
            (12, Gen.Choose(11, (int)max).Select(q => (long)q)),
            (8, Gen.Elements(0L, -1L, long.MinValue, max, max + 1, long.MaxValue)));
    }
}
