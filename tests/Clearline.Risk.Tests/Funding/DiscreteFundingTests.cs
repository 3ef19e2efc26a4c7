using System.Globalization;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Funding;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Funding;

public sealed class DiscreteFundingTests
{
    private const long Start = FundingScenario.StartMicros; // 05:00 UTC
    private const long Hour = 3_600_000_000;
    private const long EightUtc = Start + (3 * Hour);

    private static readonly DiscreteFundingConfig Hourly = new(new FundingRate(100_000), new FundingRate(500_000), intervalMicros: Hour);

    private static QuotePrice Usd(string value) =>
        QuotePrice.TryFromDecimal(decimal.Parse(value, CultureInfo.InvariantCulture), out var price) ? price : throw new ArgumentException(value);

    [Fact]
    public void Rate_is_the_interest_rate_while_the_premium_is_within_the_band_of_it()
    {
        var arbitrary = Arb.From(
            from interest in Gen.Choose(-1_000_000, 1_000_000)
            from band in Gen.Choose(0, 1_000_000)
            from premium in Gen.Choose(-5_000_000, 5_000_000)
            select (Config: new DiscreteFundingConfig(new FundingRate(interest), new FundingRate(band)), Premium: new FundingRate(premium)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(arbitrary, c =>
        {
            var rate = c.Config.RateFor(c.Premium);
            var gap = c.Config.InterestRate - c.Premium;
            if (Math.Abs(gap.Ppb) <= c.Config.Band.Ppb)
            {
                Assert.Equal(c.Config.InterestRate, rate);
            }
            else
            {
                Assert.Equal(c.Premium + new FundingRate(Math.Sign(gap.Ppb) * c.Config.Band.Ppb), rate);
            }
        }));
    }

    [Theory]
    [InlineData(-200_000, null, null, 100_000)] // |0.01% − (−0.02%)| ≤ 0.05%: F = I
    [InlineData(1_000_000, null, null, 500_000)] // 0.1% − 0.05%
    [InlineData(-1_000_000, null, null, -500_000)] // −0.1% + 0.05%
    [InlineData(1_000_000, null, 300_000L, 300_000)] // capped at 0.03%
    [InlineData(-1_000_000, -200_000L, null, -200_000)] // floored at −0.02%
    public void Rate_examples(long averagePremium, long? floor, long? cap, long expected)
    {
        var config = new DiscreteFundingConfig(
            new FundingRate(100_000), new FundingRate(500_000), floor is { } f ? new FundingRate(f) : null, cap is { } c ? new FundingRate(c) : null);
        Assert.Equal(new FundingRate(expected), config.RateFor(new FundingRate(averagePremium)));
    }

    [Theory]
    [InlineData(PremiumWeighting.Equal, 1, 300)]
    [InlineData(PremiumWeighting.Linear, 1, 383)] // (1×100 + 2×200 + 3×600) / 6 = 383.3
    [InlineData(PremiumWeighting.Equal, -1, -300)]
    [InlineData(PremiumWeighting.Linear, -1, -383)]
    public void Premium_samples_average_with_equal_or_increasing_weights(PremiumWeighting weighting, int sign, long average)
    {
        var funding = new DiscreteFunding(new DiscreteFundingConfig(new FundingRate(100_000), new FundingRate(500_000), weighting: weighting), FundingScenario.InverseBtc, Start);
        Assert.Equal(FundingRate.Zero, funding.AveragePremium);
        funding.AddSample(Start, new FundingRate(sign * 100));
        funding.AddSample(Start + 5_000_000, new FundingRate(sign * 200));
        funding.AddSample(Start + 10_000_000, new FundingRate(sign * 600));
        Assert.Equal(new FundingRate(average), funding.AveragePremium);
        Assert.Equal(new FundingRate(100_000), funding.PredictedRate);
    }

    [Fact]
    public void Funding_timestamps_fall_at_00_08_and_16_utc()
    {
        Assert.Equal(1_704_096_000_000_000, new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.InverseBtc, Start).NextFundingMicros); // 2024-01-01T08:00Z
        Assert.Equal(EightUtc + (8 * Hour), DiscreteFundingConfig.Default.NextTimestampAfter(EightUtc)); // strictly after
        Assert.Equal(EightUtc, DiscreteFundingConfig.Default.NextTimestampAfter(EightUtc - 1));
        Assert.Equal(-(8 * Hour), DiscreteFundingConfig.Default.NextTimestampAfter(-(8 * Hour) - 1)); // before 1970 too
        var offset = new DiscreteFundingConfig(new FundingRate(100_000), new FundingRate(500_000), intervalMicros: Hour, offsetMicros: Hour / 2);
        Assert.Equal(Start + (Hour / 2), offset.NextTimestampAfter(Start));
    }

