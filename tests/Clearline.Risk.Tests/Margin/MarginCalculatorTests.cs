using Clearline.Domain;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Tests.Positions;
using FsCheck;
using FsCheck.Fluent;
using static Clearline.Risk.Tests.Contracts;

namespace Clearline.Risk.Tests.Margin;

public sealed class MarginCalculatorTests
{
    [Fact]
    public void Inverse_position_margin_in_btc()
    {
        // 1,000,000 USD at 50,000 is 20 BTC: IM 2% + 0.1% = 0.42 BTC, MM 1.1% = 0.22 BTC.
        Assert.Equal(new MarginRequirement(new Money(42_000_000), new Money(22_000_000)), MarginCalculator.ForPosition(InverseRisk, 100_000, Usd(50_000)));
        Assert.Equal(MarginCalculator.ForPosition(InverseRisk, 100_000, Usd(50_000)), MarginCalculator.ForPosition(InverseRisk, -100_000, Usd(50_000)));
        // At 30,000 it is 33.33333334 BTC (rounded up), at 2.16666667%: every step rounds up.
        Assert.Equal(new MarginRequirement(new Money(72_222_223), new Money(38_888_889)), MarginCalculator.ForPosition(InverseRisk, 100_000, Usd(30_000)));
        Assert.Equal(MarginRequirement.Zero, MarginCalculator.ForPosition(InverseRisk, 0, Usd(30_000)));
    }

    [Fact]
    public void Linear_position_margin_in_usdc()
    {
        // 2 BTC at 50,000 is 100,000 USDC: IM 2.01% = 2,010 USDC, MM 1.01% = 1,010 USDC.
        Assert.Equal(new MarginRequirement(new Money(2_010_000_000), new Money(1_010_000_000)), MarginCalculator.ForPosition(LinearRisk, 2000, Usd(50_000)));

        // Whole-BTC tiers: 0.5 BTC pays for a whole step, 2.005% of 25,000 USDC.
        var stepped = new InstrumentRisk(Linear, new MarginTiers(2_000_000, 5_000, 1_000_000, 5_000, 100_000_000), 10_000_000);
        Assert.Equal(new Money(501_250_000), MarginCalculator.ForPosition(stepped, -500, Usd(50_000)).Initial);
        Assert.Equal(new Money(500_625_000), MarginCalculator.ForPosition(LinearRisk, -500, Usd(50_000)).Initial);
    }

    [Fact]
    public void Orders_reserve_for_the_worse_side()
    {
        var mark = Usd(50_000);
        // Flat with 10,000 USD bid and 5,000 USD offered: the bids are the worse side (IM of a 0.2 BTC position).
        Assert.Equal(new Money(400_200), MarginCalculator.ForOpenOrders(InverseRisk, 0, 1000, 500, FineMoney.Zero, mark));
        // Long 10,000 USD with 10,000 USD offered: the offers only close it.
        Assert.Equal(Money.Zero, MarginCalculator.ForOpenOrders(InverseRisk, 1000, 0, 1000, FineMoney.Zero, mark));
        // Offering 30,000 USD against it could leave a 20,000 USD short: IM(0.4 BTC) − IM(0.2 BTC).
        Assert.Equal(new Money(800_800 - 400_200), MarginCalculator.ForOpenOrders(InverseRisk, 1000, 0, 3000, FineMoney.Zero, mark));
    }

    [Fact]
    public void Orders_through_the_mark_reserve_their_open_loss()
    {
        var mark = Usd(50_000);
        // Buying 1,000 USD at 51,000 with the mark at 50,000 loses 1,000·(1/50,000 − 1/51,000) BTC = 39,215.7 sat at once.
        var loss = MarginCalculator.OpenLoss(Inverse, Side.Buy, Lots(100), Usd(51_000), mark);
        Assert.Equal(new FineMoney(392_156_862_745_100), loss);
        Assert.Equal(FineMoney.Zero, MarginCalculator.OpenLoss(Inverse, Side.Buy, Lots(100), Usd(49_000), mark));
        Assert.Equal(FineMoney.Zero, MarginCalculator.OpenLoss(Inverse, Side.Sell, Lots(100), Usd(51_000), mark));
        // Selling 1 BTC at 49,900 with the mark at 50,000: 100 USDC.
        Assert.Equal(Fine(100, 16), MarginCalculator.OpenLoss(Linear, Side.Sell, Lots(1000), Usd(49_900), mark));
        Assert.Equal(new Money(40_002 + 39_216), MarginCalculator.ForOpenOrders(InverseRisk, 0, 100, 0, loss, mark));
    }

    /// <summary>
    /// Any partial fills of the resting orders leave a position whose IM is covered by the position's IM plus the
    /// reservation; IM ≥ MM; both grow with |size|.
    /// </summary>
    [Fact]
    public void The_reservation_covers_every_fill_outcome_and_margin_grows_with_size()
    {
        var scenario =
            from terms in PositionGenerators.Terms
            from tiers in MarginTiersTests.Tiers
            from position in Gen.Choose(-1_000_000, 1_000_000)
            from buys in Gen.Choose(0, 1_000_000)
            from sells in Gen.Choose(0, 1_000_000)
            from boughtShare in Gen.Choose(0, 100)
            from soldShare in Gen.Choose(0, 100)
            from mark in PositionGenerators.PriceTicks
            select (risk: new InstrumentRisk(terms, tiers, 1), position, buys, sells, bought: buys * (long)boughtShare / 100, sold: sells * (long)soldShare / 100, mark: PositionGenerators.Price(terms, mark));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(scenario), s =>
        {
            var now = MarginCalculator.ForPosition(s.risk, s.position, s.mark);
            var reserved = MarginCalculator.ForOpenOrders(s.risk, s.position, s.buys, s.sells, FineMoney.Zero, s.mark);
            var after = MarginCalculator.ForPosition(s.risk, s.position + s.bought - s.sold, s.mark);
            Assert.True(after.Initial <= now.Initial + reserved);
            Assert.True(now.Initial >= now.Maintenance);
            var larger = MarginCalculator.ForPosition(s.risk, s.position + (s.position >= 0 ? s.buys : -s.sells), s.mark);
            Assert.True(larger.Initial >= now.Initial && larger.Maintenance >= now.Maintenance);
        }));
    }
}
