using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Options.Margin;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// The standard margin of one lot of a short option at a mark and a forward, rounded up to minimal units (the engine's
/// one rounding rule for what the kernel computes). Clearing sets each option market's <see cref="OptionMarginRates"/>
/// with it, and the API's read model with the same, so it shows the engine's figures exactly.
/// </summary>
public sealed class OptionShortMargin
{
    private readonly OptionType _type;
    private readonly MarginSettlement _settlement;
    private readonly double _strike;
    private readonly double _underlyingPerLot;
    private readonly double _unitsPerCoin;
    private readonly StandardOptionMarginParameters _parameters;

    public OptionShortMargin(InstrumentSpec spec, ContractTerms terms, OptionMarketConfig config)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(config);
        _type = spec.OptionType ?? throw new ArgumentException($"{spec.Name} is not an option", nameof(spec));
        _settlement = spec.Settlement == SettlementType.Inverse ? MarginSettlement.Inverse : MarginSettlement.Linear;
        _strike = StrikeE8(spec) / (double)QuotePrice.Scale;
        _underlyingPerLot = terms.LotAmountE8 / (double)QuotePrice.Scale;
        _unitsPerCoin = terms.Currency.UnitsPerCoin;
        _parameters = new StandardOptionMarginParameters(config.InitialRatePpm / 1e6, config.InitialFloorPpm / 1e6, config.MaintenanceRatePpm / 1e6);
    }

    /// <summary>The strike in USD × 10⁸, as the engine holds it.</summary>
    public static long StrikeE8(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var strike = spec.Strike ?? throw new ArgumentException($"{spec.Name} is not an option", nameof(spec));
        var e8 = checked((long)(strike * QuotePrice.Scale));
        return e8 == strike * QuotePrice.Scale ? e8 : throw new ArgumentException($"{spec.Name}: the strike must be a multiple of 10^-8", nameof(spec));
    }

    /// <summary>Sets <paramref name="rates"/> to one short lot's initial and maintenance margin at <paramref name="mark"/> (per underlying) on <paramref name="forward"/>.</summary>
    public void Set(OptionMarginRates rates, QuotePrice mark, QuotePrice forward)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var margin = StandardOptionMargin.ForPosition(
            _type, _settlement, -_underlyingPerLot, forward.E8 / (double)QuotePrice.Scale, _strike, mark.E8 / (double)QuotePrice.Scale, _parameters);
        rates.Set(new Money((long)Math.Ceiling(margin.Initial * _unitsPerCoin)), new Money((long)Math.Ceiling(margin.Maintenance * _unitsPerCoin)));
    }
}
