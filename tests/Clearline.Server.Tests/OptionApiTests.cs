using System.Text.Json;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Engine.Storage;
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
        var data = TestVenue.NewDataDirectory();
        try
        {
            var clock = new TestClock();
            string call;
            await using (var venue = await TestVenue.StartAsync(data, demoMarket: false, clock: clock))
            {
                call = await TradeThroughAveragesAsync(venue, clock);
            }

            // The engine keeps no premium: after a restart the averages are rebuilt from each account's trades in
            // history (realised PnL counts from the restart).
            await using var restarted = await TestVenue.StartAsync(data, demoMarket: false, clock: clock);
            Assert.Equal((0.1m, 0.02m, 1_200m, 0m), Position(Result(await restarted.TraderAsync("private/get_position", new { instrument_name = call }))));
            Assert.Equal((-0.1m, 0.02m, 1_200m, 0m), Position(Result(await restarted.OtherAsync("private/get_position", new { instrument_name = call }))));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Opens, adds to, reduces, flips, closes and reopens the trader's position in a call, checking it each time; returns the call.</summary>
    private static async Task<string> TradeThroughAveragesAsync(TestVenue venue, TestClock clock)
    {
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
        return call;
    }

    [Fact]
    public async Task A_market_order_on_an_option_has_no_band_to_stay_inside()
    {
        var clock = new TestClock();
        await using var venue = await TestVenue.StartAsync(demoMarket: false, clock: clock);
        var call = (await MarkOptionsAsync(venue, clock)).First(m => m.Strike == 60_000m && m.OptionType == OptionType.Call).Name.ToString();
        var mark = Result(await venue.CallAsync("public/ticker", new { instrument_name = call })).GetProperty("mark_price").GetDecimal();

        // Asks far from the mark either way fill a market buy and a market sell, at the resting prices.
        foreach (var (side, price) in (List<(string, decimal)>)[("buy", 0.5m), ("sell", 0.0002m)])
        {
            Assert.True(side == "buy" ? price > 5 * mark : price < mark / 5, $"{price} is not far from the mark {mark}");
            Assert.Equal("open", Result(await venue.OtherAsync($"private/{(side == "buy" ? "sell" : "buy")}", new { instrument_name = call, amount = 0.1m, price })).GetProperty("order").GetProperty("order_state").GetString());
            var order = Result(await venue.TraderAsync($"private/{side}", new { instrument_name = call, amount = 0.1m, type = "market" })).GetProperty("order");
            Assert.Equal(("filled", price), (order.GetProperty("order_state").GetString(), order.GetProperty("average_price").GetDecimal()));
        }
    }

    [Fact]
    public async Task A_delivery_records_the_index_delivery_price_and_each_market_s_and_holder_s_settlement_and_they_outlive_a_restart()
    {
        var data = TestVenue.NewDataDirectory();
        try
        {
            var clock = new TestClock();
            string itm, otm;
            DateOnly expiry;
            await using (var venue = await TestVenue.StartAsync(data, demoMarket: false, clock: clock))
            {
                var options = await MarkOptionsAsync(venue, clock);
                var weekly = options.Where(o => o.ExpiryTimestampMs == options.Min(m => m.ExpiryTimestampMs)).ToList();
                (itm, otm) = (weekly.Single(o => o.Strike == 58_000m && o.OptionType == OptionType.Call).Name.ToString(), weekly.Single(o => o.Strike == 62_000m && o.OptionType == OptionType.Call).Name.ToString());
                expiry = weekly[0].Name.Expiry!.Value;
                await CrossAsync(venue, itm, "buy", 0.2m, 0.05m);
                await CrossAsync(venue, otm, "buy", 0.1m, 0.005m);
                var future = venue.View.Markets.Single(m => m.Spec.Kind == InstrumentKind.Future);
                await CrossAsync(venue, future.Name, "buy", 100m, 60_000m);

                // The index is 60,000 until ten minutes into the 30-minute window, 61,000 after: it delivers at the
                // average, 60,666.66666667, and the 58,000 call pays (S − K) / S rounded down to 10⁻⁸ BTC.
                var expiryMicros = weekly[0].ExpiryTimestampMs!.Value * 1_000;
                clock.Set(expiryMicros, -TimeSpan.FromMinutes(20));
                await QuoteIndexAsync(venue, 61_000m);
                clock.Set(expiryMicros, TimeSpan.FromSeconds(1));
                await venue.Engine.SubmitAsync(new PriceTick());

                var deliveryPrice = 60_666.66666667m;
                var premium = decimal.Floor((deliveryPrice - 58_000m) / deliveryPrice * 100_000_000m) / 100_000_000m;
                var prices = Result(await venue.CallAsync("public/get_delivery_prices", new { index_name = "btc_usd" }));
                Assert.Equal(1, prices.GetProperty("records_total").GetInt64());
                var price = Assert.Single(prices.GetProperty("data").EnumerateArray());
                Assert.Equal((expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), deliveryPrice), (price.GetProperty("date").GetString(), price.GetProperty("delivery_price").GetDecimal()));

                // The market's settlement: its open interest, the premium, the delivery price; zero-sum.
                var settled = Assert.Single(Result(await venue.CallAsync("public/get_last_settlements_by_instrument", new { instrument_name = itm })).GetProperty("settlements").EnumerateArray());
                Assert.Equal(("delivery", itm, 0.2m, premium, deliveryPrice, 0m), Settlement(settled));
                Assert.Equal(clock.Milliseconds, settled.GetProperty("timestamp").GetInt64());
                Assert.Empty(Result(await venue.CallAsync("public/get_last_settlements_by_instrument", new { instrument_name = itm, type = "settlement" })).GetProperty("settlements").EnumerateArray());

                // Each holder's, against its average premium: the long paid 0.05 for 0.04395604, the short the other way.
                var own = Result(await venue.TraderAsync("private/get_settlement_history_by_instrument", new { instrument_name = itm })).GetProperty("settlements");
                Assert.Equal(("delivery", itm, 0.2m, premium, deliveryPrice, -0.0012088m), Settlement(Assert.Single(own.EnumerateArray())));
                var other = Result(await venue.OtherAsync("private/get_settlement_history_by_instrument", new { instrument_name = itm })).GetProperty("settlements");
                Assert.Equal(("delivery", itm, -0.2m, premium, deliveryPrice, 0.00120879m), Settlement(Assert.Single(other.EnumerateArray())));
                var mine = Result(await venue.TraderAsync("private/get_settlement_history_by_currency", new { currency = "BTC" })).GetProperty("settlements").EnumerateArray().ToList();
                Assert.Equal([itm, otm], mine.Select(m => m.GetProperty("instrument_name").GetString()).Order());
                Assert.Equal(("delivery", otm, 0.1m, 0m, deliveryPrice, -0.0005m), Settlement(mine.Single(m => m.GetProperty("instrument_name").GetString() == otm)));
                Assert.Empty(Result(await venue.TraderAsync("private/get_positions", new { currency = "BTC", kind = "option" })).EnumerateArray());

                // Every option of the expiry settled; by currency in pages of four, newest first, continuation to the end.
                var names = new List<string>();
                string? continuation = null;
                do
                {
                    var page = Result(await venue.CallAsync("public/get_last_settlements_by_currency", continuation is null ? new { currency = "BTC", count = 4 } : (object)new { currency = "BTC", count = 4, continuation }));
                    names.AddRange(page.GetProperty("settlements").EnumerateArray().Select(x => x.GetProperty("instrument_name").GetString()!));
                    continuation = page.GetProperty("continuation").GetString();
                }
                while (continuation is not null);
                Assert.Equal(weekly.Select(o => o.Name.ToString()).Order(), names.Order());
                Assert.Equal(10, names.Distinct().Count());

                // Bad input is a parameter error.
                foreach (var (method, parameters, param) in (List<(string, object, string)>)[
                    ("public/get_delivery_prices", new { index_name = "xrp_usd" }, "index_name"),
                    ("public/get_delivery_prices", new { index_name = "btc_usd", count = 0 }, "count"),
                    ("public/get_last_settlements_by_instrument", new { instrument_name = "NOPE-1JAN30-1-C" }, "instrument_name"),
                    ("public/get_last_settlements_by_instrument", new { instrument_name = itm, type = "weekly" }, "type"),
                    ("public/get_last_settlements_by_currency", new { currency = "BTC", continuation = "x1" }, "continuation"),
                    ("public/get_last_settlements_by_currency", new { currency = "XRP" }, "currency")])
                {
                    var error = (await venue.CallAsync(method, parameters)).GetProperty("error");
                    Assert.Equal((-32602, param), (error.GetProperty("code").GetInt32(), error.GetProperty("data").GetProperty("param").GetString()));
                }

                Assert.Equal(13009, (await venue.CallAsync("private/get_settlement_history_by_currency", new { currency = "BTC" })).GetProperty("error").GetProperty("code").GetInt32());

                // The future's expiry (with the second weekly's passed on the way) delivers it at 61,000, the index all
                // through its window: $100 long from 60,000 made 100 × (1/60,000 − 1/61,000) BTC, rounded down.
                clock.Set(future.Spec.ExpiryTimestampMs!.Value * 1_000, TimeSpan.FromSeconds(1));
                await venue.Engine.SubmitAsync(new PriceTick());
                Assert.Equal(3, Result(await venue.CallAsync("public/get_delivery_prices", new { index_name = "btc_usd" })).GetProperty("records_total").GetInt64());
                var delivered = Assert.Single(Result(await venue.CallAsync("public/get_last_settlements_by_instrument", new { instrument_name = future.Name })).GetProperty("settlements").EnumerateArray());
                var (type, name, openInterest, settlementPrice, indexPrice, sum) = Settlement(delivered);
                Assert.Equal(("delivery", future.Name, 100m, 61_000m, 61_000m), (type, name, openInterest, settlementPrice, indexPrice));
                Assert.InRange(sum, -0.00000001m, 0m); // zero-sum but for each side's rounding
                Assert.Equal(0.00002732m, Settlement(Assert.Single(Result(await venue.TraderAsync("private/get_settlement_history_by_instrument", new { instrument_name = future.Name })).GetProperty("settlements").EnumerateArray())).Item6);
                Assert.Equal(-0.00002733m, Settlement(Assert.Single(Result(await venue.OtherAsync("private/get_settlement_history_by_instrument", new { instrument_name = future.Name })).GetProperty("settlements").EnumerateArray())).Item6);
                await venue.StopAsync();

                // The engine fixed the same delivery price from the same index.
                var configuration = MarketsFile.Read(data);
                var (state, _) = EngineRecovery.Recover(new DataDirectory(data), configuration.Markets, configuration.Limits, clearing: configuration.Clearing);
                venue.View.TryGetMarket(itm, out var market);
                var engineMarkets = state.Clearing!.CaptureState().Markets;
                Assert.Equal(deliveryPrice, engineMarkets.Single(m => m.Instrument == market!.Spec.Id).Delivery!.Delivered!.Value.ToDecimal());
                Assert.Equal(61_000m, engineMarkets.Single(m => m.Instrument == future.Spec.Id).Delivery!.Delivered!.Value.ToDecimal());
            }

            await using var second = await TestVenue.StartAsync(data, demoMarket: false, clock: clock);
            Assert.Equal(3, Result(await second.CallAsync("public/get_delivery_prices", new { index_name = "btc_usd" })).GetProperty("records_total").GetInt64());
            Assert.Equal(3, Result(await second.TraderAsync("private/get_settlement_history_by_currency", new { currency = "BTC" })).GetProperty("settlements").GetArrayLength());
            Assert.Empty(Result(await second.CallAsync("public/get_delivery_prices", new { index_name = "eth_usd" })).GetProperty("data").EnumerateArray());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>type, instrument_name, position, mark_price, index_price, profit_loss (session_profit_loss the same).</summary>
    private static (string?, string?, decimal, decimal, decimal, decimal) Settlement(JsonElement s)
    {
        Assert.Equal(s.GetProperty("profit_loss").GetDecimal(), s.GetProperty("session_profit_loss").GetDecimal());
        return (s.GetProperty("type").GetString(), s.GetProperty("instrument_name").GetString(), s.GetProperty("position").GetDecimal(),
            s.GetProperty("mark_price").GetDecimal(), s.GetProperty("index_price").GetDecimal(), s.GetProperty("profit_loss").GetDecimal());
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

        /// <summary>Sets the time to <paramref name="micros"/> µs since the epoch plus <paramref name="offset"/>.</summary>
        public void Set(long micros, TimeSpan offset) => Interlocked.Exchange(ref _micros, micros + (offset.Ticks / TimeSpan.TicksPerMicrosecond));
    }
}
