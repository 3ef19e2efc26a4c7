using Clearline.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Risk;
using Clearline.Risk.Positions;
using Clearline.Server.Demo;
using Clearline.Server.Venue;

namespace Clearline.Server.Tests;

/// <summary>An option's delta in the read model decays linearly to zero over the settlement window; its other Greeks do not.</summary>
public sealed class DeltaDecayTests
{
    private const long Window = 30 * 60 * 1_000_000L;

    [Theory]
    [InlineData(2 * 60 * 60 * 1_000_000L, 1.0)] // two hours out: before the window
    [InlineData(Window, 1.0)] // the window opens
    [InlineData(Window / 2, 0.5)]
    [InlineData(Window / 10, 0.1)]
    public void Inside_the_window_the_delta_is_the_fraction_of_the_window_left(long beforeExpiry, double fraction)
    {
        var configuration = DemoMarkets.Create(new DateOnly(2026, 11, 21));
        var spec = configuration.Markets.First(m => m.Kind == InstrumentKind.Option && m.OptionType == OptionType.Call);
        var terms = ContractTerms.From(spec, configuration.Clearing!.Currencies);
        var decaying = new OptionView(spec, terms, OptionMarketConfig.Default, Window);
        var plain = new OptionView(spec, terms, OptionMarketConfig.Default, settlementWindowMicros: 1);
        var now = (spec.ExpiryTimestampMs!.Value * 1_000) - beforeExpiry;
        // At the money, a premium of 0.001 BTC: some volatility prices it at every time to expiry here.
        var (mark, forward) = (new QuotePrice(100_000), new QuotePrice((long)(spec.Strike!.Value * QuotePrice.Scale)));

        decaying.Reprice(mark.E8, forward.E8, now);
        plain.Reprice(mark.E8, forward.E8, now);

        var (decayed, model) = (decaying.Greeks!.Value, plain.Greeks!.Value);
        Assert.True(model.Delta > 0.1, $"an at-the-money call has a real delta, not {model.Delta}");
        Assert.Equal(model.Delta * fraction, decayed.Delta, 12);
        Assert.Equal(model with { Delta = 0 }, decayed with { Delta = 0 });
    }
}
