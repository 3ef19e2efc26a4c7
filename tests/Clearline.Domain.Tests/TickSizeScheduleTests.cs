using Clearline.Domain.Instruments;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Domain.Tests;

public class TickSizeScheduleTests
{
    /// <summary>BTC-PERPETUAL: 0.5 USD everywhere.</summary>
    private static readonly TickSizeSchedule Half = new(0.5m);

    /// <summary>Deribit's option grid: 0.0001 below 0.005, 0.0005 from 0.005 up (tick 50 onwards, multiples of 5).</summary>
    private static readonly TickSizeSchedule DeribitOption = new(0.0001m, [new TickSizeStep(0.005m, 0.0005m)]);

    /// <summary>Ticks of 1 up to 100, 5 from 100, 50 from 1000, 500 from 10000 (in units of the 0.01 tick).</summary>
    private static readonly TickSizeSchedule MultiStep = new(0.01m, [new TickSizeStep(1m, 0.05m), new TickSizeStep(10m, 0.5m), new TickSizeStep(100m, 5m)]);

    /// <summary>A schedule whose thresholds are not on the previous step's grid: multiples of 4 from 12, of 6 from 18.</summary>
    private static readonly TickSizeSchedule Staggered = new(1m, [new TickSizeStep(12m, 4m), new TickSizeStep(18m, 6m)]);

    private static Price P(long ticks) => new(ticks);

    // ---- hand-checked grids ----

    [Fact]
    public void Flat_grid()
    {
        Assert.Equal(0.5m, Half.TickSize);
        Assert.Empty(Half.Steps);
        Assert.False(Half.IsOnGrid(P(0)));
        Assert.False(Half.IsOnGrid(P(-1)));
        Assert.True(Half.IsOnGrid(P(1)));
        Assert.True(Half.IsOnGrid(P(100_001)));
        Assert.Equal(P(1), Half.NextUp(P(0)));
        Assert.Equal(P(1), Half.NextUp(P(-7)));
        Assert.Equal(P(1), Half.NextUp(P(long.MinValue)));
        Assert.Equal(P(100_002), Half.NextUp(P(100_001)));
        Assert.Equal(P(100_000), Half.NextDown(P(100_001)));
        Assert.Equal(Price.Zero, Half.NextDown(P(1)));
        Assert.Equal(Price.Zero, Half.NextDown(P(0)));
        Assert.Equal(Price.Zero, Half.NextDown(P(-5)));
        Assert.Equal(P(long.MaxValue - 1), Half.NextDown(P(long.MaxValue)));
    }

    [Fact]
    public void Flat_grid_conversions()
    {
        Assert.True(Half.TryToPrice(50000.5m, out var price));
        Assert.Equal(P(100_001), price);
        Assert.Equal(50000.5m, Half.ToDecimal(price));
        Assert.True(Half.TryToPrice(0.5m, out price));
        Assert.Equal(P(1), price);
        Assert.True(Half.TryToPrice(50000.50000m, out price));
        Assert.Equal(P(100_001), price);
        Assert.False(Half.TryToPrice(50000.25m, out _));
        Assert.False(Half.TryToPrice(0.25m, out _));
        Assert.False(Half.TryToPrice(0m, out _));
        Assert.False(Half.TryToPrice(-0.5m, out _));
        Assert.False(Half.TryToPrice(-50000m, out _));
        Assert.Equal(0m, Half.ToDecimal(Price.Zero));
    }

    [Fact]
    public void Deribit_option_grid_is_on_every_tick_below_0_005_and_every_fifth_from_it()
    {
        Assert.Equal(0.0001m, DeribitOption.TickSize);
        Assert.Equal([new TickSizeStep(0.005m, 0.0005m)], DeribitOption.Steps);
        for (var t = 1; t < 50; t++)
        {
            Assert.True(DeribitOption.IsOnGrid(P(t)), $"{t}");
        }

        for (var t = 50; t <= 200; t++)
        {
            Assert.Equal(t % 5 == 0, DeribitOption.IsOnGrid(P(t)));
        }

        Assert.False(DeribitOption.IsOnGrid(P(0)));
        Assert.True(DeribitOption.IsOnGrid(P(1_000_000_000)));
        Assert.False(DeribitOption.IsOnGrid(P(1_000_000_001)));
    }

