using Clearline.Domain;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Tests.Positions;

/// <summary>
/// Pinned results of a long seeded trade stream between four accounts, inverse and linear: any change to a
/// rounding rule or formula shows here even where the properties' bounds would still hold.
/// </summary>
public sealed class PositionGoldenTests
{
    [Theory]
    [InlineData(true, new long[] { -150_052_216, -36_485_311, 9_456_970, 177_713_334 }, 99_730_993_356_344, -104_870, "19223782163095594010")]
    [InlineData(false, new long[] { -838_690_862_508, -226_076_906_048, 74_610_574_143, 993_989_350_902 }, 98_231_996_748_716, -104_870, "-114418644600926727019364")]
    public void Seeded_stream(bool inverse, long[] booked, long residual, long size0, string cost0)
    {
        var terms = inverse ? Contracts.Inverse : Contracts.Linear;
        var positions = new Position[4];
        var realised = new Money[4];
        var venue = FineMoney.Zero;
        var state = 0x5EEDUL;
        ulong Next() => state = (state * 6_364_136_223_846_793_005UL) + 1_442_695_040_888_963_407UL;

        var priceTicks = 100_000L;
        for (var i = 0; i < 20_000; i++)
        {
            priceTicks = Math.Max(1_000, priceTicks + (long)(Next() >> 59) - 15);
            var buyer = (int)(Next() >> 62);
            var seller = (buyer + 1 + (int)(Next() % 3)) % 4;
            var lots = 1 + (long)(Next() >> 40) % 3_000;
            var outcome = TradeSettlement.Settle(terms, positions[buyer], positions[seller], new Quantity(lots), terms.ToQuotePrice(new Price(priceTicks)));
            (positions[buyer], positions[seller]) = (outcome.Buyer, outcome.Seller);
            realised[buyer] += outcome.BuyerRealised;
            realised[seller] += outcome.SellerRealised;
            venue += outcome.Residual;
        }

        Assert.Equal(booked, realised.Select(m => m.Units));
        Assert.Equal(residual, (long)venue.Units);
        Assert.Equal(size0, positions[0].Size);
        Assert.Equal(cost0, positions[0].Cost.ToString());
    }
}
