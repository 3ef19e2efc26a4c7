using Clearline.Risk.Prices;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Prices;

public sealed class DeliveryPriceCalculatorTests
{
    private const long Expiry = 10_000;
    private const long Window = 1_000;

    [Fact]
    public void Only_the_part_of_each_held_value_inside_the_window_counts()
    {
        var calculator = new DeliveryPriceCalculator(Expiry, Window);
        calculator.Observe(8_000, new QuotePrice(700)); // held from before the window: only [9,000, 9,400] counts
        calculator.Observe(9_400, new QuotePrice(100));
        calculator.Observe(9_900, null); // no index for [9,900, 10,000]
        calculator.Observe(10_500, new QuotePrice(900));

        // (700 × 400 + 100 × 500) / 900 = 366.67, rounded.
        Assert.Equal(new QuotePrice(367), calculator.Deliver(new QuotePrice(1)));
        Assert.Equal(900, calculator.State.CoveredMicros);
    }

    [Fact]
    public void Delivery_is_refused_before_expiry_and_fixed_once_made()
    {
        var calculator = new DeliveryPriceCalculator(Expiry, Window);
        calculator.Observe(9_500, new QuotePrice(100));
        Assert.Throws<InvalidOperationException>(() => calculator.Deliver(new QuotePrice(1)));

        calculator.Observe(Expiry, new QuotePrice(100));
        Assert.Equal(new QuotePrice(100), calculator.Deliver(new QuotePrice(1)));
        calculator.Observe(Expiry + 5, new QuotePrice(999));
        Assert.Equal(new QuotePrice(100), calculator.Deliver(new QuotePrice(1)));
        Assert.Equal(new QuotePrice(100), calculator.DeliveryPrice);
    }

    [Fact]
    public void Without_a_valid_index_in_the_window_the_fallback_is_delivered()
    {
        var calculator = new DeliveryPriceCalculator(Expiry, Window);
        calculator.Observe(8_000, new QuotePrice(500));
        calculator.Observe(8_999, null);
        calculator.Observe(Expiry, new QuotePrice(500));
        Assert.Equal(new QuotePrice(42), calculator.Deliver(new QuotePrice(42)));
    }

    [Fact]
    public void Observing_more_often_without_a_change_of_index_leaves_the_average_unchanged() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ListOf(Gen.Zip(Gen.Choose(1, 300), Gen.Choose(1, 1_000_000))).Select(l => l.ToArray()).ToArbitrary(),
            Gen.Choose(1, 7).ToArbitrary(),
            (steps, split) =>
            {
                var coarse = new DeliveryPriceCalculator(Expiry, Window);
                var fine = new DeliveryPriceCalculator(Expiry, Window);
                var now = Expiry - Window - 200L;
                foreach (var (length, price) in steps)
                {
                    coarse.Observe(now, new QuotePrice(price));
                    for (var i = 0; i < split; i++)
                    {
                        fine.Observe(now + (length * i / split), new QuotePrice(price));
                    }

                    now += length;
                }

                coarse.Observe(Math.Max(now, Expiry), null);
                fine.Observe(Math.Max(now, Expiry), null);
                return coarse.Deliver(new QuotePrice(1)) == fine.Deliver(new QuotePrice(1)) && coarse.State == fine.State;
            }));

    [Fact]
    public void A_state_no_observer_reaches_is_refused_and_a_captured_one_restores()
    {
        var calculator = new DeliveryPriceCalculator(Expiry, Window);
        Assert.Throws<InvalidDataException>(() => calculator.Restore(new DeliveryPriceState(0, null, 0, Window + 1, null)));
        Assert.Throws<InvalidDataException>(() => calculator.Restore(new DeliveryPriceState(0, null, 10, 0, null)));
        Assert.Throws<InvalidDataException>(() => calculator.Restore(new DeliveryPriceState(0, new QuotePrice(-1), 0, 0, null)));

        calculator.Observe(9_500, new QuotePrice(100));
        calculator.Observe(9_600, new QuotePrice(200));
        var copy = new DeliveryPriceCalculator(Expiry, Window);
        copy.Restore(calculator.State);
        Assert.Equal(calculator.State, copy.State);
    }
}
