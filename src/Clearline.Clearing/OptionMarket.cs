using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Options.Margin;
using Clearline.Options.Pricing;
using Clearline.Options.Surfaces;
using Clearline.Risk;
using Clearline.Risk.Margin;

namespace Clearline.Clearing;

/// <summary>
/// One option as clearing sees it beyond its book: strike, type, expiry group, and the kernel computations that turn a
/// surface and a forward into state (docs/options.md, "Options in the engine").
/// </summary>
/// <remarks>
/// The one rounding rule: a double the kernel computes becomes state rounded up (toward +∞) to its integer unit, a
/// mark price to 10⁻⁸ of the settlement currency per underlying (and at least 10⁻⁸, as a mark is positive), a margin
/// requirement to the minimal unit. Everything is a function of integers already in the state (the mark and the
/// forward) except the mark itself, which is a function of the surface, the forward and sequencer time.
/// </remarks>
internal sealed class OptionMarket
{
    private readonly double _strike;
    private readonly VolatilityBounds _bounds;
    private readonly OptionShortMargin _shortMargin;

    public OptionMarket(InstrumentSpec spec, OptionExpiry expiry, OptionMarketConfig config, InstrumentRisk risk)
    {
        Type = spec.OptionType!.Value;
        Settlement = spec.Settlement == SettlementType.Inverse ? MarginSettlement.Inverse : MarginSettlement.Linear;
        StrikeE8 = OptionShortMargin.StrikeE8(spec);
        _strike = StrikeE8 / (double)QuotePrice.Scale;
        _bounds = new VolatilityBounds(config.MinVolatilityPpm / 1e6, config.MaxVolatilityPpm / 1e6);
        _shortMargin = new OptionShortMargin(spec, risk.Terms, config);
        Expiry = expiry;
        Rates = risk.Option!;
    }

    public OptionType Type { get; }

    public MarginSettlement Settlement { get; }

    /// <summary>The strike in USD (the quote currency) × 10⁸.</summary>
    public long StrikeE8 { get; }

    public OptionExpiry Expiry { get; }

    /// <summary>The per-lot margin the market's <see cref="InstrumentRisk"/> applies, kept at <see cref="Forward"/> and the market's mark.</summary>
    public OptionMarginRates Rates { get; }

    /// <summary>The forward the mark was last computed on (zero before the first mark): part of the state, as the margin rates follow from it.</summary>
    public QuotePrice Forward { get; private set; }

    /// <summary>The volatility the mark was last priced at: state, as the portfolio margin's risk array follows from it.</summary>
    public double Volatility { get; private set; }

    /// <summary>The sequencer time the mark was last priced at: state, for the time to expiry of the risk array.</summary>
    public long MarkedAt { get; private set; }

    /// <summary>
    /// The mark on <paramref name="forward"/> at <paramref name="now"/>: Black-76 at the surface's volatility for the
    /// strike's log-moneyness, clamped into the band, on the time left (the surface holds its volatilities as the
    /// expiry approaches); the premium per underlying in the settlement currency (÷ F for an inverse option), rounded
    /// up; with the volatility it was priced at.
    /// </summary>
    public (QuotePrice Mark, double Volatility) MarkAt(SviSlice surface, QuotePrice forward, long now)
    {
        var f = forward.E8 / (double)QuotePrice.Scale;
        var volatility = OptionMark.MarkVolatility(surface, f, _strike, _bounds);
        var years = TimeToExpiry.Years(now, Expiry.ExpiryMicros);
        var value = Black76.Price(Type, f, _strike, years, volatility, 0);
        var premium = Settlement == MarginSettlement.Inverse ? value / f : value;
        return (new QuotePrice(Math.Max(1, (long)Math.Ceiling(premium * QuotePrice.Scale))), volatility);
    }

    /// <summary>The implied volatility the mark was priced at (for display and portfolio margin); null before the first mark.</summary>
    public double? MarkVolatility() => Forward.IsPositive ? Volatility : null;

    /// <summary>
    /// Sets the forward, volatility and time the mark was priced at, and the per-lot standard margin of a short at
    /// <paramref name="mark"/> on that forward, rounded up to minimal units.
    /// </summary>
    public void Reprice(QuotePrice mark, QuotePrice forward, double volatility, long markedAt)
    {
        (Forward, Volatility, MarkedAt) = (forward, volatility, markedAt);
        if (!forward.IsPositive)
        {
            Rates.Set(Money.Zero, Money.Zero);
            return;
        }

        _shortMargin.Set(Rates, mark, forward);
    }

    /// <summary>
    /// The settlement premium per underlying at the delivery price <paramref name="settlement"/> (the index's average):
    /// max(S − K, 0) for a call, max(K − S, 0) for a put, ÷ S for an inverse option rounded down to 10⁻⁸. Integers only.
    /// </summary>
    public QuotePrice Payoff(QuotePrice settlement)
    {
        var intrinsic = Math.Max(0, Type == OptionType.Call ? settlement.E8 - StrikeE8 : StrikeE8 - settlement.E8);
        return new QuotePrice(Settlement == MarginSettlement.Inverse
            ? checked((long)(Math.BigMul(intrinsic, QuotePrice.Scale) / settlement.E8))
            : intrinsic);
    }
}
