using System.CommandLine;
using System.Text.Json;
using Clearline.Options.Pricing;

namespace Clearline.Cli;

/// <summary>
/// <c>clearline options price|iv</c>: the pricing kernel on CSV files, so its numbers can be checked against any other
/// library (docs/options.md). A bad row stops the command before anything is written, naming the line (exit 2).
/// </summary>
internal static class OptionsCommand
{
    private static readonly string[] PriceColumns = ["type", "forward", "strike", "years", "vol", "rate"];
    private static readonly string[] IvColumns = ["type", "forward", "strike", "years", "price", "rate"];

    public static Command Create()
    {
        var price = Subcommand(
            "price",
            "Black-76 price and Greeks per row: type,forward,strike,years,vol,rate → + price,delta,gamma,vega,theta,rho (raw model units)",
            PriceColumns,
            PriceRows);
        var iv = Subcommand(
            "iv",
            "implied volatility per row: type,forward,strike,years,price,rate → + iv,error (iv empty and the reason in error where none exists)",
            IvColumns,
            IvRows);
        return new Command("options", "the option pricing kernel on CSV files") { price, iv };
    }

    private static Command Subcommand(string name, string description, string[] columns, Func<string, List<OptionsCsvRow>, IEnumerable<string>> compute)
    {
        var input = new Option<FileInfo>("--input") { Description = $"CSV with the header {string.Join(',', columns)}", Required = true, HelpName = "IN.csv" };
        var output = new Option<FileInfo>("--output") { Description = "CSV to write (replaced)", Required = true, HelpName = "OUT.csv" };
        var command = new Command(name, description) { input, output };
        command.SetAction(parse =>
        {
            var inputFile = parse.GetValue(input)!;
            var outputFile = parse.GetValue(output)!;
            var error = parse.InvocationConfiguration.Error;
            if (!inputFile.Exists)
            {
                error.WriteLine($"input file {inputFile.FullName} does not exist");
                return ExitCodes.BadInput;
            }

            List<string> lines;
            try
            {
                var rows = OptionsCsv.Read(inputFile.FullName, columns);
                lines = [.. compute(inputFile.FullName, rows)];
            }
            catch (OptionsCsvException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }

            File.WriteAllLines(outputFile.FullName, lines);
            parse.InvocationConfiguration.Output.WriteLine($"{name}: {lines.Count - 1:N0} row(s) from {inputFile.FullName} written to {outputFile.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<string> PriceRows(string path, List<OptionsCsvRow> rows)
    {
        yield return "type,forward,strike,years,vol,rate,price,delta,gamma,vega,theta,rho";
        foreach (var row in rows)
        {
            var check = Black76.Check(row.Forward, row.Strike, row.Years, row.Value, row.Rate);
            if (check != PricingInputError.None)
            {
                throw OptionsCsv.Bad(path, row.Line, OptionsCsv.Describe(check));
            }

            var g = Black76.Evaluate(row.Type, row.Forward, row.Strike, row.Years, row.Value, row.Rate);
            yield return string.Join(',', [.. row.Fields, .. new[] { g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho }.Select(OptionsCsv.Format)]);
        }
    }

    private static IEnumerable<string> IvRows(string path, List<OptionsCsvRow> rows)
    {
        yield return "type,forward,strike,years,price,rate,iv,error";
        foreach (var row in rows)
        {
            // Only a non-finite price is a bad row; any finite price is the solver's to judge (the error column).
            var check = Black76.CheckContract(row.Forward, row.Strike, row.Years, row.Rate);
            if (check != PricingInputError.None || !double.IsFinite(row.Value))
            {
                throw OptionsCsv.Bad(path, row.Line, check != PricingInputError.None ? OptionsCsv.Describe(check) : "price must be finite");
            }

            var result = ImpliedVolatility.Solve(row.Type, row.Forward, row.Strike, row.Years, row.Value, row.Rate);
            var iv = result.IsSuccess ? OptionsCsv.Format(result.Volatility) : string.Empty;
            var reason = result.IsSuccess ? string.Empty : JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Error.ToString());
            yield return string.Join(',', [.. row.Fields, iv, reason]);
        }
    }
}
