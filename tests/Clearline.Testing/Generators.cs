using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Testing;

/// <summary>FsCheck generators for command streams, and a shrinker that drops commands.</summary>
public static class Generators
{
    public static Gen<Scenario> Scenario(Market market, int length, int accountsLow = 3, int accountsHigh = 5)
    {
        var ops = Gen.ArrayOf(Op(market, accountsHigh), length);
        var maxResting = market.Deep ? Gen.Constant(1500) : Gen.Frequency((8, Gen.Constant(1000)), (2, Gen.Choose(3, 12)));
        return
            from accounts in Gen.Choose(accountsLow, accountsHigh)
            from max in maxResting
            from o in ops
            select new Scenario(market, accounts, max, o);
    }

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

    public static Gen<Op> Op(Market market, int accounts = 5)
    {
        ArgumentNullException.ThrowIfNull(market);
        var account = Gen.Choose(0, accounts - 1);
        var (newWeight, amendWeight, cancelWeight, cancelAllWeight) = market.Deep ? (850, 100, 48, 2) : (650, 180, 160, 10);
        return Gen.Frequency(
            (newWeight, New(market, account).Select(o => (Op)o)),
            (amendWeight, Amend(market, account).Select(o => (Op)o)),
            (cancelWeight, Cancel(account).Select(o => (Op)o)),
            (cancelAllWeight, account.Select(a => (Op)new CancelAllOp(a))));
    }

    public static Gen<NewOp> New(Market market, Gen<int> accountGen)
    {
        ArgumentNullException.ThrowIfNull(market);
        // Built once per market: a generator built inside a query would be rebuilt for every sample.
        var buyPrice = SidedPrice(market, buy: true);
        var sellPrice = SidedPrice(market, buy: false);
        var quantity = Quantity(market);
        var fields =
            from side in SideGen
            from type in TypeGen
            from tif in type == 1 ? MarketTimeInForceGen : LimitTimeInForceGen
            from postOnly in type == 0 && tif == 0 ? PostOnlyGen : RarePostOnlyGen
            from display in type == 0 && tif == 0 ? DisplayGen : RareDisplayGen
            select (side, type, tif, postOnly, display);
        return
            from f in fields
            from selfTrade in SelfTradeGen
            from p in f.side == 0 ? buyPrice : sellPrice
            from q in quantity
            from account in accountGen
            from id in IdGen
            from wrongInstrument in RareGen
            select new NewOp(f.side, f.type, f.tif, f.postOnly, selfTrade, p, q, f.display, account, id, wrongInstrument);
    }

    public static Gen<AmendOp> Amend(Market market, Gen<int> accountGen)
    {
        ArgumentNullException.ThrowIfNull(market);
        var max = market.Spec.MaxOrderQuantity.Lots;
        var price = Gen.Frequency(
            (35, Gen.Constant(new PriceChoice(PriceKind.Same, 0))),
            (45, Gen.Choose(-3, 3).Select(d => new PriceChoice(PriceKind.Step, d))),
            (20, NewPrice(market)));
        var quantity = Gen.Frequency(
            (35, Gen.Constant(0L)),
            (50, Gen.Choose(1, 14).Select(q => (long)q)),
            (15, Gen.Elements(-1L, long.MinValue, max, max + 1)));
        return
            from recency in RecencyGen
            from asOwner in AmendOwnerGen
            from account in accountGen
            from p in price
            from q in quantity
            from wrongInstrument in RareGen
            select new AmendOp(recency, asOwner, account, p, q, wrongInstrument);
    }

    public static Gen<CancelOp> Cancel(Gen<int> accountGen) =>
        from recency in RecencyGen
        from asOwner in CancelOwnerGen
        from account in accountGen
        from wrongInstrument in RareGen
        select new CancelOp(recency, asOwner, account, wrongInstrument);

