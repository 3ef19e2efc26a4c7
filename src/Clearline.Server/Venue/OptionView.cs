using Clearline.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Options.Margin;
using Clearline.Options.Pricing;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Server.Venue;

/// <summary>
/// An option as the read model shows it: the forward its last mark was computed on, the implied volatility of that
/// mark, its Greeks in Deribit's units, and the per-lot short margin the engine applies (docs/api.md, "Options").
/// </summary>
/// <remarks>
/// The engine's events carry an option's mark, not its forward or volatility. The forward is found as the engine finds
/// it (the same-expiry future's mark when it is listed, marked and not delivered, else the index), and the margin rates
/// follow from the mark and the forward by the engine's own formula and rounding, so they are the engine's exactly.
/// The volatility is solved back from the mark (rounded up to 10⁻⁸), so it can differ from the surface's in the last
/// digits, and for a mark at the 10⁻⁸ floor it is whatever volatility prices that floor (or none).
/// </remarks>
internal sealed class OptionView
{
    private readonly OptionType _type;
    private readonly MarginSettlement _settlement;
    private readonly double _strike;
    private readonly long _expiryMicros;
    private readonly OptionShortMargin _shortMargin;

    private readonly long _settlementWindowMicros;

    public OptionView(InstrumentSpec spec, ContractTerms terms, OptionMarketConfig config, long settlementWindowMicros)
    {
        _settlementWindowMicros = settlementWindowMicros;
        _type = spec.OptionType!.Value;
        _settlement = spec.Settlement == SettlementType.Inverse ? MarginSettlement.Inverse : MarginSettlement.Linear;
        _strike = OptionShortMargin.StrikeE8(spec) / (double)QuotePrice.Scale; // as the engine takes it
        _expiryMicros = spec.ExpiryTimestampMs!.Value * 1_000;
        _shortMargin = new OptionShortMargin(spec, terms, config);
    }

    /// <summary>The per-lot short margin, kept at the last mark and forward (the market's <see cref="InstrumentRisk.Option"/>).</summary>
    public OptionMarginRates Rates { get; } = new();

    /// <summary>The same-expiry future on the same index, if one is listed: the forward while it is marked and not delivered.</summary>
    public MarketView? Future { get; set; }

    /// <summary>The forward of the last mark, in USD; null before one.</summary>
    public decimal? Forward { get; private set; }

    /// <summary><c>underlying_index</c>: the future's name when the forward is its mark, else <c>index_price</c>.</summary>
    public string UnderlyingIndex { get; private set; } = "index_price";

    /// <summary>The mark's implied volatility (a fraction); null without a mark or when none prices it.</summary>
    public double? Volatility { get; private set; }

    /// <summary>The Greeks at <see cref="Volatility"/>, in Deribit's units, when the mark was last set.</summary>
    public DeribitGreeks? Greeks { get; private set; }

    /// <summary>Follows a new mark (per underlying, in the settlement currency) set at <paramref name="nowMicros"/> on the index <paramref name="indexE8"/>.</summary>
    public void Reprice(long markE8, long indexE8, long nowMicros)
    {
        var fromFuture = Future is { IsDelivered: false, MarkE8: > 0 };
        var forwardE8 = fromFuture ? Future!.MarkE8 : indexE8;
        if (markE8 <= 0 || forwardE8 <= 0)
        {
            return;
        }

        UnderlyingIndex = fromFuture ? Future!.Name : "index_price";
        Forward = new QuotePrice(forwardE8).ToDecimal();
        var forward = forwardE8 / (double)QuotePrice.Scale;
        var mark = markE8 / (double)QuotePrice.Scale;
        _shortMargin.Set(Rates, new QuotePrice(markE8), new QuotePrice(forwardE8));

        var years = TimeToExpiry.Years(nowMicros, _expiryMicros);
        Volatility = Implied(mark, forward, years);
        Greeks = Volatility is { } volatility ? DecayDelta(DeribitGreeks.From(Black76.Evaluate(_type, forward, _strike, years, volatility, 0), years), nowMicros) : null;
    }

    /// <summary>
    /// Inside the settlement window the part of the settlement average already fixed no longer moves with the index, so
    /// the delta decays linearly to zero at expiry (Deribit's delta decay); the other Greeks stay as the model gives them.
    /// </summary>
    private DeribitGreeks DecayDelta(DeribitGreeks greeks, long nowMicros)
    {
        var left = _expiryMicros - nowMicros;
        return left >= _settlementWindowMicros ? greeks : greeks with { Delta = greeks.Delta * Math.Max(0, left) / _settlementWindowMicros };
    }

    /// <summary>The volatility of a premium (per underlying, in the settlement currency) on the last forward at <paramref name="nowMicros"/>; null when none prices it.</summary>
    public double? ImpliedVolatility(decimal premium, long nowMicros) =>
        Forward is { } forward ? Implied((double)premium, (double)forward, TimeToExpiry.Years(nowMicros, _expiryMicros)) : null;

    private double? Implied(double premium, double forward, double years)
    {
        var value = _settlement == MarginSettlement.Inverse ? InverseOption.UsdValue(premium, forward) : premium;
        var solved = Options.Pricing.ImpliedVolatility.Solve(_type, forward, _strike, years, value, 0);
        return solved.IsSuccess ? solved.Volatility : null;
    }
}
