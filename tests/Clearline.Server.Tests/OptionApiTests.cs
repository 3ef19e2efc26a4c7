using System.Text.Json;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Risk;
using Clearline.Sequencing;

namespace Clearline.Server.Tests;

/// <summary>
/// Options on the API beyond their marks: <c>markprice.options.*</c>, average entry premiums, delivery prices and
/// settlements. The demo feed is off: the test sets the index, the surfaces and the engine's clock itself.
/// </summary>
public sealed class OptionApiTests
{
    private const decimal Index = 60_000m;

    [Fact]
    public async Task Markprice_options_sends_every_marked_option_of_the_index_at_most_once_a_second()
    {
        var clock = new TestClock();
        await using var venue = await TestVenue.StartAsync(demoMarket: false, clock: clock);
        using var socket = await venue.ConnectAsync();
        var early = new List<JsonElement>();
        var answer = await socket.RequestAsync("public/subscribe", new { channels = (string[])["markprice.options.btc_usd", "markprice.options.xrp_usd", "markprice.btc_usd"] }, early);
        Assert.Equal(["markprice.options.btc_usd"], Result(answer).EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(early); // nothing is marked yet

        // The first expiry's surface marks its ten options: published at once. The other expiries' surfaces come in
        // the same millisecond and wait for the window to pass.
        await MarkOptionsAsync(venue, clock);
        var t0 = clock.Milliseconds;
        var first = await NextMarksAsync(socket, []);
        Assert.Equal(10, first.GetArrayLength());
        Assert.All(first.EnumerateArray(), o =>
        {
            Assert.Matches("^BTC-[0-9]{1,2}[A-Z]{3}[0-9]{2}-[0-9]+-[CP]$", o.GetProperty("instrument_name").GetString());
            Assert.True(o.GetProperty("mark_price").GetDecimal() > 0);
            Assert.InRange(o.GetProperty("iv").GetDouble(), 0.3, 1.0);
            Assert.Equal(t0, o.GetProperty("timestamp").GetInt64());
        });

        // Half a second on, a new index re-marks every option: nothing is sent yet.
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await QuoteIndexAsync(venue, Index + 100m);
        var between = new List<JsonElement>();
        await socket.RequestAsync("public/test", new { }, between);
        Assert.Empty(between);

        // A second after the last notification, the next batch sends all thirty, at their current marks and volatilities.
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await venue.Engine.SubmitAsync(new PriceTick());
        var all = await NextMarksAsync(socket, []);
        Assert.Equal(30, all.GetArrayLength());
        foreach (var option in all.EnumerateArray())
        {
            Assert.Equal(t0 + 1_000, option.GetProperty("timestamp").GetInt64());
            var ticker = Result(await venue.CallAsync("public/ticker", new { instrument_name = option.GetProperty("instrument_name").GetString() }));
            Assert.Equal(ticker.GetProperty("mark_price").GetDecimal(), option.GetProperty("mark_price").GetDecimal());
            Assert.Equal(ticker.GetProperty("mark_iv").GetDouble() / 100, option.GetProperty("iv").GetDouble(), 4);
        }

        // A new subscriber gets the current marks at once.
        using var late = await venue.ConnectAsync();
        var snapshot = new List<JsonElement>();
        await late.RequestAsync("public/subscribe", new { channels = (string[])["markprice.options.btc_usd"] }, snapshot);
        Assert.Equal(30, (snapshot.Count > 0 ? snapshot : [await late.ReceiveAsync()]).Single().GetProperty("params").GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task An_option_position_shows_the_average_premium_of_its_opening_fills_and_its_pnl_against_it()
    {
        var clock = new TestClock();
        await using var venue = await TestVenue.StartAsync(demoMarket: false, clock: clock);
        var call = (await MarkOptionsAsync(venue, clock)).First(m => m.Strike == 60_000m && m.OptionType == OptionType.Call).Name.ToString();

        // Two opening buys: 0.2 at 0.01 and 0.1 at 0.02, so (0.002 + 0.002) / 0.3 BTC per BTC, $800 at a $60,000 index.
        await CrossAsync(venue, call, "buy", 0.2m, 0.01m);
        await CrossAsync(venue, call, "buy", 0.1m, 0.02m);
        var position = Result(await venue.TraderAsync("private/get_position", new { instrument_name = call }));
        Assert.Equal((0.3m, 0.01333333m, 800m, 0m), Position(position));
        Assert.Equal((-0.3m, 0.01333333m, 800m, 0m), Position(Result(await venue.OtherAsync("private/get_position", new { instrument_name = call }))));
        AssertFloating(position);

        // A reduction keeps the average and realises 0.1 × (0.03 − 0.01333…).
        await CrossAsync(venue, call, "sell", 0.1m, 0.03m);
        position = Result(await venue.TraderAsync("private/get_position", new { instrument_name = call }));
        Assert.Equal((0.2m, 0.01333333m, 800m, 0.00166666m), Position(position));
        AssertFloating(position);

        // A flip closes the rest (realising −0.2 × 0.00833…) and opens a short at the fill.
        await CrossAsync(venue, call, "sell", 0.4m, 0.005m);
        position = Result(await venue.TraderAsync("private/get_position", new { instrument_name = call }));
        Assert.Equal((-0.2m, 0.005m, 300m, 0m), Position(position));
        AssertFloating(position);

        // Flat resets it (closing the short realises −0.2 × 0.005); a new opening starts afresh.
        await CrossAsync(venue, call, "buy", 0.2m, 0.01m);
        Assert.Equal("zero", Result(await venue.TraderAsync("private/get_position", new { instrument_name = call })).GetProperty("direction").GetString());
        await CrossAsync(venue, call, "buy", 0.1m, 0.02m);
        Assert.Equal((0.1m, 0.02m, 1_200m, -0.001m), Position(Result(await venue.TraderAsync("private/get_position", new { instrument_name = call }))));
    }

    /// <summary>size, average_price, average_price_usd, realized_profit_loss.</summary>
    private static (decimal, decimal, decimal, decimal) Position(JsonElement p) => (
        p.GetProperty("size").GetDecimal(), p.GetProperty("average_price").GetDecimal(), p.GetProperty("average_price_usd").GetDecimal(), p.GetProperty("realized_profit_loss").GetDecimal());

    /// <summary>An option's floating PnL is size × (mark − average), in BTC and at the index in USD, rounded down; the total adds the realised.</summary>
    private static void AssertFloating(JsonElement p)
    {
        var (size, mark, average) = (p.GetProperty("size").GetDecimal(), p.GetProperty("mark_price").GetDecimal(), p.GetProperty("average_price").GetDecimal());
        var floating = p.GetProperty("floating_profit_loss").GetDecimal();
        Assert.InRange(floating, (size * (mark - average)) - 0.00000002m, (size * (mark - average)) + 0.00000001m);
        Assert.Equal(floating + p.GetProperty("realized_profit_loss").GetDecimal(), p.GetProperty("total_profit_loss").GetDecimal());
        var floatingUsd = size * ((mark * Index) - p.GetProperty("average_price_usd").GetDecimal());
        Assert.InRange(p.GetProperty("floating_profit_loss_usd").GetDecimal(), floatingUsd - 0.01m, floatingUsd + 0.01m); // the average is to the cent
    }

    /// <summary>The other account rests the opposite side; the trader takes it, so the trade is at <paramref name="price"/> exactly.</summary>
    private static async Task CrossAsync(TestVenue venue, string instrument, string traderSide, decimal amount, decimal price)
    {
        var otherSide = traderSide == "buy" ? "sell" : "buy";
        Assert.Equal("open", Result(await venue.OtherAsync($"private/{otherSide}", new { instrument_name = instrument, amount, price })).GetProperty("order").GetProperty("order_state").GetString());
        Assert.Equal("filled", Result(await venue.TraderAsync($"private/{traderSide}", new { instrument_name = instrument, amount, price, time_in_force = "immediate_or_cancel" })).GetProperty("order").GetProperty("order_state").GetString());
    }

    /// <summary>Quotes the BTC index at <see cref="Index"/> and sets every option expiry the demo's surface shape at 50% volatility; returns the options.</summary>
    private static async Task<List<InstrumentSpec>> MarkOptionsAsync(TestVenue venue, TestClock clock)
    {
        await QuoteIndexAsync(venue, Index);
        var options = venue.View.Markets.Select(m => m.Spec).Where(s => s.Kind == InstrumentKind.Option).ToList();
        foreach (var expiry in options.GroupBy(s => (s.Name.Expiry!.Value, s.ExpiryTimestampMs!.Value)).Select(g => g.Key).Order())
        {
            var years = ((expiry.Item2 * 1_000) - clock.UtcNowMicroseconds()) / (365.0 * 86_400_000_000);
            var b = 0.4 * years;
            var result = await venue.Engine.SubmitAsync(new SetVolatilitySurface(BtcIndex(venue), expiry.Item1, (0.25 * years) - (b * 0.1), b, -0.3, 0, 0.1));
            Assert.Equal(Engine.Pipeline.CommandOutcome.Accepted, result.Outcome);
        }

        return options;
    }

    private static async Task QuoteIndexAsync(TestVenue venue, decimal price)
    {
        for (var source = 1; source <= Demo.DemoMarkets.SourcesPerIndex; source++)
        {
            await venue.Engine.SubmitAsync(new IndexQuote(BtcIndex(venue), source, (long)(price * QuotePrice.Scale)));
        }
    }

    private static IndexId BtcIndex(TestVenue venue) => new(venue.View.Clearing.Indices.ToList().FindIndex(i => i.Name == "btc_usd"));

    /// <summary>The data of the next <c>markprice.options.btc_usd</c> notification, from <paramref name="pending"/> first.</summary>
    private static async Task<JsonElement> NextMarksAsync(WebSocketClient socket, List<JsonElement> pending)
    {
        while (true)
        {
            JsonElement message;
            if (pending.Count > 0)
            {
                message = pending[0];
                pending.RemoveAt(0);
            }
            else
            {
                message = await socket.ReceiveAsync();
            }

            if (message.TryGetProperty("params", out var p) && p.TryGetProperty("channel", out var channel) && channel.GetString() == "markprice.options.btc_usd")
            {
                return p.GetProperty("data");
            }
        }
    }

    private static JsonElement Result(JsonElement answer) =>
        answer.TryGetProperty("result", out var result) ? result : throw new InvalidOperationException($"no result: {answer}");

    /// <summary>The engine's clock, moved by the test; it starts at the wall clock's time.</summary>
    private sealed class TestClock : IClock
    {
        private long _micros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;

        public long Milliseconds => Interlocked.Read(ref _micros) / 1_000;

        public long UtcNowMicroseconds() => Interlocked.Read(ref _micros);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _micros, (long)(by.Ticks / TimeSpan.TicksPerMicrosecond));
    }
}