    private static readonly Gen<int> SideGen = Gen.Frequency((49, Gen.Constant(0)), (49, Gen.Constant(1)), (2, Gen.Elements(2, 255)));
    private static readonly Gen<int> TypeGen = Gen.Frequency((82, Gen.Constant(0)), (16, Gen.Constant(1)), (2, Gen.Elements(2, 9)));
    private static readonly Gen<int> MarketTimeInForceGen = Gen.Frequency((10, Gen.Constant(0)), (45, Gen.Constant(1)), (45, Gen.Constant(2)));
    private static readonly Gen<int> LimitTimeInForceGen = Gen.Frequency((66, Gen.Constant(0)), (15, Gen.Constant(1)), (17, Gen.Constant(2)), (2, Gen.Elements(3, 200)));
    private static readonly Gen<int> PostOnlyGen = Gen.Frequency((72, Gen.Constant(0)), (12, Gen.Constant(1)), (14, Gen.Constant(2)), (2, Gen.Elements(3, 77)));
    private static readonly Gen<int> RarePostOnlyGen = Gen.Frequency((96, Gen.Constant(0)), (4, Gen.Choose(1, 2)));
    private static readonly Gen<long> DisplayGen = Gen.Frequency((68, Gen.Constant(0L)), (29, Gen.Choose(1, 6).Select(d => (long)d)), (3, Gen.Elements(-1L, long.MinValue, 1_000L)));
    private static readonly Gen<long> RareDisplayGen = Gen.Frequency((97, Gen.Constant(0L)), (3, Gen.Elements(-1L, 1L, 2L)));
    private static readonly Gen<int> SelfTradeGen = Gen.Frequency((30, Gen.Constant(0)), (68, Gen.Choose(1, 4)), (2, Gen.Elements(5, 250)));
    private static readonly Gen<bool> RareGen = Gen.Frequency((99, Gen.Constant(false)), (1, Gen.Constant(true)));
    private static readonly Gen<IdChoice> IdGen = Gen.Frequency(
        (93, Gen.Constant(IdChoice.Next)),
        (3, Gen.Constant(IdChoice.Gap)),
        (1, Gen.Constant(IdChoice.ReuseLast)),
        (1, Gen.Constant(IdChoice.ReuseOlder)),
        (1, Gen.Constant(IdChoice.Zero)),
        (1, Gen.Constant(IdChoice.Negative)));

    private static readonly Gen<int> RecencyGen = Gen.Frequency((88, Gen.Choose(0, 3)), (12, Gen.Choose(4, 60)));
    private static readonly Gen<bool> AmendOwnerGen = Gen.Frequency((90, Gen.Constant(true)), (10, Gen.Constant(false)));
    private static readonly Gen<bool> CancelOwnerGen = Gen.Frequency((92, Gen.Constant(true)), (8, Gen.Constant(false)));

    private static Gen<PriceChoice> NewPrice(Market market) => Gen.Frequency(
        (92, Gen.Choose(market.BandLow, market.BandHigh).Select(i => new PriceChoice(PriceKind.Index, i))),
        (8, Gen.Elements(market.EdgePrices).Select(p => new PriceChoice(PriceKind.Raw, p))));

    /// <summary>
    /// Buys mostly below the band's middle and sells mostly above, overlapping by a few prices, so the book
    /// builds depth and still crosses often.
    /// </summary>
    private static Gen<PriceChoice> SidedPrice(Market market, bool buy)
    {
        var middle = (market.BandLow + market.BandHigh) / 2;
        var half = Math.Max(1, (market.BandHigh - market.BandLow) / 2);
        var overlap = Math.Max(1, market.Deep ? half / 50 : half / 3);
        return Gen.Frequency(
            (80, Gen.Choose(-overlap, half).Select(away => new PriceChoice(PriceKind.Index, buy ? middle - away : middle + away))),
            (12, Gen.Choose(market.BandLow, market.BandHigh).Select(i => new PriceChoice(PriceKind.Index, i))),
            (8, Gen.Elements(market.EdgePrices).Select(p => new PriceChoice(PriceKind.Raw, p))));
    }

    private static Gen<long> Quantity(Market market)
    {
        var max = market.Spec.MaxOrderQuantity.Lots;
        return Gen.Frequency(
            (80, Gen.Choose(1, 10).Select(q => (long)q)),
            (12, Gen.Choose(11, (int)max).Select(q => (long)q)),
            (8, Gen.Elements(0L, -1L, long.MinValue, max, max + 1, long.MaxValue)));
    }
}
