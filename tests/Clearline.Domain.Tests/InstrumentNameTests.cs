using System.Globalization;
using Clearline.Domain.Instruments;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Domain.Tests;

public class InstrumentNameTests
{
    // ---- hand-checked names: every part asserted, and Format(Parse(s)) == s ----

    [Fact]
    public void BTC_PERPETUAL()
    {
        var name = AssertRoundTrip("BTC-PERPETUAL", InstrumentName.Perpetual("BTC"));
        Assert.Equal("BTC", name.BaseCurrency);
        Assert.Null(name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Perpetual, name.Kind);
        Assert.Equal(SettlementType.Inverse, name.Settlement);
        Assert.Null(name.Expiry);
        Assert.Null(name.Strike);
        Assert.Null(name.OptionType);
    }

    [Fact]
    public void BTC_USDC_PERPETUAL()
    {
        var name = AssertRoundTrip("BTC_USDC-PERPETUAL", InstrumentName.Perpetual("BTC", "USDC"));
        Assert.Equal("BTC", name.BaseCurrency);
        Assert.Equal("USDC", name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Perpetual, name.Kind);
        Assert.Equal(SettlementType.Linear, name.Settlement);
        Assert.Null(name.Expiry);
        Assert.Null(name.Strike);
        Assert.Null(name.OptionType);
    }

    [Fact]
    public void ETH_PERPETUAL()
    {
        var name = AssertRoundTrip("ETH-PERPETUAL", InstrumentName.Perpetual("ETH"));
        Assert.Equal("ETH", name.BaseCurrency);
        Assert.Null(name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Perpetual, name.Kind);
        Assert.Equal(SettlementType.Inverse, name.Settlement);
    }

    [Fact]
    public void BTC_27DEC24_future()
    {
        var name = AssertRoundTrip("BTC-27DEC24", InstrumentName.Future("BTC", new DateOnly(2024, 12, 27)));
        Assert.Equal("BTC", name.BaseCurrency);
        Assert.Null(name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Future, name.Kind);
        Assert.Equal(SettlementType.Inverse, name.Settlement);
        Assert.Equal(new DateOnly(2024, 12, 27), name.Expiry);
        Assert.Null(name.Strike);
        Assert.Null(name.OptionType);
    }

    [Fact]
    public void BTC_5JUL16_future_day_without_leading_zero()
    {
        var name = AssertRoundTrip("BTC-5JUL16", InstrumentName.Future("BTC", new DateOnly(2016, 7, 5)));
        Assert.Equal(InstrumentKind.Future, name.Kind);
        Assert.Equal(new DateOnly(2016, 7, 5), name.Expiry);
    }

    [Fact]
    public void BTC_27DEC24_50000_C()
    {
        var name = AssertRoundTrip("BTC-27DEC24-50000-C", InstrumentName.Option("BTC", new DateOnly(2024, 12, 27), 50000m, OptionType.Call));
        Assert.Equal("BTC", name.BaseCurrency);
        Assert.Null(name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Option, name.Kind);
        Assert.Equal(SettlementType.Inverse, name.Settlement);
        Assert.Equal(new DateOnly(2024, 12, 27), name.Expiry);
        Assert.Equal(50000m, name.Strike);
        Assert.Equal(OptionType.Call, name.OptionType);
    }

    [Fact]
    public void ETH_28MAR25_3000_P()
    {
        var name = AssertRoundTrip("ETH-28MAR25-3000-P", InstrumentName.Option("ETH", new DateOnly(2025, 3, 28), 3000m, OptionType.Put));
        Assert.Equal("ETH", name.BaseCurrency);
        Assert.Null(name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Option, name.Kind);
        Assert.Equal(SettlementType.Inverse, name.Settlement);
        Assert.Equal(new DateOnly(2025, 3, 28), name.Expiry);
        Assert.Equal(3000m, name.Strike);
        Assert.Equal(OptionType.Put, name.OptionType);
    }

