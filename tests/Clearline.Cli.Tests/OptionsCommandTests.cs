using System.Globalization;
using Clearline.Domain.Instruments;
using Clearline.Options.Pricing;

namespace Clearline.Cli.Tests;

/// <summary><c>clearline options price|iv</c>: the kernel's numbers through CSV files, the round trip, and refused input.</summary>
public sealed class OptionsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clearline-options-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Price_writes_the_kernel_s_price_and_greeks_exactly_after_the_input_columns()
    {
        var input = Write("in.csv", "type,forward,strike,years,vol,rate", "call,60000,65000,0.25,0.6,0", "PUT, 60000 ,50000,0.0027,0.8,0.05");
        var output = Path.Combine(_directory, "out.csv");

        var run = CliRun.Of("options", "price", "--input", input, "--output", output);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("type,forward,strike,years,vol,rate,price,delta,gamma,vega,theta,rho", lines[0]);
        Assert.Equal(3, lines.Length);
        AssertRow(lines[1], ["call", "60000", "65000", "0.25", "0.6", "0"], Black76.Evaluate(OptionType.Call, 60000, 65000, 0.25, 0.6, 0));
        AssertRow(lines[2], ["PUT", "60000", "50000", "0.0027", "0.8", "0.05"], Black76.Evaluate(OptionType.Put, 60000, 50000, 0.0027, 0.8, 0.05));
        Assert.Contains($"price: 2 row(s) from {input} written to {output}", run.OutputLines);
    }

    [Fact]
    public void Prices_written_by_price_give_back_their_volatilities_through_iv()
    {
        string[] rows =
        [
            "call,61234.5,61234.5,0.000114155,0.05,0", "put,61234.5,40000,0.0833,0.9,0.02", "call,61234.5,150000,2,1.5,0",
            "put,3000,2950,0.0192,0.45,-0.01", "call,0.6125,0.4,1,3,0.05", "put,61234.5,75000,0.5,0.2,0",
        ];
        var priced = Path.Combine(_directory, "priced.csv");
        Assert.Equal(0, CliRun.Of("options", "price", "--input", Write("in.csv", ["type,forward,strike,years,vol,rate", .. rows]), "--output", priced).ExitCode);
        var ivInput = File.ReadAllLines(priced).Skip(1).Select(l => l.Split(',')).Select(f => string.Join(',', f[0], f[1], f[2], f[3], f[6], f[5]));
        var solved = Path.Combine(_directory, "iv.csv");

        var run = CliRun.Of("options", "iv", "--input", Write("iv-in.csv", ["type,forward,strike,years,price,rate", .. ivInput]), "--output", solved);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(solved);
        Assert.Equal("type,forward,strike,years,price,rate,iv,error", lines[0]);
        for (var i = 0; i < rows.Length; i++)
        {
            var fields = lines[i + 1].Split(',');
            var volatility = double.Parse(rows[i].Split(',')[4], CultureInfo.InvariantCulture);
            Assert.Equal(string.Empty, fields[7]);
            Assert.True(Math.Abs(double.Parse(fields[6], CultureInfo.InvariantCulture) - volatility) <= 1e-10 * volatility, lines[i + 1]);
        }
    }

    [Fact]
    public void Iv_leaves_the_volatility_empty_and_names_the_reason_where_none_exists()
    {
        var input = Write(
            "in.csv",
            "type,forward,strike,years,price,rate",
            "call,60000,50000,0.25,9000,0",
            "call,60000,50000,0.25,10000,0",
            "put,60000,50000,0.25,50000,0",
            "call,60000,65000,0.25,0,0",
            "call,60000,65000,0.25,5000,0");
        var output = Path.Combine(_directory, "out.csv");

        Assert.Equal(0, CliRun.Of("options", "iv", "--input", input, "--output", output).ExitCode);

        var lines = File.ReadAllLines(output);
        Assert.Equal("call,60000,50000,0.25,9000,0,,below_intrinsic", lines[1]);
        Assert.Equal("call,60000,50000,0.25,10000,0,,at_intrinsic", lines[2]);
        Assert.Equal("put,60000,50000,0.25,50000,0,,at_or_above_maximum", lines[3]);
        Assert.Equal("call,60000,65000,0.25,0,0,,at_intrinsic", lines[4]);
        var solved = lines[5].Split(',');
        Assert.Equal(string.Empty, solved[7]);
        Assert.Equal(5000, Black76.Price(OptionType.Call, 60000, 65000, 0.25, double.Parse(solved[6], CultureInfo.InvariantCulture), 0), 8);
    }

    [Theory]
    [InlineData("price", "type,forward,strike,vol,years,rate", "call,1,1,1,1,0", 1, "the header must be 'type,forward,strike,years,vol,rate'")]
    [InlineData("price", "type,forward,strike,years,vol,rate", "straddle,1,1,1,1,0", 2, "type must be call or put, not 'straddle'")]
    [InlineData("price", "type,forward,strike,years,vol,rate", "call,1,1,1,1", 2, "expected 6 fields (type,forward,strike,years,vol,rate), found 5")]
    [InlineData("price", "type,forward,strike,years,vol,rate", "call,1,abc,1,1,0", 2, "strike 'abc' is not a number")]
    [InlineData("price", "type,forward,strike,years,vol,rate", "call,1,1,1,0,0", 2, "vol must be positive and finite")]
    [InlineData("price", "type,forward,strike,years,vol,rate", "call,-5,1,1,0.5,0", 2, "forward must be positive and finite")]
    [InlineData("iv", "type,forward,strike,years,price,rate", "put,1,1,0,0.1,0", 2, "years must be positive and finite")]
    [InlineData("iv", "type,forward,strike,years,price,rate", "put,1,1,1,NaN,0", 2, "price must be finite")]
    public void A_bad_row_stops_the_command_naming_its_line_and_writes_nothing(string command, string header, string row, int line, string message)
    {
        var input = Write("in.csv", header, "call,60000,60000,1,0.5,0", row);
        var badLine = line == 1 ? 1 : 3;
        var output = Path.Combine(_directory, "out.csv");

        var run = CliRun.Of("options", command, "--input", input, "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{input} line {badLine}: {message}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_missing_input_file_is_bad_input()
    {
        var run = CliRun.Of("options", "price", "--input", Path.Combine(_directory, "absent.csv"), "--output", Path.Combine(_directory, "out.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("absent.csv does not exist", run.Error, StringComparison.Ordinal);
    }

    private static void AssertRow(string line, string[] inputs, OptionGreeks expected)
    {
        var fields = line.Split(',');
        Assert.Equal(inputs, fields[..6]);
        double[] values = [.. fields[6..].Select(f => double.Parse(f, CultureInfo.InvariantCulture))];
        Assert.Equal([expected.Price, expected.Delta, expected.Gamma, expected.Vega, expected.Theta, expected.Rho], values);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
