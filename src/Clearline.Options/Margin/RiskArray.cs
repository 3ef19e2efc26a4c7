using Clearline.Options.Numerics;
using Clearline.Options.Pricing;

namespace Clearline.Options.Margin;

/// <summary>
/// One instrument's risk array: the P&amp;L of one long contract, in the settlement currency, under each scenario of
/// its <see cref="PortfolioMargin"/> (extended scenarios already × their weight), with its contingency charges per
/// contract. Computed by <see cref="Refresh"/> when the instrument's forward, IV or time to expiry changes, and read by
/// every account holding it.
/// </summary>
public sealed class RiskArray
{
    private readonly PortfolioMargin _margin;

    internal RiskArray(PortfolioMargin margin, MarginInstrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        _margin = margin;
        Instrument = instrument;
        Pnl = new double[margin.Scenarios.Length];
    }

    public MarginInstrument Instrument { get; }

    public ReadOnlySpan<double> ScenarioPnl => Pnl;

    /// <summary>The short-option contingency per short contract (0 for a future).</summary>
    public double ShortOptionCharge { get; private set; }

    /// <summary>The futures-spread contingency per long contract, on the underlying it carries (0 for an option).</summary>
    public double SpreadCharge { get; private set; }

    internal double[] Pnl { get; }

    /// <summary>
    /// Revalues the instrument under every scenario with Black-76 at <paramref name="forward"/> (the instrument's own
    /// expiry's forward, or the future's mark), <paramref name="volatility"/> (its mark IV) and
    /// <paramref name="years"/> to expiry. A future uses only the forward.
    /// </summary>
    public void Refresh(double forward, double volatility, double years)
    {
        var parameters = _margin.Parameters;
        var option = Instrument.Option;
        var error = option is not null ? Black76.Check(forward, Instrument.Strike, years, volatility, parameters.Rate)
            : forward > 0 && double.IsFinite(forward) ? PricingInputError.None
            : PricingInputError.Forward;
        if (error != PricingInputError.None)
        {
            throw new ArgumentException($"risk array input out of its domain: {error}");
        }

        // The value of one underlying coin in the settlement currency.
        var underlying = Instrument.Settlement == MarginSettlement.Inverse ? 1.0 : forward;
        if (option is null)
        {
            var coinsPerContract = Instrument.Settlement == MarginSettlement.Inverse ? Instrument.ContractSize / forward : Instrument.ContractSize;
            (ShortOptionCharge, SpreadCharge) = (0, parameters.FuturesSpreadContingency * coinsPerContract * underlying);
        }
        else
        {
            (ShortOptionCharge, SpreadCharge) = (parameters.ShortOptionContingency * Instrument.ContractSize * underlying, 0);
        }

        var (up, down) = option is null ? (0, 0) : ShockedVolatilities(parameters.VolatilityShock, volatility, years);
        var now = Value(forward, volatility, years);
        var scenarios = _margin.Scenarios;
        for (var s = 0; s < scenarios.Length; s++)
        {
            var (move, shock, weight) = scenarios[s];
            var shocked = shock switch
            {
                VolatilityScenario.Up => up,
                VolatilityScenario.Down => down,
                _ => volatility,
            };
            Pnl[s] = weight * (Value(forward * (1 + move), shocked, years) - now);
        }
    }

    /// <summary>
    /// IV × (1 + up·(D/DTE)^p), at least the floor, and IV × (1 − min(down·(D/DTE)^p, cap)); the power through the
    /// kernel's exp and ln, as everything that reaches the engine's state.
    /// </summary>
    private static (double Up, double Down) ShockedVolatilities(VolatilityShock shock, double volatility, double years)
    {
        var days = years * 365;
        var exponent = days < shock.ReferenceDays ? shock.ShortExponent : shock.LongExponent;
        var scale = DeterministicMath.Exp(exponent * DeterministicMath.LogRatio(shock.ReferenceDays, days));
        var up = Math.Max(volatility * (1 + (shock.RangeUp * scale)), shock.UpFloor);
        var down = volatility * (1 - Math.Min(shock.RangeDown * scale, shock.DownCap));
        return (up, down);
    }

    /// <summary>The value of one long contract in the settlement currency at forward <paramref name="f"/>.</summary>
    private double Value(double f, double volatility, double years)
    {
        var size = Instrument.ContractSize;
        var inverse = Instrument.Settlement == MarginSettlement.Inverse;
        if (Instrument.Option is not { } type)
        {
            // A linear future is worth its underlying; an inverse one, face value Q in USD, gains Q·(1/F0 − 1/F1) coin,
            // which is the change of −Q/F.
            return inverse ? -size / f : size * f;
        }

        var usd = Black76.Price(type, f, Instrument.Strike, years, volatility, _margin.Parameters.Rate);
        return inverse ? size * usd / f : size * usd;
    }
}
