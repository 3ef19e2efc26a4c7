using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Clearline.Domain.Instruments;

/// <summary>
/// A Deribit-style instrument name, parsed into its parts and formatted back exactly:
/// <c>BTC-PERPETUAL</c>, <c>BTC_USDC-PERPETUAL</c>, <c>BTC-27DEC24</c>, <c>BTC-27DEC24-50000-C</c>,
/// <c>XRP_USDC-7MAR25-0d625-P</c> (a <c>d</c> stands for the decimal point in a strike).
/// </summary>
/// <remarks>
/// Parsing is strict so that <c>Format(Parse(s)) == s</c> for every accepted name: upper-case month,
/// day without a leading zero, strike without leading or trailing zeros.
/// </remarks>
public sealed record InstrumentName
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private InstrumentName(string baseCurrency, string? quoteCurrency, InstrumentKind kind, DateOnly? expiry, decimal? strike, OptionType? optionType)
    {
        BaseCurrency = baseCurrency;
        QuoteCurrency = quoteCurrency;
        Kind = kind;
        Expiry = expiry;
        Strike = strike;
        OptionType = optionType;
    }

    public string BaseCurrency { get; }

    /// <summary>The quote currency of a linear instrument (<c>USDC</c> in <c>BTC_USDC-PERPETUAL</c>); null for inverse instruments, which are quoted in USD.</summary>
    public string? QuoteCurrency { get; }

    public InstrumentKind Kind { get; }

    public SettlementType Settlement => QuoteCurrency is null ? SettlementType.Inverse : SettlementType.Linear;

    /// <summary>The expiry date (expiry itself is at 08:00 UTC that day); null for perpetuals.</summary>
    public DateOnly? Expiry { get; }

    public decimal? Strike { get; }

    public OptionType? OptionType { get; }

    public static InstrumentName Perpetual(string baseCurrency, string? quoteCurrency = null) =>
        new(CheckCurrency(baseCurrency), CheckQuote(quoteCurrency), InstrumentKind.Perpetual, null, null, null);

    public static InstrumentName Future(string baseCurrency, DateOnly expiry, string? quoteCurrency = null) =>
        new(CheckCurrency(baseCurrency), CheckQuote(quoteCurrency), InstrumentKind.Future, CheckExpiry(expiry), null, null);

    public static InstrumentName Option(string baseCurrency, DateOnly expiry, decimal strike, OptionType optionType, string? quoteCurrency = null)
    {
        if (strike <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(strike), strike, "strike must be positive");
        }

        return new(CheckCurrency(baseCurrency), CheckQuote(quoteCurrency), InstrumentKind.Option, CheckExpiry(expiry), strike / 1.000000000000000000000000000m, optionType);
    }

    public static InstrumentName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException($"invalid instrument name '{text}': {error}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out InstrumentName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty";
            return false;
        }

        var parts = text.Split('-');
        if (!TryParseCurrencies(parts[0], out var baseCurrency, out var quoteCurrency))
        {
            error = "expected CCY or BASE_QUOTE before the first '-'";
            return false;
        }

        switch (parts.Length)
        {
            case 2 when parts[1] == "PERPETUAL":
                name = new(baseCurrency, quoteCurrency, InstrumentKind.Perpetual, null, null, null);
                error = null;
                return true;
            case 2 when TryParseDate(parts[1], out var futureExpiry):
                name = new(baseCurrency, quoteCurrency, InstrumentKind.Future, futureExpiry, null, null);
                error = null;
                return true;
            case 4 when TryParseDate(parts[1], out var optionExpiry):
                if (!TryParseStrike(parts[2], out var strike))
                {
                    error = $"bad strike '{parts[2]}'";
                    return false;
                }

                OptionType? optionType = parts[3] switch { "C" => Instruments.OptionType.Call, "P" => Instruments.OptionType.Put, _ => null };
                if (optionType is null)
                {
                    error = $"option type must be C or P, not '{parts[3]}'";
                    return false;
                }

                name = new(baseCurrency, quoteCurrency, InstrumentKind.Option, optionExpiry, strike, optionType);
                error = null;
                return true;
            default:
                error = "expected CCY-PERPETUAL, CCY-DMMMYY or CCY-DMMMYY-STRIKE-C|P";
                return false;
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder(BaseCurrency);
        if (QuoteCurrency is not null)
        {
            builder.Append('_').Append(QuoteCurrency);
        }

        if (Kind == InstrumentKind.Perpetual)
        {
            return builder.Append("-PERPETUAL").ToString();
        }

        var expiry = Expiry!.Value;
        builder.Append('-')
            .Append(expiry.Day.ToString(CultureInfo.InvariantCulture))
            .Append(Months[expiry.Month - 1])
            .Append((expiry.Year % 100).ToString("00", CultureInfo.InvariantCulture));
        if (Kind == InstrumentKind.Option)
        {
            builder.Append('-')
                .Append(Strike!.Value.ToString(CultureInfo.InvariantCulture).Replace('.', 'd'))
                .Append(OptionType == Instruments.OptionType.Call ? "-C" : "-P");
        }

        return builder.ToString();
    }

    private static bool TryParseCurrencies(string text, out string baseCurrency, out string? quoteCurrency)
    {
        var underscore = text.IndexOf('_', StringComparison.Ordinal);
        baseCurrency = underscore < 0 ? text : text[..underscore];
        quoteCurrency = underscore < 0 ? null : text[(underscore + 1)..];
        return IsCurrency(baseCurrency) && (quoteCurrency is null || IsCurrency(quoteCurrency));
    }

    private static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        // D{1,2} MMM YY: 6 or 7 characters, the day without a leading zero.
        var dayLength = text.Length - 5;
        if (dayLength is not (1 or 2) || text[0] == '0' || !AllDigits(text.AsSpan(0, dayLength)) || !AllDigits(text.AsSpan(dayLength + 3, 2)))
        {
            return false;
        }

        var month = Array.IndexOf(Months, text.Substring(dayLength, 3)) + 1;
        var day = int.Parse(text.AsSpan(0, dayLength), CultureInfo.InvariantCulture);
        var year = 2000 + int.Parse(text.AsSpan(dayLength + 3, 2), CultureInfo.InvariantCulture);
        if (month == 0 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryParseStrike(string text, out decimal strike)
    {
        strike = 0;
        var point = text.IndexOf('d', StringComparison.Ordinal);
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? string.Empty : text[(point + 1)..];
        var canonical = whole.Length > 0 && AllDigits(whole) && (whole.Length == 1 || whole[0] != '0')
            && (point < 0 || (fraction.Length > 0 && AllDigits(fraction) && fraction[^1] != '0'));
        var digits = point < 0 ? whole : $"{whole}.{fraction}";
        if (!canonical || !decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out strike))
        {
            return false;
        }

        // decimal rounds digits beyond its precision; such a strike would not format back to the same name.
        return strike > 0 && strike.ToString(CultureInfo.InvariantCulture) == digits;
    }

    private static bool IsCurrency(string text)
    {
        if (text.Length is < 2 or > 10)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string CheckCurrency(string currency) =>
        IsCurrency(currency) ? currency : throw new ArgumentException($"'{currency}' is not a currency code (2-10 upper-case letters or digits)", nameof(currency));

    private static string? CheckQuote(string? currency) => currency is null ? null : CheckCurrency(currency);

    private static DateOnly CheckExpiry(DateOnly expiry) =>
        expiry.Year is >= 2000 and <= 2099 ? expiry : throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "expiry year must be 2000-2099 to fit a two-digit name");
}
