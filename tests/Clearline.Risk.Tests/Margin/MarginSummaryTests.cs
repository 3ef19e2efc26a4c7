using Clearline.Domain;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Tests.Positions;
using FsCheck;
using FsCheck.Fluent;
using static Clearline.Risk.Tests.Contracts;

namespace Clearline.Risk.Tests.Margin;

public sealed class MarginSummaryTests
{
    /// <summary>Long 10,000 USD of BTC-PERPETUAL from 50,000, marked at 45,000.</summary>
    private static readonly InstrumentExposure Perpetual = new(
        InverseRisk, Position.Flat.Apply(Inverse, Side.Buy, Lots(1000), Usd(50_000)).Position, Usd(45_000), 0, 0, FineMoney.Zero);

    /// <summary>Short 5,000 USD of a BTC future from 50,000, marked there, with another 5,000 USD offered at 51,000.</summary>
    private static readonly InstrumentExposure Future = InstrumentExposure.Create(
        InverseRisk, Position.Flat.Apply(Inverse, Side.Sell, Lots(500), Usd(50_000)).Position, Usd(50_000), [], [new OrderLevel(Lots(500), Usd(51_000))]);

    [Fact]
    public void Cross_margin_sums_a_currency()
    {
        var summary = MarginSummary.Compute(new Money(3_000_000), [Perpetual, Future]);
        // Unrealised: 10,000·(1/50,000 − 1/45,000) BTC = −2,222,222.2 sat, rounded down. IM at 45,000 of 0.2222 BTC
        // (444,692) and at 50,000 of 0.1 BTC (200,050); the offers could double the short: IM(0.2) − IM(0.1).
        Assert.Equal(new MarginSummary(new Money(3_000_000), new Money(-2_222_223), new Money(644_742), new Money(200_150), new Money(322_520)), summary);
        Assert.Equal(new Money(777_777), summary.MarginBalance);
        Assert.Equal(new Money(844_892), summary.Initial);
        Assert.Equal(new Money(-67_115), summary.AvailableFunds);
        Assert.False(summary.IsLiquidatable);
    }

    [Fact]
    public void Liquidation_is_due_when_maintenance_reaches_the_margin_balance()
    {
        // Isolated: the perpetual alone, with 2,444,693 sat set aside: margin balance 222,470 = its MM.
        Assert.Equal(new Money(222_470), Perpetual.PositionMargin.Maintenance);
        Assert.True(MarginSummary.Compute(new Money(2_444_693), [Perpetual]).IsLiquidatable);
        Assert.False(MarginSummary.Compute(new Money(2_444_694), [Perpetual]).IsLiquidatable);
        // Nothing to liquidate without positions, whatever the balance.
        Assert.False(MarginSummary.Compute(new Money(-5), []).IsLiquidatable);
    }

    [Fact]
    public void One_pool_one_currency()
    {
        var linear = new InstrumentExposure(LinearRisk, Position.Flat, Usd(50_000), 0, 0, FineMoney.Zero);
        Assert.Throws<ArgumentException>(() => MarginSummary.Compute(Money.Zero, [Perpetual, linear]));
    }

    /// <summary>Updating one exposure in place gives what summing all of them again gives.</summary>
    [Fact]
    public void Update_matches_a_full_recomputation()
    {
        var exposure =
            from position in Gen.Choose(-100_000, 100_000)
            from mark in Gen.Choose(80_000, 120_000)
            from buys in Gen.ListOf(Gen.Choose(1, 5_000).Zip(Gen.Choose(80_000, 120_000)))
            from sells in Gen.ListOf(Gen.Choose(1, 5_000).Zip(Gen.Choose(80_000, 120_000)))
            select InstrumentExposure.Create(
                InverseRisk,
                position == 0 ? Position.Flat : Position.Flat.Apply(Inverse, position > 0 ? Side.Buy : Side.Sell, Lots(Math.Abs(position)), Usd(50_000)).Position,
                PositionGenerators.Price(Inverse, mark),
                [.. buys.Select(b => new OrderLevel(Lots(b.Item1), PositionGenerators.Price(Inverse, b.Item2)))],
                [.. sells.Select(s => new OrderLevel(Lots(s.Item1), PositionGenerators.Price(Inverse, s.Item2)))]);
        var scenario =
            from exposures in Gen.NonEmptyListOf(exposure)
            from replacement in exposure
            from index in Gen.Choose(0, 1_000)
            from balance in Gen.Choose(-1_000_000, 100_000_000)
            select (exposures: exposures.ToArray(), replacement, index: index % exposures.Count, balance);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(scenario), s =>
        {
            var before = MarginSummary.Compute(new Money(s.balance), s.exposures);
            var changed = s.exposures.ToArray();
            changed[s.index] = s.replacement;
            Assert.Equal(MarginSummary.Compute(new Money(s.balance), changed), before.Update(s.exposures[s.index], s.replacement));
        }));
    }
}