    [Fact]
    public void Deribit_option_grid_neighbours()
    {
        Assert.Equal(P(1), DeribitOption.NextUp(P(0)));
        Assert.Equal(P(2), DeribitOption.NextUp(P(1)));
        Assert.Equal(P(49), DeribitOption.NextUp(P(48)));
        Assert.Equal(P(50), DeribitOption.NextUp(P(49)));
        Assert.Equal(P(55), DeribitOption.NextUp(P(50)));
        Assert.Equal(P(55), DeribitOption.NextUp(P(51)));
        Assert.Equal(P(55), DeribitOption.NextUp(P(54)));
        Assert.Equal(P(60), DeribitOption.NextUp(P(55)));

        Assert.Equal(Price.Zero, DeribitOption.NextDown(P(1)));
        Assert.Equal(P(1), DeribitOption.NextDown(P(2)));
        Assert.Equal(P(48), DeribitOption.NextDown(P(49)));
        Assert.Equal(P(49), DeribitOption.NextDown(P(50)));
        Assert.Equal(P(50), DeribitOption.NextDown(P(51)));
        Assert.Equal(P(50), DeribitOption.NextDown(P(54)));
        Assert.Equal(P(50), DeribitOption.NextDown(P(55)));
        Assert.Equal(P(55), DeribitOption.NextDown(P(60)));
    }

    [Fact]
    public void Deribit_option_grid_conversions()
    {
        Assert.True(DeribitOption.TryToPrice(0.0001m, out var price));
        Assert.Equal(P(1), price);
        Assert.True(DeribitOption.TryToPrice(0.0049m, out price));
        Assert.Equal(P(49), price);
        Assert.True(DeribitOption.TryToPrice(0.005m, out price));
        Assert.Equal(P(50), price);
        Assert.True(DeribitOption.TryToPrice(0.0055m, out price));
        Assert.Equal(P(55), price);
        Assert.True(DeribitOption.TryToPrice(1.2345m, out price));
        Assert.Equal(P(12_345), price);
        Assert.Equal(1.2345m, DeribitOption.ToDecimal(price));
        Assert.Equal(0.0049m, DeribitOption.ToDecimal(P(49)));

        Assert.False(DeribitOption.TryToPrice(0.0051m, out _)); // a minimal tick, but not on the coarser grid
        Assert.False(DeribitOption.TryToPrice(0.0054m, out _));
        Assert.False(DeribitOption.TryToPrice(1.2346m, out _));
        Assert.False(DeribitOption.TryToPrice(0.00005m, out _)); // below one tick
        Assert.False(DeribitOption.TryToPrice(0.00015m, out _));
        Assert.False(DeribitOption.TryToPrice(0m, out _));
        Assert.False(DeribitOption.TryToPrice(-0.0055m, out _));
    }

    [Fact]
    public void Multi_step_grid()
    {
        // In 0.01 ticks: every tick below 100, multiples of 5 from 100, of 50 from 1000, of 500 from 10000.
        Assert.True(MultiStep.IsOnGrid(P(99)));
        Assert.True(MultiStep.IsOnGrid(P(100)));
        Assert.False(MultiStep.IsOnGrid(P(101)));
        Assert.True(MultiStep.IsOnGrid(P(995)));
        Assert.True(MultiStep.IsOnGrid(P(1000)));
        Assert.False(MultiStep.IsOnGrid(P(1005)));
        Assert.True(MultiStep.IsOnGrid(P(1050)));
        Assert.True(MultiStep.IsOnGrid(P(9950)));
        Assert.True(MultiStep.IsOnGrid(P(10_000)));
        Assert.False(MultiStep.IsOnGrid(P(10_050)));
        Assert.True(MultiStep.IsOnGrid(P(10_500)));

        Assert.Equal(P(100), MultiStep.NextUp(P(99)));
        Assert.Equal(P(105), MultiStep.NextUp(P(100)));
        Assert.Equal(P(1000), MultiStep.NextUp(P(995)));
        Assert.Equal(P(1000), MultiStep.NextUp(P(997)));
        Assert.Equal(P(1050), MultiStep.NextUp(P(1000)));
        Assert.Equal(P(10_000), MultiStep.NextUp(P(9950)));
        Assert.Equal(P(10_000), MultiStep.NextUp(P(9999)));
        Assert.Equal(P(10_500), MultiStep.NextUp(P(10_000)));
        Assert.Equal(P(11_000), MultiStep.NextUp(P(10_999)));

        Assert.Equal(P(99), MultiStep.NextDown(P(100)));
        Assert.Equal(P(100), MultiStep.NextDown(P(104)));
        Assert.Equal(P(995), MultiStep.NextDown(P(1000)));
        Assert.Equal(P(1000), MultiStep.NextDown(P(1049)));
        Assert.Equal(P(9950), MultiStep.NextDown(P(10_000)));
        Assert.Equal(P(10_000), MultiStep.NextDown(P(10_500)));
        Assert.Equal(P(10_500), MultiStep.NextDown(P(10_999)));

        Assert.True(MultiStep.TryToPrice(0.99m, out var price));
        Assert.Equal(P(99), price);
        Assert.True(MultiStep.TryToPrice(1.05m, out price));
        Assert.Equal(P(105), price);
        Assert.False(MultiStep.TryToPrice(1.01m, out _));
        Assert.True(MultiStep.TryToPrice(10.5m, out price));
        Assert.Equal(P(1050), price);
        Assert.False(MultiStep.TryToPrice(10.05m, out _));
        Assert.True(MultiStep.TryToPrice(105m, out price));
        Assert.Equal(P(10_500), price);
        Assert.False(MultiStep.TryToPrice(100.5m, out _));
        Assert.Equal(105m, MultiStep.ToDecimal(P(10_500)));
    }

