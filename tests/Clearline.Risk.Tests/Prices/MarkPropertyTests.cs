using Clearline.Risk.Prices;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Prices;

/// <summary>Mark properties over random update streams.</summary>
public sealed class MarkPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1_000).WithQuietOnSuccess(true);

    private static readonly Gen<MarkConfig> Configs =
        from tau in Gen.Elements(1L, 1_000L, 1_000_000L, 30_000_000L, 600_000_000L)
        from cap in Gen.Elements(0, 1, 5_000, 100_000, 999_999)
        select new MarkConfig { TimeConstantMicros = tau, BasisCapPpm = cap };

    private static readonly Gen<long> Prices = Gen.Choose(1, 2_000_000_000).Select(p => (long)p * 10_000);

    /// <summary>Steps of a random stream: elapsed time, index (null sometimes), fair price (null sometimes).</summary>
    private static readonly Gen<(long Elapsed, long? Index, long? Fair)[]> Streams = Gen.ArrayOf(
        from elapsed in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 5_000_000)), (1, Gen.Choose(5_000_000, 2_000_000_000)))
        from index in Gen.Frequency((1, Gen.Constant<long?>(null)), (9, Prices.Select(p => (long?)p)))
        from fair in Gen.Frequency((1, Gen.Constant<long?>(null)), (9, Gen.Choose(-300_000, 300_000).Select(ppm => (long?)ppm)))
        select (Elapsed: (long)elapsed, Index: index, Fair: index is { } i && fair is { } f ? Math.Max(1, i + (i / 1_000_000 * f)) : (long?)null));

    [Fact]
    public void Toward_a_constant_basis_the_mark_moves_monotonically_never_overshoots_and_arrives_exactly()
    {
        var gen =
            from config in Configs
            from index in Prices
            from fairPpm in Gen.Choose(-300_000, 300_000)
            from start in Gen.Choose(-200_000, 200_000)
            from steps in Gen.ArrayOf(Gen.Choose(0, 20_000_000), 40)
            select (config, index, fair: index + (index / 1_000_000 * fairPpm), start: index / 1_000_000 * start, steps);
        Check.One(Quick, Prop.ForAll(Arb.From(gen), t =>
        {
            var (config, index, fair, start, steps) = t;
            var mark = MarkPriceCalculator.Restore(config, new MarkState(0, new QuotePrice(start), new QuotePrice(start)));
            var cap = PriceMath.PpmOf(index, config.BasisCapPpm);
            var target = Math.Clamp(fair - index, -cap, cap);
            var now = 0L;
            var previous = start;
            mark.Update(now, new QuotePrice(index), new QuotePrice(fair));
            foreach (var step in steps)
            {
                now += step;
                mark.Update(now, new QuotePrice(index), new QuotePrice(fair));
                var smoothed = mark.CaptureState().SmoothedBasis.E8;
                Assert.InRange(smoothed, Math.Min(previous, target), Math.Max(previous, target));
                previous = smoothed;
            }

            now += 46 * config.TimeConstantMicros;
            Assert.Equal(new MarkResult(new QuotePrice(index + target), new QuotePrice(target)), mark.Update(now, new QuotePrice(index), new QuotePrice(fair)));
        }));
    }

    [Fact]
    public void The_basis_never_exceeds_the_cap_of_the_current_index_and_the_mark_stays_positive()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(Gen.Zip(Configs, Streams)), t =>
        {
            var (config, stream) = t;
            var mark = new MarkPriceCalculator(config);
            var now = 0L;
            foreach (var (elapsed, index, fair) in stream)
            {
                now += elapsed;
                var result = mark.Update(now, ToPrice(index), ToPrice(fair));
                if (index is not { } i)
                {
                    Assert.Equal(default, result);
                    continue;
                }

                var cap = PriceMath.PpmOf(i, config.BasisCapPpm);
                Assert.InRange(result.Basis.E8, -cap, cap);
                Assert.Equal(i + result.Basis.E8, result.Price!.Value.E8);
                Assert.True(result.Price.Value.IsPositive);
                Assert.InRange(Math.Abs(mark.CaptureState().HeldBasis.E8), 0, cap);
            }
        }));
    }

    [Fact]
    public void A_restored_calculator_continues_identically()
    {
        var gen =
            from config in Configs
            from stream in Streams
            from split in Gen.Choose(0, stream.Length)
            select (config, stream, split);
        Check.One(Quick, Prop.ForAll(Arb.From(gen), t =>
        {
            var (config, stream, split) = t;
            var original = new MarkPriceCalculator(config);
            var now = 0L;
            foreach (var (elapsed, index, fair) in stream.Take(split))
            {
                now += elapsed;
                original.Update(now, ToPrice(index), ToPrice(fair));
            }

            var restored = MarkPriceCalculator.Restore(config, original.CaptureState());
            Assert.Equal(original.CaptureState(), restored.CaptureState());
            foreach (var (elapsed, index, fair) in stream.Skip(split))
            {
                now += elapsed;
                Assert.Equal(original.Update(now, ToPrice(index), ToPrice(fair)), restored.Update(now, ToPrice(index), ToPrice(fair)));
                Assert.Equal(original.CaptureState(), restored.CaptureState());
            }
        }));
    }

    [Fact]
    public void Updating_allocates_nothing()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        var sum = 0L;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0L; t < 10_000; t++)
        {
            sum += mark.Update(t * 100_000, new QuotePrice(10_000_000_000L + t), new QuotePrice(10_010_000_000L - (t * 31 % 20_000_000))).Price?.E8 ?? 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    private static QuotePrice? ToPrice(long? e8) => e8 is { } value ? new QuotePrice(value) : null;
}
