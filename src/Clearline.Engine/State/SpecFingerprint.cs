using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clearline.Domain.Instruments;

namespace Clearline.Engine;

/// <summary>
/// SHA-256 of a canonical text rendering of every field of an <see cref="InstrumentSpec"/>. A snapshot carries
/// it per market, so a state taken under one market configuration is refused under another, and the state
/// hash commits to the configuration the books ran under.
/// </summary>
/// <remarks>
/// Decimals are rendered in invariant culture without trailing zeros (0.50 and 0.5 are the same tick size);
/// nothing here may depend on the process (no <c>string.GetHashCode</c>, no <c>HashCode</c>).
/// </remarks>
internal static class SpecFingerprint
{
    /// <summary>Fixed-point, up to decimal's 28 fractional digits, no trailing zeros.</summary>
    private const string DecimalFormat = "0.############################";

    public static Hash256 Compute(InstrumentSpec spec) => new(SHA256.HashData(Encoding.UTF8.GetBytes(Render(spec))));

    public static string Render(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder("clearline instrument spec 1\n");
        text.Append(CultureInfo.InvariantCulture, $"id={spec.Id.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"name={spec.Name}\n");
        text.Append(CultureInfo.InvariantCulture, $"tick-size={Number(spec.Ticks.TickSize)}\n");
        foreach (var step in spec.Ticks.Steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"tick-step={Number(step.AbovePrice)}:{Number(step.TickSize)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"contract-size={Number(spec.ContractSize)}\n");
        text.Append(CultureInfo.InvariantCulture, $"lot-size={Number(spec.LotSize)}\n");
        text.Append(CultureInfo.InvariantCulture, $"max-order-lots={spec.MaxOrderQuantity.Lots}\n");
        text.Append(CultureInfo.InvariantCulture, $"max-price-ticks={spec.MaxPrice.Ticks}\n");
        text.Append(CultureInfo.InvariantCulture, $"settlement-currency={spec.SettlementCurrency}\n");
        return text.ToString();
    }

    private static string Number(decimal value) => value.ToString(DecimalFormat, CultureInfo.InvariantCulture);
}
