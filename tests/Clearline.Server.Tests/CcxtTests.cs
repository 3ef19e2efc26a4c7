using System.Diagnostics;
using System.Text.Json;

namespace Clearline.Server.Tests;

/// <summary>
/// A real client: ccxt's unmodified <c>deribit</c> class (npm package, pinned in tests/ccxt/package.json) against the
/// server, base URLs overridden only: markets, book, ticker, tickers, balance, create/list/cancel, a fill, positions, closed
/// orders and trades (with and without <c>since</c>), an option's create/list/cancel, fill and position, and
/// <c>ccxt.pro</c>'s <c>watchOrderBook</c> over the WebSocket. Needs Node.js; installs the package on first use
/// (<c>.ci/run</c> installs it beforehand).
/// </summary>
public sealed class CcxtTests
{
    [Fact]
    public async Task Ccxt_deribit_trades_against_the_server_unchanged()
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "ccxt");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "ccxt")))
        {
            var (installed, log) = await RunAsync("npm", "install --ignore-scripts --no-audit --no-fund", directory, []);
            Assert.True(installed == 0, $"npm install failed:\n{log}");
        }

        await using var venue = await TestVenue.StartAsync();
        var (exit, output) = await RunAsync("node", "ccxt-deribit.mjs", directory, new()
        {
            ["CLEARLINE_URL"] = venue.BaseAddress.ToString().TrimEnd('/'),
            ["CLEARLINE_ID"] = TestVenue.TraderId,
            ["CLEARLINE_SECRET"] = TestVenue.TraderSecret,
        });
        Assert.True(exit == 0, $"the ccxt script failed:\n{output}");

        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Contains("BTC/USD:BTC", result.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("BTC/USDC:USDC", result.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        // ccxt parses the demo's options (strike and type from get_instruments): BTC/USD:BTC-yymmdd-60000-C.
        Assert.Contains(result.GetProperty("symbols").EnumerateArray(), s => System.Text.RegularExpressions.Regex.IsMatch(s.GetString()!, "^BTC/USD:BTC-[0-9]{6}-60000-C$"));
        Assert.True(result.GetProperty("book").GetProperty("bids").GetInt32() > 0);
        Assert.True(result.GetProperty("book").GetProperty("bestBid").GetDecimal() < result.GetProperty("book").GetProperty("bestAsk").GetDecimal());
        // fetchTickers reads get_book_summary_by_currency: every BTC instrument, the perpetual with its mark and bid.
        var tickers = result.GetProperty("tickers");
        Assert.Contains("BTC/USD:BTC", tickers.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(tickers.GetProperty("symbols").EnumerateArray(), s => s.GetString()!.EndsWith("-C", StringComparison.Ordinal));
        Assert.True(tickers.GetProperty("mark").GetDecimal() > 0 && tickers.GetProperty("bid").GetDecimal() > 0);
        Assert.Equal(10m, result.GetProperty("balance").GetProperty("BTC").GetDecimal());
        var id = result.GetProperty("created").GetProperty("id").GetString();
        Assert.Equal("open", result.GetProperty("created").GetProperty("status").GetString());
        Assert.Equal([id], result.GetProperty("openIds").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("canceled", result.GetProperty("cancelled").GetProperty("status").GetString());
        Assert.Equal(0, result.GetProperty("openAfterCancel").GetArrayLength());
        Assert.Equal("closed", result.GetProperty("filled").GetProperty("status").GetString());
        var filledId = result.GetProperty("filled").GetProperty("id").GetString();
        Assert.Equal([filledId], result.GetProperty("closedIds").EnumerateArray().Select(s => s.GetString()));
        Assert.NotEmpty(result.GetProperty("myTradeOrders").EnumerateArray());
        Assert.All(result.GetProperty("myTradeOrders").EnumerateArray(), o => Assert.Equal(filledId, o.GetString()));
        Assert.Equal(result.GetProperty("myTradeOrders").GetArrayLength(), result.GetProperty("myTradeOrdersSince").GetArrayLength());
        Assert.True(result.GetProperty("tradesSince").GetInt32() >= result.GetProperty("myTradeOrders").GetArrayLength());
        var position = Assert.Single(result.GetProperty("positions").EnumerateArray());
        Assert.Equal(("BTC/USD:BTC", "long"), (position.GetProperty("symbol").GetString(), position.GetProperty("side").GetString()));

        // An option by its ccxt symbol: the resting buy listed alone and cancelled; a market buy filled into a long
        // position whose entry price is the premium paid.
        var option = result.GetProperty("option").GetString()!;
        var optionCreated = result.GetProperty("optionCreated");
        Assert.Equal(("open", 0.0001m, 0.1m), (optionCreated.GetProperty("status").GetString(), optionCreated.GetProperty("price").GetDecimal(), optionCreated.GetProperty("amount").GetDecimal()));
        Assert.Equal([optionCreated.GetProperty("id").GetString()], result.GetProperty("optionOpenIds").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("canceled", result.GetProperty("optionCancelled").GetString());
        Assert.Equal(("closed", 0.1m), (result.GetProperty("optionFilled").GetProperty("status").GetString(), result.GetProperty("optionFilled").GetProperty("filled").GetDecimal()));
        var optionPosition = Assert.Single(result.GetProperty("optionPositions").EnumerateArray());
        Assert.Equal((option, "long", 0.1m), (optionPosition.GetProperty("symbol").GetString(), optionPosition.GetProperty("side").GetString(), optionPosition.GetProperty("contracts").GetDecimal()));
        Assert.InRange(optionPosition.GetProperty("entryPrice").GetDecimal(), 0.0001m, 1m);
        Assert.True(result.GetProperty("watched").GetProperty("bids").GetInt32() > 0);
        Assert.True(result.GetProperty("watchedAgain").GetProperty("asks").GetInt32() > 0);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Clearline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Clearline.slnx) is not above the test binaries");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments, string directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