    [Fact]
    public void BTC_USDC_27DEC24_50000_C()
    {
        var name = AssertRoundTrip("BTC_USDC-27DEC24-50000-C", InstrumentName.Option("BTC", new DateOnly(2024, 12, 27), 50000m, OptionType.Call, "USDC"));
        Assert.Equal("BTC", name.BaseCurrency);
        Assert.Equal("USDC", name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Option, name.Kind);
        Assert.Equal(SettlementType.Linear, name.Settlement);
        Assert.Equal(new DateOnly(2024, 12, 27), name.Expiry);
        Assert.Equal(50000m, name.Strike);
        Assert.Equal(OptionType.Call, name.OptionType);
    }

    [Fact]
    public void XRP_USDC_7MAR25_0d625_P_decimal_strike()
    {
        var name = AssertRoundTrip("XRP_USDC-7MAR25-0d625-P", InstrumentName.Option("XRP", new DateOnly(2025, 3, 7), 0.625m, OptionType.Put, "USDC"));
        Assert.Equal("XRP", name.BaseCurrency);
        Assert.Equal("USDC", name.QuoteCurrency);
        Assert.Equal(InstrumentKind.Option, name.Kind);
        Assert.Equal(SettlementType.Linear, name.Settlement);
        Assert.Equal(new DateOnly(2025, 3, 7), name.Expiry);
        Assert.Equal(0.625m, name.Strike);
        Assert.Equal(OptionType.Put, name.OptionType);
    }

    [Theory]
    [InlineData("BTC-29FEB24", 2024, 2, 29)] // leap year
    [InlineData("BTC-29FEB00", 2000, 2, 29)] // 2000 is a leap year
    [InlineData("BTC-1JAN00", 2000, 1, 1)]
    [InlineData("BTC-31DEC99", 2099, 12, 31)]
    [InlineData("BTC-10OCT30", 2030, 10, 10)]
    [InlineData("BTC-30APR25", 2025, 4, 30)]
    [InlineData("BTC-31JAN25", 2025, 1, 31)]
    public void Futures_parse_every_edge_of_the_calendar(string text, int year, int month, int day)
    {
        AssertRoundTrip(text, InstrumentName.Future("BTC", new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData("JAN", 1)]
    [InlineData("FEB", 2)]
    [InlineData("MAR", 3)]
    [InlineData("APR", 4)]
    [InlineData("MAY", 5)]
    [InlineData("JUN", 6)]
    [InlineData("JUL", 7)]
    [InlineData("AUG", 8)]
    [InlineData("SEP", 9)]
    [InlineData("OCT", 10)]
    [InlineData("NOV", 11)]
    [InlineData("DEC", 12)]
    public void Every_month_abbreviation(string month, int number)
    {
        AssertRoundTrip($"ETH-1{month}26", InstrumentName.Future("ETH", new DateOnly(2026, number, 1)));
    }

    [Theory]
    [InlineData("BTC-27DEC24-1-C", "1")]
    [InlineData("BTC-27DEC24-10-C", "10")]
    [InlineData("BTC-27DEC24-1d5-C", "1.5")]
    [InlineData("BTC-27DEC24-0d001-P", "0.001")]
    [InlineData("BTC-27DEC24-100d01-P", "100.01")]
    [InlineData("BTC-27DEC24-1000000-P", "1000000")]
    public void Option_strikes(string text, string strike)
    {
        var name = AssertRoundTrip(text, InstrumentName.Option("BTC", new DateOnly(2024, 12, 27), decimal.Parse(strike, CultureInfo.InvariantCulture), text.EndsWith('C') ? OptionType.Call : OptionType.Put));
        Assert.Equal(decimal.Parse(strike, CultureInfo.InvariantCulture), name.Strike);
    }

    [Fact]
    public void Currency_codes_may_hold_digits_and_be_2_to_10_characters()
    {
        AssertRoundTrip("1000SHIB-PERPETUAL", InstrumentName.Perpetual("1000SHIB"));
        AssertRoundTrip("AB_CD-PERPETUAL", InstrumentName.Perpetual("AB", "CD"));
        AssertRoundTrip("ABCDEFGHIJ_USDC-PERPETUAL", InstrumentName.Perpetual("ABCDEFGHIJ", "USDC"));
    }

    [Fact]
    public void Option_factory_normalises_trailing_zeros_of_the_strike()
    {
        var name = InstrumentName.Option("BTC", new DateOnly(2024, 12, 27), 50000.000m, OptionType.Call);
        Assert.Equal("BTC-27DEC24-50000-C", name.ToString());
        var fractional = InstrumentName.Option("XRP", new DateOnly(2025, 3, 7), 0.62500m, OptionType.Put, "USDC");
        Assert.Equal("XRP_USDC-7MAR25-0d625-P", fractional.ToString());
        Assert.Equal(InstrumentName.Parse("XRP_USDC-7MAR25-0d625-P"), fractional);
    }

    private static readonly string[] DistinctNames =
    [
        "BTC-PERPETUAL", "ETH-PERPETUAL", "BTC_USDC-PERPETUAL", "BTC_USDT-PERPETUAL", "BTC-27DEC24", "BTC-28DEC24", "BTC-27DEC25",
        "BTC-27NOV24", "BTC-27DEC24-50000-C", "BTC-27DEC24-50000-P", "BTC-27DEC24-50001-C", "BTC_USDC-27DEC24-50000-C",
    ];

    [Fact]
    public void Names_differing_in_any_part_are_not_equal()
    {
        var names = DistinctNames.Select(InstrumentName.Parse).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = 0; j < names.Length; j++)
            {
                Assert.Equal(i == j, names[i] == names[j]);
            }
        }
    }

