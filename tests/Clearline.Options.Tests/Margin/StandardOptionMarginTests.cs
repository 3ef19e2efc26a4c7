using Clearline.Domain.Instruments;
using Clearline.Options.Margin;

namespace Clearline.Options.Tests.Margin;

/// <summary>
/// Standard option margin (derivatives.md §1.3) on hand-computed cases: underlying mark 50,000, one contract short
/// unless stated. Inverse amounts are in coin, linear ones in USD.
/// </summary>
public sealed class StandardOptionMarginTests
{
    private const double Underlying = 50_000;
    private static readonly StandardOptionMarginParameters Deribit = StandardOptionMarginParameters.Deribit;

    [Theory]
    // Inverse, in coin. OTM call K = 60,000: OTM/U = 0.2, so the floor 0.10 applies: IM = 0.10 + 0.01, MM = 0.075 + 0.01.
    [InlineData(MarginSettlement.Inverse, OptionType.Call, 60_000, 0.01, 0.11, 0.085)]
    // Slightly OTM call K = 51,000: OTM/U = 0.02: IM = 0.13 + 0.05, MM = 0.075 + 0.05.
    [InlineData(MarginSettlement.Inverse, OptionType.Call, 51_000, 0.05, 0.18, 0.125)]
    // ITM call K = 40,000: OTM = 0: IM = 0.15 + 0.25, MM = 0.075 + 0.25.
    [InlineData(MarginSettlement.Inverse, OptionType.Call, 40_000, 0.25, 0.40, 0.325)]
    // OTM put K = 45,000: OTM/U = 0.1: IM = max(0.05, 0.10) + 0.02; MM = max(0.075, 0.0015) + 0.02.
    [InlineData(MarginSettlement.Inverse, OptionType.Put, 45_000, 0.02, 0.12, 0.095)]
    // ITM put K = 60,000: IM = 0.15 + 0.21; MM = max(0.075, 0.01575) + 0.21.
    [InlineData(MarginSettlement.Inverse, OptionType.Put, 60_000, 0.21, 0.36, 0.285)]
    // Deep ITM put K = 200,000, mark 3 coin: MM = max(0.075, 0.225) + 3 = 3.225 exceeds 0.15 + 3, so IM = MM.
    [InlineData(MarginSettlement.Inverse, OptionType.Put, 200_000, 3.0, 3.225, 3.225)]
    // Linear, in USD. OTM call K = 60,000, mark 500: IM = max(7,500 − 10,000, 5,000) + 500, MM = 3,750 + 500.
    [InlineData(MarginSettlement.Linear, OptionType.Call, 60_000, 500, 5_500, 4_250)]
    // ITM call K = 40,000, mark 12,500: IM = 7,500 + 12,500, MM = 3,750 + 12,500.
    [InlineData(MarginSettlement.Linear, OptionType.Call, 40_000, 12_500, 20_000, 16_250)]
    // OTM put K = 45,000, mark 1,000: IM = max(2,500, 5,000) + 1,000; MM = max(3,750, 75) + 1,000.
    [InlineData(MarginSettlement.Linear, OptionType.Put, 45_000, 1_000, 6_000, 4_750)]
    // ITM put K = 60,000, mark 10,500: IM = 7,500 + 10,500; MM = max(3,750, 787.5) + 10,500.
    [InlineData(MarginSettlement.Linear, OptionType.Put, 60_000, 10_500, 18_000, 14_250)]
    public void Short_options_follow_the_table(MarginSettlement settlement, OptionType type, double strike, double mark, double initial, double maintenance)
    {
        var margin = StandardOptionMargin.ForPosition(type, settlement, -1, Underlying, strike, mark, Deribit);

        Assert.Equal(initial, margin.Initial, initial * 1e-12);
        Assert.Equal(maintenance, margin.Maintenance, maintenance * 1e-12);
    }

    [Theory]
    [InlineData(OptionType.Call, MarginSettlement.Inverse)]
    [InlineData(OptionType.Put, MarginSettlement.Inverse)]
    [InlineData(OptionType.Call, MarginSettlement.Linear)]
    [InlineData(OptionType.Put, MarginSettlement.Linear)]
    public void Long_options_need_no_margin(OptionType type, MarginSettlement settlement)
    {
        Assert.Equal(default, StandardOptionMargin.ForPosition(type, settlement, 2.5, Underlying, 40_000, 0.3, Deribit));
    }

    [Fact]
    public void A_position_is_its_size_times_one_contract()
    {
        var one = StandardOptionMargin.ForPosition(OptionType.Put, MarginSettlement.Inverse, -1, Underlying, 45_000, 0.02, Deribit);
        var position = StandardOptionMargin.ForPosition(OptionType.Put, MarginSettlement.Inverse, -2.5, Underlying, 45_000, 0.02, Deribit);

        Assert.Equal(0.30, position.Initial, 1e-12);
        Assert.Equal(2.5 * one.Maintenance, position.Maintenance, 1e-12);
    }

    /// <summary>The same option with its mark in coin and in USD (× U) has the same requirement, × U in USD.</summary>
    [Theory]
    [InlineData(OptionType.Call, 55_000, 0.004)]
    [InlineData(OptionType.Put, 48_000, 0.031)]
    [InlineData(OptionType.Put, 120_000, 1.41)]
    public void Linear_is_the_inverse_requirement_valued_in_the_quote_currency(OptionType type, double strike, double coinMark)
    {
        var inverse = StandardOptionMargin.ForPosition(type, MarginSettlement.Inverse, -1, Underlying, strike, coinMark, Deribit);
        var linear = StandardOptionMargin.ForPosition(type, MarginSettlement.Linear, -1, Underlying, strike, coinMark * Underlying, Deribit);

        Assert.Equal(inverse.Initial * Underlying, linear.Initial, 1e-8);
        Assert.Equal(inverse.Maintenance * Underlying, linear.Maintenance, 1e-8);
    }

    [Fact]
    public void The_rates_are_configuration()
    {
        var stricter = new StandardOptionMarginParameters(InitialRate: 0.20, InitialFloor: 0.12, MaintenanceRate: 0.10);

        // OTM call K = 55,000 (OTM/U = 0.1): IM = max(0.10, 0.12) + 0.01; MM = 0.10 + 0.01.
        var margin = StandardOptionMargin.ForPosition(OptionType.Call, MarginSettlement.Inverse, -1, Underlying, 55_000, 0.01, stricter);

        Assert.Equal(0.13, margin.Initial, 1e-12);
        Assert.Equal(0.11, margin.Maintenance, 1e-12);
    }
}
