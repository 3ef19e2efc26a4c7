using System.Globalization;
using System.Numerics;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Funding;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Funding;

public sealed class ContinuousFundingTests
{
    private const long Start = FundingScenario.StartMicros;
    private const long Hour = 3_600_000_000;

    private static QuotePrice Usd(string value) =>
        QuotePrice.TryFromDecimal(decimal.Parse(value, CultureInfo.InvariantCulture), out var price) ? price : throw new ArgumentException(value);

    private static ContinuousFundingConfig Capped(long ppb) => new(new FundingRate(250_000), new FundingRate(-ppb), new FundingRate(ppb));

    [Theory]
    [InlineData("50010", 0)] // premium 0.02%: inside the damper
    [InlineData("50012.5", 0)] // exactly on the damper
    [InlineData("49987.5", 0)]
    [InlineData("50100", 1_750_000)] // 0.2% − 0.025%
    [InlineData("49900", -1_750_000)]
    [InlineData("51000", 5_000_000)] // 2% − 0.025%, capped at 0.5%
    [InlineData("49000", -5_000_000)]
    public void Rate_is_the_premium_beyond_the_damper_within_the_caps(string mark, long ppb) =>
        Assert.Equal(new FundingRate(ppb), ContinuousFundingConfig.Default.RateFor(Usd(mark), Usd("50000")));

    [Fact]
    public void A_premium_inside_the_damper_accrues_nothing()
    {
        var funding = new ContinuousFunding(ContinuousFundingConfig.Default, FundingScenario.InverseBtc, Start);
        funding.Update(Start, Usd("50010"), Usd("50000"));
        funding.Advance(Start + (8 * Hour));
        Assert.Equal(FundingIndex.Zero, funding.Index);
    }

    [Fact]
    public void One_hour_at_0_08_percent_on_a_10000_usd_inverse_long_is_2000_satoshis()
    {
        // 10,000 USD × 0.08% × 1 h / 8 h = 1 USD, at a mark of 50,000 USD: 0.00002 BTC.
        var funding = new ContinuousFunding(Capped(800_000), FundingScenario.InverseBtc, Start);
        funding.Update(Start, Usd("50000"), Usd("49000"));
        funding.Advance(Start + Hour);
        Assert.Equal(new FundingIndex(2 * FundingIndex.UnitsPerMinimalUnit), funding.Index); // 2 sat per 10 USD lot
        Assert.Equal(new Money(-2_000), funding.Index.CreditSince(FundingIndex.Zero, 1_000));
        Assert.Equal(new Money(2_000), funding.Index.CreditSince(FundingIndex.Zero, -1_000));
    }

    [Fact]
    public void An_inexact_payment_rounds_toward_the_payer_and_leaves_one_unit_in_the_pool()
    {
        // 10,000 USD × 0.175% / 8 at a mark of 50,100 = 4,366.267... satoshis.
        var funding = new ContinuousFunding(ContinuousFundingConfig.Default, FundingScenario.InverseBtc, Start);
        funding.Update(Start, Usd("50100"), Usd("50000"));
        funding.Advance(Start + Hour);
        Assert.Equal(new FundingIndex(4_366_267_465_069_860_279), funding.Index);
        var ledger = new FundingLedger(2, FundingIndex.Zero);
        ledger.Trade(0, 1, 1_000, FundingIndex.Zero);
        ledger.SettleAll(funding.Index);
        Assert.Equal([-4_367L, 4_366L], ledger.Balances);
        Assert.Equal(1, ledger.Pool);
    }

    [Fact]
    public void Eight_hours_at_0_01_percent_on_a_2_btc_linear_long_is_12_usdc()
    {
        // 2 BTC × 60,000 USDC × 0.01% = 12 USDC = 12,000,000 minimal units.
        var funding = new ContinuousFunding(Capped(100_000), FundingScenario.LinearBtcUsdc, Start);
        funding.Update(Start, Usd("60000"), Usd("59000"));
        funding.Advance(Start + (8 * Hour));
        Assert.Equal(new Money(-12_000_000), funding.Index.CreditSince(FundingIndex.Zero, 2_000)); // 0.001 BTC lots
        Assert.Equal(new Money(12_000_000), funding.Index.CreditSince(FundingIndex.Zero, -2_000));
    }

    [Fact]
    public void Funding_is_valued_at_the_mark_in_force_while_it_accrued()
    {
        var funding = new ContinuousFunding(Capped(800_000), FundingScenario.InverseBtc, Start);
        funding.Update(Start, Usd("50000"), Usd("49000"));
        funding.Update(Start + Hour, Usd("40000"), Usd("39000"));
        funding.Advance(Start + (2 * Hour));

        // 1 USD per hour on 10,000 USD: 2,000 sat at 50,000, then 2,500 sat at 40,000.
        Assert.Equal(new Money(-4_500), funding.Index.CreditSince(FundingIndex.Zero, 1_000));
    }

