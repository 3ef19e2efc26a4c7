using Clearline.Risk.Prices;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Prices;

/// <summary>The integer exponential behind the basis EMA: accuracy against the platform's exp, pinned factors, and truncation.</summary>
public sealed class ExpDecayTests
{
    private const double TwoTo64 = 18446744073709551616.0;

    [Theory]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(1_000_000L)]
    [InlineData(30_000_000L)]
    [InlineData(long.MaxValue)]
    public void Every_factor_is_within_a_few_units_of_two_to_the_minus_64_of_the_true_exponential(long tau)
    {
        var decay = new ExpDecay(tau);
        for (var bit = 0; bit < 63; bit++)
        {
            var exact = Math.Exp(-Math.ScaleB(1, bit) / tau);
            Assert.InRange(decay.Factor(bit) / TwoTo64, exact - 1e-15, exact + 1e-15);
        }
    }

    [Fact]
    public void The_factors_for_thirty_seconds_are_pinned()
    {
        // Golden values: any change to the series, the truncation or the table breaks replay of recorded marks.
        // ⌊2⁶⁴·e^(−2ⁱ/τ)⌋ computed to 60 digits is …740, …462, …462 and 5,270: the series is within 2 units of it.
        var decay = new ExpDecay(30_000_000);
        Assert.Equal(18_446_743_458_818_092_741UL, decay.Factor(0));
        Assert.Equal(17_813_121_499_324_694_464UL, decay.Factor(20));
        Assert.Equal(10_544_952_913_301_576_464UL, decay.Factor(24));
        Assert.Equal(5_270UL, decay.Factor(30));
        Assert.Equal(0UL, decay.Factor(31));
    }

    [Fact]
    public void Decay_truncates_toward_zero_so_a_unit_gap_closes()
    {
        var decay = new ExpDecay(30_000_000);
        Assert.Equal(0, decay.Apply(1, 1));
        Assert.Equal(0, decay.Apply(-1, 1));
        Assert.Equal(123, decay.Apply(123, 0));
        Assert.Equal(0, decay.Apply(0, 5));
        Assert.Equal(0, decay.Apply(long.MaxValue, long.MaxValue));
        Assert.Equal(3_678_794_411, decay.Apply(10_000_000_000, 30_000_000));
        Assert.Equal(-3_678_794_411, decay.Apply(-10_000_000_000, 30_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => decay.Apply(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpDecay(0));
    }

    [Fact]
    public void Decaying_in_steps_matches_one_decay_over_the_whole_interval_to_a_unit_per_step()
    {
        var decay = new ExpDecay(30_000_000);
        var gen =
            from gap in Gen.Choose(-1_000_000_000, 1_000_000_000)
            from steps in Gen.ArrayOf(Gen.Choose(0, 20_000_000), 10)
            select (gap: gap * 1_000L, steps);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(gen), t =>
        {
            var stepped = t.gap;
            foreach (var step in t.steps)
            {
                var next = decay.Apply(stepped, step);
                Assert.True(Math.Abs(next) <= Math.Abs(stepped) && Math.Sign(next) * Math.Sign(stepped) >= 0);
                stepped = next;
            }

            var once = decay.Apply(t.gap, t.steps.Sum(s => (long)s));
            Assert.InRange(stepped, once - t.steps.Length - 1, once + t.steps.Length + 1);
        }));
    }
}
