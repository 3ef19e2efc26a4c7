using System.Globalization;
using Clearline.Domain.Instruments;
using Clearline.Options.Pricing;

namespace Clearline.Cli;

/// <summary>A CSV input the options commands refuse, with the line at fault in the message.</summary>
internal sealed class OptionsCsvException(string message) : Exception(message);

/// <summary>
/// One parsed row of an options CSV: <c>type,forward,strike,years,X,rate</c> where X is the volatility (<c>options
/// price</c>) or the price (<c>options iv</c>). <see cref="Fields"/> keeps the text as written, echoed in the output.
/// </summary>
internal sealed record OptionsCsvRow(int Line, string[] Fields, OptionType Type, double Forward, double Strike, double Years, double Value, double Rate);

/// <summary>Reading and writing the CSV files of <c>clearline options price|iv</c> (docs/options.md).</summary>
internal static class OptionsCsv
{
    /// <summary>
    /// Every row of <paramref name="path"/> after the header, which must name <paramref name="columns"/> in order. Blank
    /// lines are skipped. Throws <see cref="OptionsCsvException"/> naming the first bad line.
    /// </summary>
    public static List<OptionsCsvRow> Read(string path, IReadOnlyList<string> columns)
    {
        var rows = new List<OptionsCsvRow>();
        var lineNumber = 0;
        var headerSeen = false;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            if (!headerSeen)
            {
                if (!fields.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
                {
                    throw Bad(path, lineNumber, $"the header must be '{string.Join(',', columns)}', not '{line.Trim()}'");
                }

                headerSeen = true;
                continue;
            }

            rows.Add(ParseRow(path, lineNumber, fields, columns));
        }

        return headerSeen ? rows : throw Bad(path, Math.Max(lineNumber, 1), $"no header: expected '{string.Join(',', columns)}'");
    }

    /// <summary>The shortest text that parses back to exactly this double (invariant culture).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Describe(PricingInputError error) => error switch
    {
        PricingInputError.Forward => "forward must be positive and finite",
        PricingInputError.Strike => "strike must be positive and finite",
        PricingInputError.Years => "years must be positive and finite",
        PricingInputError.Volatility => "vol must be positive and finite (a fraction: 0.6 for 60%)",
        PricingInputError.Rate => "rate must be finite",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "no error to describe"),
    };

    public static OptionsCsvException Bad(string path, int line, string message) => new($"{path} line {line}: {message}");

    private static OptionsCsvRow ParseRow(string path, int line, string[] fields, IReadOnlyList<string> columns)
    {
        if (fields.Length != columns.Count)
        {
            throw Bad(path, line, $"expected {columns.Count} fields ({string.Join(',', columns)}), found {fields.Length}");
        }

        OptionType type = fields[0].ToUpperInvariant() switch
        {
            "CALL" => OptionType.Call,
            "PUT" => OptionType.Put,
            _ => throw Bad(path, line, $"type must be call or put, not '{fields[0]}'"),
        };

        var numbers = new double[5];
        for (var i = 1; i < fields.Length; i++)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i - 1]))
            {
                throw Bad(path, line, $"{columns[i]} '{fields[i]}' is not a number");
            }
        }

        return new OptionsCsvRow(line, fields, type, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
    }
}