    // ---- rejection ----

    [Theory]
    [InlineData("")]
    [InlineData("BTC")]
    [InlineData("BTC-")]
    [InlineData("-PERPETUAL")]
    [InlineData("BTC-PERP")]
    [InlineData("BTC-PERPETUAL-X")]
    [InlineData("BTC-perpetual")]
    [InlineData("btc-PERPETUAL")]
    [InlineData("Btc-PERPETUAL")]
    [InlineData("BTC_usdc-PERPETUAL")]
    [InlineData("BTC_-PERPETUAL")]
    [InlineData("_USDC-PERPETUAL")]
    [InlineData("BTC_USDC_EUR-PERPETUAL")]
    [InlineData("B-PERPETUAL")] // currency too short
    [InlineData("ABCDEFGHIJK-PERPETUAL")] // currency too long (11)
    [InlineData("BTC--PERPETUAL")]
    [InlineData(" BTC-PERPETUAL")]
    [InlineData("BTC-PERPETUAL ")]
    [InlineData("BTC-PERPETUAL\n")]
    [InlineData("BT C-PERPETUAL")]
    [InlineData("BTC-27dec24")] // lower-case month
    [InlineData("BTC-27Dec24")]
    [InlineData("BTC-05JUL16")] // leading zero on the day
    [InlineData("BTC-0JUL16")]
    [InlineData("BTC-00JUL16")]
    [InlineData("BTC-31FEB24")]
    [InlineData("BTC-30FEB24")]
    [InlineData("BTC-29FEB25")] // not a leap year
    [InlineData("BTC-31APR25")]
    [InlineData("BTC-32JAN25")]
    [InlineData("BTC-99JAN25")]
    [InlineData("BTC-127DEC24")]
    [InlineData("BTC-27DEC2024")]
    [InlineData("BTC-27DEC4")]
    [InlineData("BTC-DEC24")]
    [InlineData("BTC-27DEX24")]
    [InlineData("BTC-27DECX4")]
    [InlineData("BTC-2ADEC24")]
    [InlineData("BTC-A7DEC24")]
    [InlineData("BTC-27DEC24-")]
    [InlineData("BTC-27DEC24-50000")] // three parts
    [InlineData("BTC-27DEC24-50000-X")] // bad option letter
    [InlineData("BTC-27DEC24-50000-c")]
    [InlineData("BTC-27DEC24-50000-p")]
    [InlineData("BTC-27DEC24-50000-CALL")]
    [InlineData("BTC-27DEC24-50000-")]
    [InlineData("BTC-27DEC24-50000-C-X")] // too many parts
    [InlineData("BTC-27DEC24-50000-C-")]
    [InlineData("BTC-PERPETUAL-50000-C")] // option without a date
    [InlineData("BTC-27DEC24-050000-C")] // leading zero
    [InlineData("BTC-27DEC24-00-C")]
    [InlineData("BTC-27DEC24-0-C")] // zero strike
    [InlineData("BTC-27DEC24-0d0-C")]
    [InlineData("BTC-27DEC24--C")] // empty strike
    [InlineData("BTC-27DEC24--50000-C")] // negative strike
    [InlineData("BTC-27DEC24-+50000-C")]
    [InlineData("BTC-27DEC24-5e4-C")]
    [InlineData("BTC-27DEC24-50000d-C")] // point without a fraction
    [InlineData("BTC-27DEC24-50000d0-C")] // trailing zero
    [InlineData("BTC-27DEC24-1.5-C")] // '.' instead of 'd'
    [InlineData("BTC-27DEC24-1,5-C")]
    [InlineData("BTC-27DEC24-1D5-C")]
    [InlineData("BTC-27DEC24-1d2d3-C")]
    [InlineData("BTC-27DEC24-50 000-C")]
    [InlineData("XRP_USDC-7MAR25-0d6250-P")] // trailing zero in the fraction
    [InlineData("XRP_USDC-7MAR25-00d625-P")] // leading zero in the whole part
    [InlineData("XRP_USDC-7MAR25-d625-P")] // no whole part
    [InlineData("XRP_USDC-7MAR25-0d-P")]
    [InlineData("XRP_USDC-07MAR25-0d625-P")]
    [InlineData("XRP_usdc-7MAR25-0d625-P")] // lower-case currency
    [InlineData("xrp_USDC-7MAR25-0d625-P")]
    [InlineData("BTC-27DEC24-99999999999999999999999999999999-C")] // beyond decimal
    public void Malformed_names_are_rejected(string text)
    {
        Assert.False(InstrumentName.TryParse(text, out var name, out var error));
        Assert.Null(name);
        Assert.False(string.IsNullOrEmpty(error));
        var exception = Assert.Throws<FormatException>(() => InstrumentName.Parse(text));
        Assert.Contains(error, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(InstrumentName.TryParse(null, out var name, out var error));
        Assert.Null(name);
        Assert.Equal("empty", error);
        Assert.Throws<FormatException>(() => InstrumentName.Parse(null!));
    }

    [Fact]
    public void Factories_refuse_invalid_parts()
    {
        var day = new DateOnly(2024, 12, 27);
        Assert.Throws<ArgumentException>(() => InstrumentName.Perpetual("btc"));
        Assert.Throws<ArgumentException>(() => InstrumentName.Perpetual("B"));
        Assert.Throws<ArgumentException>(() => InstrumentName.Perpetual("ABCDEFGHIJK"));
        Assert.Throws<ArgumentException>(() => InstrumentName.Perpetual("BTC", "usdc"));
        Assert.Throws<ArgumentException>(() => InstrumentName.Perpetual("BTC", "US-DC"));
        Assert.Throws<ArgumentException>(() => InstrumentName.Perpetual("BTC", string.Empty));
        Assert.Throws<ArgumentException>(() => InstrumentName.Future("BTC_USDC", day));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentName.Future("BTC", new DateOnly(1999, 12, 31)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentName.Future("BTC", new DateOnly(2100, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentName.Option("BTC", day, 0m, OptionType.Call));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentName.Option("BTC", day, -1m, OptionType.Put));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentName.Option("BTC", new DateOnly(2100, 1, 1), 1m, OptionType.Put));
    }

    /// <summary>
    /// The type promises <c>Format(Parse(s)) == s</c> for every accepted name. A canonical-looking strike
    /// with more digits than <see cref="decimal"/> holds is rounded by <c>decimal.TryParse</c>, so the
    /// accepted name formats differently. It must either be rejected or round-trip.
    /// </summary>
    [Theory]
    [InlineData("BTC-27DEC24-1d00000000000000000000000000001-C")] // 1 + 1e-29: rounds to 1.0000000000000000000000000000
    [InlineData("BTC-27DEC24-1d99999999999999999999999999999-C")] // rounds to 2.0000000000000000000000000000
    [InlineData("BTC-27DEC24-0d00000000000000000000000000015-C")] // 1.5e-28: rounds to 0.0000000000000000000000000002
    public void Strikes_beyond_decimal_precision_are_rejected_or_round_trip(string text)
    {
        if (InstrumentName.TryParse(text, out var name, out _))
        {
            Assert.Equal(text, name.ToString());
        }
    }

    // ---- properties ----

    private static readonly Gen<string> CurrencyGen =
        from length in Gen.Choose(2, 10)
        from chars in Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray()), length)
        select new string(chars);

    private static readonly Gen<DateOnly> ExpiryGen =
        from year in Gen.Choose(2000, 2099)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, DateTime.DaysInMonth(year, month))
        select new DateOnly(year, month, day);

    /// <summary>A strike in canonical text (no leading/trailing zeros, 'd' for the point) with its value.</summary>
    private static readonly Gen<(string Text, decimal Value)> StrikeGen =
        from wholeDigits in Gen.Choose(1, 12)
        from whole in Gen.Choose(0, 999_999).SelectMany(high => Gen.Choose(0, 999_999).Select(low => ((long)high * 1_000_000) + low))
        from fractionDigits in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 10)))
        from fraction in Gen.ArrayOf(Gen.Choose(0, 9), fractionDigits)
        from lastFractionDigit in Gen.Choose(1, 9)
        let wholeText = (whole % (long)Math.Pow(10, wholeDigits)).ToString(CultureInfo.InvariantCulture)
        let fractionText = fractionDigits == 0 ? string.Empty : string.Concat(fraction.Take(fractionDigits - 1)) + lastFractionDigit.ToString(CultureInfo.InvariantCulture)
        where wholeText != "0" || fractionText.Length > 0
        select (fractionText.Length == 0 ? wholeText : $"{wholeText}d{fractionText}",
            decimal.Parse(fractionText.Length == 0 ? wholeText : $"{wholeText}.{fractionText}", CultureInfo.InvariantCulture));

    private sealed record Sample(string Text, InstrumentName Built);

    private static readonly Gen<Sample> ValidNameGen =
        from baseCurrency in CurrencyGen
        from quote in Gen.Frequency((1, Gen.Constant<string?>(null)), (1, CurrencyGen.Select(c => (string?)c)))
        from kind in Gen.Elements(InstrumentKind.Perpetual, InstrumentKind.Future, InstrumentKind.Option)
        from expiry in ExpiryGen
        from strike in StrikeGen
        from optionType in Gen.Elements(OptionType.Call, OptionType.Put)
        select MakeSample(baseCurrency, quote, kind, expiry, strike, optionType);

    private static Sample MakeSample(string baseCurrency, string? quote, InstrumentKind kind, DateOnly expiry, (string Text, decimal Value) strike, OptionType optionType)
    {
        var currencies = quote is null ? baseCurrency : $"{baseCurrency}_{quote}";
        var date = expiry.Day.ToString(CultureInfo.InvariantCulture)
            + CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(expiry.Month).ToUpperInvariant()
            + (expiry.Year - 2000).ToString("00", CultureInfo.InvariantCulture);
        return kind switch
        {
            InstrumentKind.Perpetual => new($"{currencies}-PERPETUAL", InstrumentName.Perpetual(baseCurrency, quote)),
            InstrumentKind.Future => new($"{currencies}-{date}", InstrumentName.Future(baseCurrency, expiry, quote)),
            _ => new($"{currencies}-{date}-{strike.Text}-{(optionType == OptionType.Call ? 'C' : 'P')}", InstrumentName.Option(baseCurrency, expiry, strike.Value, optionType, quote)),
        };
    }

    [Fact]
    public void Property_generated_valid_names_round_trip_and_match_the_factories()
    {
        PropertyConfig.Check(Prop.ForAll(ValidNameGen.ToArbitrary(), sample =>
        {
            var parsed = InstrumentName.Parse(sample.Text);
            Assert.Equal(sample.Text, parsed.ToString());
            Assert.Equal(sample.Built, parsed);
            Assert.Equal(sample.Built.GetHashCode(), parsed.GetHashCode());
            Assert.Equal(sample.Text, sample.Built.ToString());
            Assert.Equal(sample.Built, InstrumentName.Parse(sample.Built.ToString()));
            Assert.Equal(parsed.QuoteCurrency is null ? SettlementType.Inverse : SettlementType.Linear, parsed.Settlement);
            Assert.Equal(parsed.Kind != InstrumentKind.Perpetual, parsed.Expiry.HasValue);
            Assert.Equal(parsed.Kind == InstrumentKind.Option, parsed.Strike.HasValue);
            Assert.Equal(parsed.Kind == InstrumentKind.Option, parsed.OptionType.HasValue);
        }), 1000);
    }

    /// <summary>Factory-built options with any positive strike, including trailing zeros in its scale.</summary>
    [Fact]
    public void Property_factory_names_round_trip_through_text()
    {
        var gen =
            from baseCurrency in CurrencyGen
            from linear in Gen.Elements(false, true)
            from expiry in ExpiryGen
            from mantissa in Gen.Choose(1, int.MaxValue).SelectMany(high => Gen.Choose(0, 999_999).Select(low => ((long)high * 1_000_000) + low))
            from scale in Gen.Choose(0, 12)
            from optionType in Gen.Elements(OptionType.Call, OptionType.Put)
            let strike = new decimal((int)(mantissa & 0xFFFF_FFFF), (int)(mantissa >> 32), 0, false, (byte)scale)
            select InstrumentName.Option(baseCurrency, expiry, strike, optionType, linear ? "USDC" : null);
        PropertyConfig.Check(Prop.ForAll(gen.ToArbitrary(), name =>
        {
            var text = name.ToString();
            Assert.Equal(name, InstrumentName.Parse(text));
            Assert.Equal(text, InstrumentName.Parse(text).ToString());
            Assert.DoesNotContain('.', text);
            var strikeText = text.Split('-')[2];
            Assert.False(strikeText.Contains('d', StringComparison.Ordinal) && strikeText.EndsWith('0'), $"trailing zero in {text}");
        }), 1000);
    }

    /// <summary>Single-character edits of valid names: TryParse never throws, and whatever it accepts round-trips.</summary>
    [Fact]
    public void Property_mutated_names_are_rejected_or_round_trip()
    {
        const string alphabet = "ABCDJPRUZ0123456789d_-. ";
        var gen =
            from sample in ValidNameGen
            from edit in Gen.Choose(0, 2)
            from position in Gen.Choose(0, sample.Text.Length)
            from c in Gen.Elements(alphabet.ToCharArray())
            select edit switch
            {
                0 => sample.Text.Insert(position, c.ToString()),
                1 when position < sample.Text.Length => sample.Text.Remove(position, 1),
                _ when position < sample.Text.Length => sample.Text.Remove(position, 1).Insert(position, c.ToString()),
                _ => sample.Text + c,
            };
        PropertyConfig.Check(Prop.ForAll(gen.ToArbitrary(), text =>
        {
            if (InstrumentName.TryParse(text, out var name, out _))
            {
                Assert.Equal(text, name.ToString());
                Assert.Equal(name, InstrumentName.Parse(text));
            }
            else
            {
                Assert.Throws<FormatException>(() => InstrumentName.Parse(text));
            }
        }), 2000);
    }

    private static InstrumentName AssertRoundTrip(string text, InstrumentName built)
    {
        Assert.True(InstrumentName.TryParse(text, out var parsed, out var error), error);
        Assert.Null(error);
        Assert.Equal(text, parsed.ToString());
        Assert.Equal(built, parsed);
        Assert.Equal(built, InstrumentName.Parse(text));
        Assert.Equal(text, built.ToString());
        return parsed;
    }
}
