using Clearline.Risk.Prices;
using static Clearline.Risk.Tests.Prices.PriceTesting;

namespace Clearline.Risk.Tests.Prices;

/// <summary>Hand-computed mark examples (τ = 30 s, cap 10%); e⁻¹ = 0.36787944117….</summary>
public sealed class MarkPriceCalculatorTests
{
    [Fact]
    public void The_mark_starts_at_the_index_and_follows_the_book_basis_over_the_time_constant()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        Assert.Equal(new MarkResult(Usd("100"), QuotePrice.Zero), mark.Update(0, Usd("100"), Usd("101")));
        Assert.Equal(new MarkState(0, QuotePrice.Zero, Usd("1")), mark.CaptureState());

        // After τ the basis has moved 1 − e⁻¹ of the way: 1 − 0.36787944(117 truncated toward the target) = 0.63212056.
        Assert.Equal(new MarkResult(Usd("100.63212056"), Usd("0.63212056")), mark.Update(30 * Second, Usd("100"), Usd("101")));

        // An index move passes at once; the smoothed basis carries on from where it was.
        Assert.Equal(new MarkResult(Usd("90.63212056"), Usd("0.63212056")), mark.Update(30 * Second, Usd("90"), Usd("91")));
    }

    [Fact]
    public void The_raw_basis_is_clamped_to_the_cap_before_smoothing()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        mark.Update(0, Usd("100"), Usd("150"));
        Assert.Equal(Usd("10"), mark.CaptureState().HeldBasis);

        // 10 × (1 − e⁻¹) = 6.3212055882… : 10 − 3.67879441 (truncated toward the target) = 6.32120559.
        Assert.Equal(new MarkResult(Usd("106.32120559"), Usd("6.32120559")), mark.Update(30 * Second, Usd("100"), Usd("150")));
    }

    [Fact]
    public void The_smoothed_basis_is_clamped_to_the_current_index_on_output_only()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        mark.Update(0, Usd("100"), Usd("110"));
        Assert.Equal(Usd("110"), mark.Update(50 * 30 * Second, Usd("100"), Usd("110")).Price);

        // The index halves: its cap is 5, so the basis of 10 is applied as 5; the EMA itself still holds 10.
        Assert.Equal(new MarkResult(Usd("55"), Usd("5")), mark.Update(50 * 30 * Second, Usd("50"), Usd("56")));
        Assert.Equal(new MarkState(50 * 30 * Second, Usd("10"), Usd("5")), mark.CaptureState());
    }

    [Fact]
    public void With_an_empty_book_the_basis_decays_toward_zero()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        mark.Update(0, Usd("100"), Usd("101"));
        mark.Update(50 * 30 * Second, Usd("100"), null);
        Assert.Equal(new MarkState(50 * 30 * Second, Usd("1"), QuotePrice.Zero), mark.CaptureState());

        // 1 × e⁻¹ = 0.36787944(117…, truncated toward zero).
        Assert.Equal(new MarkResult(Usd("100.36787944"), Usd("0.36787944")), mark.Update(51 * 30 * Second, Usd("100"), null));
        Assert.Equal(new MarkResult(Usd("100"), QuotePrice.Zero), mark.Update(100 * 30 * Second, Usd("100"), null));
    }

    [Fact]
    public void Without_an_index_there_is_no_mark_and_the_basis_decays_as_if_the_book_were_empty()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        mark.Update(0, Usd("100"), Usd("101"));
        mark.Update(50 * 30 * Second, Usd("100"), Usd("101"));
        var none = mark.Update(50 * 30 * Second, null, Usd("101"));
        Assert.False(none.IsValid);
        Assert.Equal(default, none);
        Assert.Equal(new MarkState(50 * 30 * Second, Usd("1"), QuotePrice.Zero), mark.CaptureState());

        // Back after τ: the basis has decayed to e⁻¹, and the book's basis is sampled afresh.
        Assert.Equal(new MarkResult(Usd("100.36787944"), Usd("0.36787944")), mark.Update(51 * 30 * Second, Usd("100"), Usd("101")));
    }

    [Fact]
    public void Caller_bugs_throw_and_the_configuration_refuses_what_cannot_work()
    {
        var mark = new MarkPriceCalculator(new MarkConfig());
        mark.Update(10, Usd("100"), null);
        Assert.Throws<ArgumentOutOfRangeException>(() => mark.Update(9, Usd("100"), null));
        Assert.Throws<ArgumentOutOfRangeException>(() => mark.Update(10, QuotePrice.Zero, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => mark.Update(10, Usd("100"), Usd("-1")));

        var config = new MarkConfig();
        Assert.Equal((30 * Second, 100_000), (config.TimeConstantMicros, config.BasisCapPpm));
        Assert.Equal(config, new MarkConfig());
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { TimeConstantMicros = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { BasisCapPpm = 1_000_000 });
        Assert.Throws<ArgumentOutOfRangeException>(() => config with { BasisCapPpm = -1 });

        var zeroCap = new MarkPriceCalculator(config with { BasisCapPpm = 0 });
        zeroCap.Update(0, Usd("100"), Usd("200"));
        Assert.Equal(Usd("100"), zeroCap.Update(60 * Second, Usd("100"), Usd("200")).Price);
    }
}