    [Fact]
    public void Only_positions_open_at_the_funding_timestamp_pay()
    {
        // No samples: F = I = 0.01%. A 10 USD lot at 50,000 owes 0.001 USD = 2 satoshis.
        var funding = new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.InverseBtc, Start);
        var mark = Usd("50000");
        var ledger = new FundingLedger(4, funding.Index);
        ledger.Trade(0, 1, 1_000, funding.Index); // 06:00: A long 1,000 lots, B short
        Assert.False(funding.TrySettle(EightUtc - 1, mark, out _));
        ledger.Trade(2, 0, 200, funding.Index); // 07:59:59.999999: C buys 200 from A

        // A command stamped 08:00: the due funding settles before the command applies.
        Assert.True(funding.TrySettle(EightUtc, mark, out var rate));
        Assert.Equal(new FundingRate(100_000), rate);
        ledger.Trade(3, 1, 100, funding.Index); // D buys 100 from B after the timestamp
        Assert.False(funding.TrySettle(EightUtc + Hour, mark, out _));

        ledger.SettleAll(funding.Index);
        Assert.Equal([-1_600L, 2_000L, -400L, 0L], ledger.Balances);
        Assert.Equal(0, ledger.Pool);
    }

    [Fact]
    public void A_1_btc_linear_long_pays_6_usdc_at_0_01_percent()
    {
        var funding = new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.LinearBtcUsdc, Start);
        Assert.True(funding.TrySettle(EightUtc, Usd("60000"), out _));
        Assert.Equal(new Money(-6_000_000), funding.Index.CreditSince(FundingIndex.Zero, 1_000)); // 0.001 BTC lots
        Assert.Equal(new Money(6_000_000), funding.Index.CreditSince(FundingIndex.Zero, -1_000));
    }

    [Fact]
    public void Each_missed_timestamp_settles_once_and_in_order()
    {
        var funding = new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.InverseBtc, Start);
        funding.AddSample(Start + Hour, new FundingRate(1_000_000)); // 0.1%: F = 0.05%
        var sampled = funding.Index;
        var mark = Usd("50000");
        var late = EightUtc + (12 * Hour); // 20:00

        Assert.True(funding.TrySettle(late, mark, out var first));
        Assert.Equal(new FundingRate(500_000), first);
        Assert.True(funding.TrySettle(late, mark, out var second));
        Assert.Equal(new FundingRate(100_000), second); // the 16:00 interval had no samples
        Assert.False(funding.TrySettle(late, mark, out _));
        Assert.Equal(EightUtc + (16 * Hour), funding.NextFundingMicros);

        Assert.Equal(FundingIndex.Zero, sampled);
        Assert.Equal(new Money(-12_000), funding.Index.CreditSince(FundingIndex.Zero, 1_000)); // 10 + 2 sat per lot
        Assert.Equal(second, funding.LastRate);
    }

    [Fact]
    public void Refuses_samples_in_an_ended_interval_and_time_running_backwards()
    {
        var funding = new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.InverseBtc, Start);
        funding.AddSample(Start + 10, new FundingRate(5));
        var before = funding.Capture();
        Assert.Throws<InvalidOperationException>(() => funding.AddSample(EightUtc, new FundingRate(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => funding.AddSample(Start + 9, new FundingRate(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => funding.TrySettle(Start + 9, Usd("1"), out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => funding.TrySettle(EightUtc, QuotePrice.Zero, out _));
        Assert.Equal(before, funding.Capture());
        Assert.Throws<ArgumentException>(() => new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.InverseBtc, before with { NextFundingMicros = EightUtc + 1 }));
        Assert.Throws<ArgumentException>(() => new DiscreteFunding(DiscreteFundingConfig.Default, FundingScenario.InverseBtc, before with { SampleCount = 0 }));
        Assert.Throws<ArgumentException>(() => new DiscreteFundingConfig(FundingRate.Zero, FundingRate.Zero, new FundingRate(2), new FundingRate(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteFundingConfig(FundingRate.Zero, new FundingRate(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteFundingConfig(FundingRate.Zero, FundingRate.Zero, intervalMicros: Hour, offsetMicros: Hour));
    }

    [Fact]
    public void Payments_sum_to_zero_and_the_pool_keeps_only_rounding()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(FundingScenario.Arbitrary(80), scenario =>
        {
            var funding = new DiscreteFunding(Hourly, scenario.Contract, Start);
            var (ledger, _) = Run(scenario, funding, Usd("50000"));
            ledger.AssertZeroSumAfterSettling(funding.Index);
        }));
    }

    [Fact]
    public void A_restored_funding_continues_identically()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(FundingScenario.Arbitrary(80), scenario =>
        {
            var split = scenario.Steps.Length / 2;
            var original = new DiscreteFunding(Hourly, scenario.Contract, Start);
            var (_, mark) = Run(scenario with { Steps = scenario.Steps[..split] }, original, Usd("50000"));
            var restored = new DiscreteFunding(Hourly, scenario.Contract, original.Capture());

            var rest = scenario with { Steps = scenario.Steps[split..] };
            Run(rest, original, mark, original.Capture().LastMicros);
            Run(rest, restored, mark, restored.Capture().LastMicros);
            Assert.Equal(original.Capture(), restored.Capture());
            Assert.Equal(original.PredictedRate, restored.PredictedRate);
        }));
    }

    /// <summary>
    /// Pinned results of a long deterministic run (5,000 steps, 5 accounts, hourly funding): any change to the
    /// arithmetic shows up here. An independent re-implementation in Python with unbounded integers gave the same numbers.
    /// </summary>
    [Theory]
    [InlineData(SettlementType.Inverse, PremiumWeighting.Equal, "60830085867942423093", 897, 35_376_021_951, 3_326_586)]
    [InlineData(SettlementType.Linear, PremiumWeighting.Linear, "14596586963034509478370000", 885, -77_209_560_300_333, 3_326_586)]
    public void Golden_values(SettlementType settlement, PremiumWeighting weighting, string index, long pool, long firstBalance, long lastRate)
    {
        var contract = settlement == SettlementType.Inverse ? FundingScenario.InverseBtc : FundingScenario.LinearBtcUsdc;
        var config = new DiscreteFundingConfig(new FundingRate(100_000), new FundingRate(500_000), intervalMicros: Hour, weighting: weighting);
        var funding = new DiscreteFunding(config, contract, Start);
        var (ledger, _) = Run(FundingScenario.Deterministic(contract, accounts: 5, steps: 5_000, seed: 42), funding, Usd("50000"));
        ledger.SettleAll(funding.Index);
        Assert.Equal(
            (index, pool, firstBalance, lastRate),
            (funding.Index.Value.ToString(CultureInfo.InvariantCulture), ledger.Pool, ledger.Balances[0], funding.LastRate.Ppb));
    }

    /// <summary>Price steps become premium samples and set the mark used at the next settlement; every step first settles what is due.</summary>
    private static (FundingLedger Ledger, QuotePrice Mark) Run(FundingScenario scenario, DiscreteFunding funding, QuotePrice mark, long start = Start)
    {
        var ledger = new FundingLedger(scenario.Accounts, funding.Index);
        var now = start;
        foreach (var step in scenario.Steps)
        {
            now += step.DeltaMicros;
            while (funding.TrySettle(now, mark, out _))
            {
            }

            switch (step.Kind)
            {
                case StepKind.Prices:
                    funding.AddSample(now, Premium.OfMark(step.Mark, step.Index));
                    mark = step.Mark;
                    break;
                case StepKind.Trade:
                    ledger.Trade(step.Buyer, step.Seller, step.Lots, funding.Index);
                    break;
                case StepKind.Settle:
                    ledger.Settle(step.Buyer, funding.Index);
                    break;
                default:
                    break;
            }
        }

        return (ledger, mark);
    }
}
