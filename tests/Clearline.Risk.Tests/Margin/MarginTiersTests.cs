using Clearline.Risk.Margin;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Margin;

public sealed class MarginTiersTests
{
    /// <summary>Valid tiers: maintenance at most initial, component by component; steps from continuous to 10 coins.</summary>
    internal static Gen<MarginTiers> Tiers { get; } =
        from maintenanceBase in Gen.Choose(0, 5_000_000)
        from initialExtra in Gen.Choose(0, 5_000_000)
        from maintenancePerCoin in Gen.Choose(0, 10_000)
        from initialPerCoinExtra in Gen.Choose(0, 10_000)
        from step in Gen.Elements(1L, 1_000_000L, 100_000_000L, 1_000_000_000L)
        select new MarginTiers(maintenanceBase + initialExtra, maintenancePerCoin + initialPerCoinExtra, maintenanceBase, maintenancePerCoin, step);

    [Fact]
    public void Deribit_btc_rates()
    {
        var tiers = Contracts.DeribitBtc;
        Assert.Equal(200_000_000_000_000, tiers.InitialRateE16(0));
        // 100 BTC: IM 2% + 0.5% = 2.5%, MM 1.5%.
        Assert.Equal(250_000_000_000_000, tiers.InitialRateE16(10_000_000_000));
        Assert.Equal(150_000_000_000_000, tiers.MaintenanceRateE16(10_000_000_000));
        // Continuous: one satoshi of size adds 0.005% / 10⁸.
        Assert.Equal(200_000_000_005_000, tiers.InitialRateE16(1));
    }

    [Fact]
    public void A_partial_step_counts_as_a_whole_one()
    {
        var tiers = new MarginTiers(2_000_000, 5_000, 1_000_000, 5_000, sizeStepE8: 100_000_000);
        Assert.Equal(200_000_000_000_000, tiers.InitialRateE16(0));
        Assert.Equal(200_500_000_000_000, tiers.InitialRateE16(1));
        Assert.Equal(200_500_000_000_000, tiers.InitialRateE16(100_000_000));
        Assert.Equal(201_000_000_000_000, tiers.InitialRateE16(100_000_001));
    }

    [Fact]
    public void Configuration_is_checked()
    {
        Assert.Throws<ArgumentException>(() => new MarginTiers(1_000_000, 5_000, 2_000_000, 5_000));
        Assert.Throws<ArgumentException>(() => new MarginTiers(2_000_000, 4_000, 1_000_000, 5_000));
        Assert.Throws<ArgumentException>(() => new MarginTiers(2_000_000, 5_000, -1, 5_000));
        Assert.Throws<ArgumentException>(() => new MarginTiers(MarginTiers.RateScale + 1, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MarginTiers(2_000_000, 5_000, 1_000_000, 5_000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Contracts.DeribitBtc.InitialRateE16(-1));
    }

    [Fact]
    public void Rates_rise_with_size_and_initial_is_at_least_maintenance()
    {
        var scenario =
            from tiers in Tiers
            from a in Gen.Choose(0, int.MaxValue)
            from b in Gen.Choose(0, int.MaxValue)
            from scale in Gen.Elements(1L, 1_000L, 1_000_000L)
            select (tiers, small: Math.Min(a, b) * scale, large: Math.Max(a, b) * scale);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(scenario), s =>
        {
            Assert.True(s.tiers.InitialRateE16(s.small) <= s.tiers.InitialRateE16(s.large));
            Assert.True(s.tiers.MaintenanceRateE16(s.small) <= s.tiers.MaintenanceRateE16(s.large));
            Assert.True(s.tiers.InitialRateE16(s.small) >= s.tiers.MaintenanceRateE16(s.small));
        }));
    }
}