    [Fact]
    public void Longs_pay_when_the_rate_is_positive_and_shorts_when_it_is_negative()
    {
        var arbitrary = Arb.From(
            from dollars in Gen.Choose(100, 200_000)
            from premiumPpm in Gen.Choose(-20_000, 20_000).Where(p => Math.Abs(p) > 300)
            from seconds in Gen.Choose(1, 100_000)
            from lots in Gen.Choose(1, 1_000_000)
            from contract in Gen.Elements(FundingScenario.InverseBtc, FundingScenario.LinearBtcUsdc)
            select (Step: new FundingStep(StepKind.Prices, 0, dollars * QuotePrice.Scale, premiumPpm, 0, 0, lots), Seconds: seconds, Contract: contract));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), Prop.ForAll(arbitrary, c =>
        {
            var funding = new ContinuousFunding(ContinuousFundingConfig.Default, c.Contract, Start);
            funding.Update(Start, c.Step.Mark, c.Step.Index);
            funding.Advance(Start + (c.Seconds * 1_000_000L));
            var sign = Math.Sign(funding.Rate.Ppb);
            Assert.NotEqual(0, sign);
            Assert.Equal(sign, funding.Index.Value.CompareTo(Int128.Zero));
            var payer = sign * c.Step.Lots; // long when the rate is positive, short when it is negative
            Assert.True(funding.Index.CreditSince(FundingIndex.Zero, payer).Units < 0);
            Assert.True(funding.Index.CreditSince(FundingIndex.Zero, -payer).Units >= 0);
        }));
    }

    [Fact]
    public void Splitting_an_interval_into_pieces_gives_exactly_the_same_index()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(FundingScenario.Arbitrary(80), scenario =>
        {
            // One funding sees only the price updates; the other also advances at every other step.
            var whole = new ContinuousFunding(ContinuousFundingConfig.Default, scenario.Contract, Start);
            var pieces = new ContinuousFunding(ContinuousFundingConfig.Default, scenario.Contract, Start);
            var now = Start;
            foreach (var step in scenario.Steps)
            {
                now += step.DeltaMicros;
                if (step.Kind == StepKind.Prices)
                {
                    whole.Update(now, step.Mark, step.Index);
                    pieces.Update(now, step.Mark, step.Index);
                    Assert.Equal(whole.Capture(), pieces.Capture());
                }
                else
                {
                    pieces.Advance(now);
                }
            }

            whole.Advance(now);
            pieces.Advance(now);
            Assert.Equal(whole.Capture(), pieces.Capture());
            Assert.Equal(whole.Index, pieces.Index);
        }));
    }

    [Fact]
    public void Index_is_within_one_unit_per_mark_change_below_the_exact_integral()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(FundingScenario.Arbitrary(60), scenario =>
        {
            var funding = new ContinuousFunding(ContinuousFundingConfig.Default, scenario.Contract, Start);
            var exact = new Rational(0, 1);
            var roundings = 1; // the index is folded at each mark change, and floored once more when read
            var now = Start;
            foreach (var step in scenario.Steps)
            {
                var rate = funding.Rate;
                var mark = funding.Mark;
                now += step.DeltaMicros;
                if (rate != FundingRate.Zero)
                {
                    exact += ExactIndexDelta(scenario.Contract, (BigInteger)rate.Ppb * step.DeltaMicros, mark);
                }

                if (step.Kind == StepKind.Prices)
                {
                    funding.Update(now, step.Mark, step.Index);
                    roundings++;
                }
                else
                {
                    funding.Advance(now);
                }
            }

            var index = (BigInteger)funding.Index.Value * exact.Denominator;
            Assert.True(index <= exact.Numerator, "the index exceeds the exact integral");
            Assert.True(exact.Numerator - index < roundings * exact.Denominator, "the index drifted more than one unit per rounding");
        }));
    }

    [Fact]
    public void Payments_sum_to_zero_and_the_pool_keeps_only_rounding()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(FundingScenario.Arbitrary(80), scenario =>
        {
            var funding = new ContinuousFunding(ContinuousFundingConfig.Default, scenario.Contract, Start);
            var ledger = Run(scenario, funding);
            ledger.AssertZeroSumAfterSettling(funding.Index);
        }));
    }

    [Fact]
    public void A_restored_funding_continues_identically()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(FundingScenario.Arbitrary(80), scenario =>
        {
            var split = scenario.Steps.Length / 2;
            var original = new ContinuousFunding(ContinuousFundingConfig.Default, scenario.Contract, Start);
            Run(scenario with { Steps = scenario.Steps[..split] }, original);
            var restored = new ContinuousFunding(ContinuousFundingConfig.Default, scenario.Contract, original.Capture());
            Assert.Equal(original.Index, restored.Index);

            var rest = scenario with { Steps = scenario.Steps[split..] };
            Run(rest, original, original.LastMicros);
            Run(rest, restored, restored.LastMicros);
            Assert.Equal(original.Capture(), restored.Capture());
            Assert.Equal(original.Index, restored.Index);
        }));
    }

    /// <summary>
    /// Pinned results of a long deterministic run (5,000 steps, 5 accounts): any change to the arithmetic shows up
    /// here. An independent re-implementation in Python with unbounded integers gave the same numbers.
    /// </summary>
    [Theory]
    [InlineData(SettlementType.Inverse, "-126129316610906522962", 1_763, 3_933_539_985, "-65191701734700")]
    [InlineData(SettlementType.Linear, "687377236596511186684380", 1_754, 3_892_737_542_776, "-65191701734700")]
    public void Golden_values(SettlementType settlement, string index, long pool, long firstBalance, string rateTimeSinceFold)
    {
        var contract = settlement == SettlementType.Inverse ? FundingScenario.InverseBtc : FundingScenario.LinearBtcUsdc;
        var scenario = FundingScenario.Deterministic(contract, accounts: 5, steps: 5_000, seed: 42);
        var funding = new ContinuousFunding(ContinuousFundingConfig.Default, contract, Start);
        var ledger = Run(scenario, funding);
        ledger.SettleAll(funding.Index);
        Assert.Equal(
            (index, pool, firstBalance, rateTimeSinceFold),
            (funding.Index.Value.ToString(CultureInfo.InvariantCulture), ledger.Pool, ledger.Balances[0], funding.Capture().RateTimeSinceFold.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Refuses_time_running_backwards_and_prices_that_are_not_positive()
    {
        var funding = new ContinuousFunding(ContinuousFundingConfig.Default, FundingScenario.InverseBtc, Start);
        funding.Update(Start + 10, Usd("50100"), Usd("50000"));
        var before = funding.Capture();
        Assert.Throws<ArgumentOutOfRangeException>(() => funding.Advance(Start + 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => funding.Update(Start + 9, Usd("50100"), Usd("50000")));
        Assert.Throws<ArgumentOutOfRangeException>(() => funding.Update(Start + 20, Usd("50100"), QuotePrice.Zero));
        Assert.Equal(before, funding.Capture());
        Assert.Throws<ArgumentException>(() => new ContinuousFunding(
            ContinuousFundingConfig.Default, FundingScenario.InverseBtc, before with { Mark = QuotePrice.Zero }));
        Assert.Throws<ArgumentException>(() => new ContinuousFundingConfig(FundingRate.Zero, new FundingRate(1), new FundingRate(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuousFundingConfig(new FundingRate(-1), FundingRate.Zero, FundingRate.Zero));
    }

    private static FundingLedger Run(FundingScenario scenario, ContinuousFunding funding, long start = Start)
    {
        var ledger = new FundingLedger(scenario.Accounts, funding.Index);
        var now = start;
        foreach (var step in scenario.Steps)
        {
            now += step.DeltaMicros;
            if (step.Kind == StepKind.Prices)
            {
                funding.Update(now, step.Mark, step.Index);
                continue;
            }

            funding.Advance(now);
            if (step.Kind == StepKind.Trade)
            {
                ledger.Trade(step.Buyer, step.Seller, step.Lots, funding.Index);
            }
            else if (step.Kind == StepKind.Settle)
            {
                ledger.Settle(step.Buyer, funding.Index);
            }
        }

        return ledger;
    }

    /// <summary>rateTime / (10⁹ × 8 h) × lot value at the mark × 10¹⁸, as an exact fraction.</summary>
    private static Rational ExactIndexDelta(FundingContract contract, BigInteger rateTime, QuotePrice mark)
    {
        var decimals = BigInteger.Pow(10, contract.SettlementDecimals);
        var lotValue = contract.Settlement == SettlementType.Inverse
            ? new Rational(contract.LotAmountE8 * decimals, mark.E8)
            : new Rational(contract.LotAmountE8 * decimals * mark.E8, BigInteger.Pow(10, 16));
        return new Rational(rateTime * BigInteger.Pow(10, 18) * lotValue.Numerator, (BigInteger)FundingRate.Scale * ContinuousFunding.PeriodMicros * lotValue.Denominator);
    }
}