    [Fact]
    public void Staggered_thresholds_snap_to_the_threshold()
    {
        // On grid: 1..12 every tick, then 12, 16, then 18, 24, 30...
        long[] expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 18, 24, 30, 36];
        var onGrid = Enumerable.Range(-2, 40).Where(t => Staggered.IsOnGrid(P(t))).Select(t => (long)t).ToArray();
        Assert.Equal(expected, onGrid.Where(t => t <= 36));
        Assert.Equal(P(16), Staggered.NextUp(P(12)));
        Assert.Equal(P(18), Staggered.NextUp(P(16)));
        Assert.Equal(P(18), Staggered.NextUp(P(17)));
        Assert.Equal(P(24), Staggered.NextUp(P(18)));
        Assert.Equal(P(16), Staggered.NextDown(P(18)));
        Assert.Equal(P(12), Staggered.NextDown(P(16)));
        Assert.Equal(P(18), Staggered.NextDown(P(24)));
    }

    [Fact]
    public void Steps_are_copied_at_construction()
    {
        var steps = new List<TickSizeStep> { new(0.005m, 0.0005m) };
        var schedule = new TickSizeSchedule(0.0001m, steps);
        steps[0] = new TickSizeStep(0.01m, 0.001m);
        steps.Add(new TickSizeStep(1m, 0.01m));
        Assert.Equal([new TickSizeStep(0.005m, 0.0005m)], schedule.Steps);
        Assert.True(schedule.IsOnGrid(P(55)));
        Assert.True(schedule.IsOnGrid(P(10_005)));
    }

    [Fact]
    public void Schedule_accepts_a_step_as_fine_as_the_tick()
    {
        var schedule = new TickSizeSchedule(1m, [new TickSizeStep(10m, 1m)]);
        Assert.True(schedule.IsOnGrid(P(11)));
        Assert.Equal(P(12), schedule.NextUp(P(11)));
    }

    [Fact]
    public void Large_prices_near_the_limits()
    {
        const long Limit = InstrumentSpec.MaxPriceTicksLimit;
        Assert.Equal(1, Limit % 5); // 2^32 = 4_294_967_296
        Assert.False(DeribitOption.IsOnGrid(P(Limit)));
        Assert.True(DeribitOption.IsOnGrid(P(Limit - 1)));
        Assert.Equal(P(Limit + 4), DeribitOption.NextUp(P(Limit)));
        Assert.Equal(P(Limit - 1), DeribitOption.NextDown(P(Limit)));
        Assert.Equal(P(long.MaxValue), Half.NextUp(P(long.MaxValue - 1)));
        Assert.Throws<OverflowException>(() => Half.NextUp(P(long.MaxValue)));
    }

    /// <summary>"The largest valid price strictly below, or zero when there is none": also for the lowest representable price.</summary>
    [Fact]
    public void NextDown_of_the_most_negative_price_is_zero()
    {
        Assert.Equal(Price.Zero, Half.NextDown(P(long.MinValue)));
        Assert.Equal(Price.Zero, DeribitOption.NextDown(P(long.MinValue)));
    }

    /// <summary>A Try method reports an unrepresentable price as false; it must not throw.</summary>
    [Theory]
    [InlineData("79228162514264337593543950335")] // decimal.MaxValue
    [InlineData("10000000000000000000000000000")]
    public void TryToPrice_of_a_huge_value_is_false_not_an_exception(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Half.TryToPrice(value, out _));
        Assert.False(DeribitOption.TryToPrice(value, out _));
    }

    [Fact]
    public void TryToPrice_beyond_long_range_is_false()
    {
        var schedule = new TickSizeSchedule(1m);
        Assert.True(schedule.TryToPrice(long.MaxValue, out var price));
        Assert.Equal(P(long.MaxValue), price);
        Assert.False(schedule.TryToPrice((decimal)long.MaxValue + 1, out _));
    }

    // ---- invalid constructions ----

    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    public void Tick_size_must_be_positive(string tick)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TickSizeSchedule(decimal.Parse(tick, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, decimal, decimal[]> InvalidSteps => new()
    {
        { "step tick not a multiple of the tick", 0.0001m, [0.005m, 0.00015m] },
        { "step tick finer than the tick", 0.0001m, [0.005m, 0.00005m] },
        { "step tick zero", 0.0001m, [0.005m, 0m] },
        { "step tick negative", 0.0001m, [0.005m, -0.0005m] },
        { "threshold not a multiple of the tick", 0.0001m, [0.00505m, 0.0005m] },
        { "threshold off its own grid", 0.0001m, [0.0052m, 0.0005m] },
        { "threshold zero", 0.0001m, [0m, 0.0005m] },
        { "threshold negative", 0.0001m, [-0.005m, 0.0005m] },
        { "thresholds falling", 0.01m, [10m, 0.5m, 1m, 0.05m] },
        { "thresholds equal", 0.01m, [1m, 0.05m, 1m, 0.5m] },
        { "second threshold off its own grid", 0.01m, [1m, 0.05m, 10.25m, 0.5m] },
        { "second step tick not a multiple of the tick", 0.01m, [1m, 0.05m, 10m, 0.505m] },
    };

    [Theory]
    [MemberData(nameof(InvalidSteps))]
    public void Invalid_steps_are_refused(string why, decimal tick, decimal[] pairs)
    {
        var steps = pairs.Chunk(2).Select(p => new TickSizeStep(p[0], p[1])).ToArray();
        var exception = Assert.ThrowsAny<ArgumentException>(() => new TickSizeSchedule(tick, steps));
        Assert.False(string.IsNullOrEmpty(exception.Message), why);
    }

    // ---- properties: brute force against an independent decimal oracle ----

    private sealed record Schedule(decimal Tick, long[] From, long[] Multiple)
    {
        public TickSizeSchedule Build() =>
            new(Tick, [.. From.Zip(Multiple, (f, m) => new TickSizeStep(f * Tick, m * Tick))]);

        /// <summary>Independent: works on decimal prices and the step list, not on the schedule's internals.</summary>
        public bool OracleOnGrid(long ticks)
        {
            if (ticks <= 0)
            {
                return false;
            }

            var value = ticks * Tick;
            var step = Tick;
            for (var i = 0; i < From.Length; i++)
            {
                if (value >= From[i] * Tick)
                {
                    step = Multiple[i] * Tick;
                }
            }

            return value % step == 0;
        }

        public long Top => From.Length == 0 ? 30 : From[^1] + (3 * Multiple.Max()) + 3;

        public override string ToString() =>
            $"tick {Tick}, steps [{string.Join(", ", From.Zip(Multiple, (f, m) => $"from {f} x{m}"))}]";
    }

    private static readonly Gen<Schedule> ScheduleGen =
        from tick in Gen.Elements(1m, 0.5m, 0.0001m, 0.01m, 2.5m, 0.0025m)
        from count in Gen.Choose(0, 4)
        from multiples in Gen.ArrayOf(Gen.Choose(1, 12), count)
        from gaps in Gen.ArrayOf(Gen.Choose(0, 4), count)
        select MakeSchedule(tick, multiples, gaps);

    private static Schedule MakeSchedule(decimal tick, int[] multiples, int[] gaps)
    {
        var from = new long[multiples.Length];
        var previous = 0L;
        for (var i = 0; i < multiples.Length; i++)
        {
            // The first multiple of this step's tick strictly above the previous threshold, plus a few steps.
            from[i] = (((previous / multiples[i]) + 1 + gaps[i]) * multiples[i]);
            previous = from[i];
        }

        return new Schedule(tick, from, [.. multiples.Select(m => (long)m)]);
    }

    [Fact]
    public void Property_IsOnGrid_matches_the_oracle()
    {
        PropertyConfig.Check(Prop.ForAll(ScheduleGen.ToArbitrary(), s =>
        {
            var schedule = s.Build();
            for (var t = -3L; t <= s.Top; t++)
            {
                Assert.True(s.OracleOnGrid(t) == schedule.IsOnGrid(P(t)), $"{s}: IsOnGrid({t})");
            }
        }), 200);
    }

    [Fact]
    public void Property_NextUp_is_the_next_price_on_the_grid()
    {
        PropertyConfig.Check(Prop.ForAll(ScheduleGen.ToArbitrary(), s =>
        {
            var schedule = s.Build();
            for (var p = -3L; p <= s.Top; p++)
            {
                var up = schedule.NextUp(P(p)).Ticks;
                Assert.True(up > p, $"{s}: NextUp({p}) = {up} is not above");
                Assert.True(s.OracleOnGrid(up), $"{s}: NextUp({p}) = {up} is off the grid");
                for (var q = p + 1; q < up; q++)
                {
                    Assert.False(s.OracleOnGrid(q), $"{s}: NextUp({p}) = {up} skips {q}");
                }
            }
        }), 200);
    }

    [Fact]
    public void Property_NextDown_is_the_previous_price_on_the_grid_or_zero()
    {
        PropertyConfig.Check(Prop.ForAll(ScheduleGen.ToArbitrary(), s =>
        {
            var schedule = s.Build();
            for (var p = -3L; p <= s.Top; p++)
            {
                var down = schedule.NextDown(P(p)).Ticks;
                Assert.True(down == 0 || (down < p && s.OracleOnGrid(down)), $"{s}: NextDown({p}) = {down}");
                for (var q = Math.Max(down + 1, 1); q < p; q++)
                {
                    Assert.False(s.OracleOnGrid(q), $"{s}: NextDown({p}) = {down} skips {q}");
                }
            }
        }), 200);
    }

    [Fact]
    public void Property_NextUp_and_NextDown_are_inverse_on_the_grid()
    {
        PropertyConfig.Check(Prop.ForAll(ScheduleGen.ToArbitrary(), s =>
        {
            var schedule = s.Build();
            for (var p = 1L; p <= s.Top; p++)
            {
                if (s.OracleOnGrid(p))
                {
                    Assert.Equal(P(p), schedule.NextDown(schedule.NextUp(P(p))));
                    var down = schedule.NextDown(P(p));
                    Assert.Equal(down == Price.Zero ? P(1) : P(p), schedule.NextUp(down));
                }
            }
        }), 200);
    }

    [Fact]
    public void Property_TryToPrice_and_ToDecimal_round_trip()
    {
        PropertyConfig.Check(Prop.ForAll(ScheduleGen.ToArbitrary(), s =>
        {
            var schedule = s.Build();
            for (var p = -3L; p <= s.Top; p++)
            {
                var value = p * s.Tick;
                Assert.Equal(value, schedule.ToDecimal(P(p)));
                Assert.Equal(s.OracleOnGrid(p), schedule.TryToPrice(value, out var price));
                if (s.OracleOnGrid(p))
                {
                    Assert.Equal(P(p), price);
                }

                Assert.False(schedule.TryToPrice(value + (s.Tick / 2), out _), $"{s}: {value + (s.Tick / 2)} is between ticks");
            }
        }), 200);
    }

    /// <summary>Far from zero: random large prices on a fixed multi-step grid, checked by arithmetic.</summary>
    [Fact]
    public void Property_neighbours_of_large_prices()
    {
        var gen = Gen.Choose(0, 1 << 30).SelectMany(hi => Gen.Choose(0, 1 << 30).Select(lo => ((long)hi << 10) + lo));
        PropertyConfig.Check(Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var up = MultiStep.NextUp(P(p)).Ticks;
            var down = MultiStep.NextDown(P(p)).Ticks;
            Assert.True(p < 10_000 || up == ((p / 500) + 1) * 500, $"NextUp({p}) = {up}");
            Assert.True(p <= 10_000 || down == (p - 1) / 500 * 500, $"NextDown({p}) = {down}");
            Assert.True(MultiStep.IsOnGrid(P(up)));
            Assert.True(down == 0 || MultiStep.IsOnGrid(P(down)));
        }), 1000);
    }
}
