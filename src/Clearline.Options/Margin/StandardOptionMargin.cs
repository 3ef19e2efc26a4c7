using Clearline.Domain.Instruments;

namespace Clearline.Options.Margin;

/// <summary>
/// Deribit's standard option margin (derivatives.md §1.3), per position with no offsets. Per short contract on one
/// underlying, with OTM the out-of-the-money amount, U the underlying mark and m the option mark, in coin for an
/// inverse option:
/// <list type="bullet">
/// <item>short call: IM = max(0.15 − OTM/U, 0.10) + m, MM = 0.075 + m;</item>
/// <item>short put: MM = max(0.075, 0.075·m) + m, IM = max(max(0.15 − OTM/U, 0.10) + m, MM).</item>
/// </list>
/// A linear option is the same requirement in the quote currency: every coin amount above is worth U of it, so the
/// rates apply to U, OTM enters as it is and m is the option mark in the quote currency. A long option needs nothing
/// beyond its premium, which has already left the balance.
/// </summary>
public static class StandardOptionMargin
{
    /// <summary>
    /// The margin of a position of <paramref name="contracts"/> (signed: negative is short) of one underlying each, in
    /// the settlement currency. <paramref name="optionMark"/> is per contract in that currency.
    /// </summary>
    public static OptionMargin ForPosition(
        OptionType type,
        MarginSettlement settlement,
        double contracts,
        double underlyingMark,
        double strike,
        double optionMark,
        StandardOptionMarginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (contracts >= 0)
        {
            return default;
        }

        var outOfTheMoney = Math.Max(type == OptionType.Call ? strike - underlyingMark : underlyingMark - strike, 0);

        // The value of one underlying in the settlement currency, and the out-of-the-money amount in it.
        var (underlying, otm) = settlement == MarginSettlement.Inverse
            ? (1.0, outOfTheMoney / underlyingMark)
            : (underlyingMark, outOfTheMoney);
        var initial = Math.Max((parameters.InitialRate * underlying) - otm, parameters.InitialFloor * underlying) + optionMark;
        double maintenance;
        if (type == OptionType.Call)
        {
            maintenance = (parameters.MaintenanceRate * underlying) + optionMark;
        }
        else
        {
            // A deep in-the-money put's mark can exceed the underlying: then its maintenance grows with the mark and
            // the initial margin is kept at least as high.
            maintenance = Math.Max(parameters.MaintenanceRate * underlying, parameters.MaintenanceRate * optionMark) + optionMark;
            initial = Math.Max(initial, maintenance);
        }

        return new OptionMargin(-contracts * initial, -contracts * maintenance);
    }
}
