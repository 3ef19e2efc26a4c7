using System.Text.Json;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine.Pipeline;
using Clearline.Server.Demo;

namespace Clearline.Server.Tests;

/// <summary>Options listed and delisted by engine command appear in and leave the API's instrument list, across a restart too.</summary>
public sealed class ListingTests
{
    [Fact]
    public async Task A_listed_option_appears_in_get_instruments_and_a_delisted_one_leaves_it()
    {
        var data = TestVenue.NewDataDirectory();
        try
        {
            await ListAndDelistAsync(data);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task ListAndDelistAsync(string data)
    {
        string name;
        await using (var venue = await TestVenue.StartAsync(data, demoMarket: false))
        {
            var options = Result(await venue.CallAsync("public/get_instruments", new { kind = "option" })).EnumerateArray().ToList();
            var template = options[0];
            var expiry = template.GetProperty("expiration_timestamp").GetInt64();
            var listing = new ListOption(new IndexId(0), expiry, 90_000 * 100_000_000L, OptionType.Call, SettlementType.Inverse);
            Assert.Equal(CommandOutcome.Accepted, (await venue.Engine.SubmitAsync(listing)).Outcome);
            var refused = await venue.Engine.SubmitAsync(listing);
            Assert.Equal((CommandOutcome.Rejected, RejectReason.DuplicateInstrument), (refused.Outcome, refused.Reason));

            name = template.GetProperty("instrument_name").GetString()!.Replace("-56000-C", "-90000-C", StringComparison.Ordinal);
            var listed = Result(await venue.CallAsync("public/get_instruments", new { kind = "option" })).EnumerateArray().ToList();
            Assert.Equal(options.Count + 1, listed.Count);
            var instrument = Assert.Single(listed, i => i.GetProperty("instrument_name").GetString() == name);
            Assert.Equal(("call", 90_000m, true, expiry), (instrument.GetProperty("option_type").GetString(), instrument.GetProperty("strike").GetDecimal(), instrument.GetProperty("is_active").GetBoolean(), instrument.GetProperty("expiration_timestamp").GetInt64()));
            Assert.Equal((template.GetProperty("tick_size").GetDecimal(), template.GetProperty("min_trade_amount").GetDecimal()), (instrument.GetProperty("tick_size").GetDecimal(), instrument.GetProperty("min_trade_amount").GetDecimal()));
            Assert.Equal(name, Result(await venue.CallAsync("public/get_order_book", new { instrument_name = name })).GetProperty("instrument_name").GetString());
            Assert.Contains(Result(await venue.CallAsync("public/get_book_summary_by_currency", new { currency = "BTC", kind = "option" })).EnumerateArray(), s => s.GetProperty("instrument_name").GetString() == name);
        }

        // After a restart the read model learns the listing from the recovered state.
        await using var restarted = await TestVenue.StartAsync(data, demoMarket: false);
        var instruments = Result(await restarted.CallAsync("public/get_instruments", new { kind = "option" })).EnumerateArray().ToList();
        Assert.Contains(instruments, i => i.GetProperty("instrument_name").GetString() == name);

        var id = restarted.View.Markets.Single(m => m.Name == name).Spec.Id;
        Assert.Equal(CommandOutcome.Accepted, (await restarted.Engine.SubmitAsync(new DelistOption(id))).Outcome);
        var after = Result(await restarted.CallAsync("public/get_instruments", new { kind = "option" })).EnumerateArray().ToList();
        Assert.Equal(instruments.Count - 1, after.Count);
        Assert.DoesNotContain(after, i => i.GetProperty("instrument_name").GetString() == name);
        Assert.DoesNotContain(Result(await restarted.CallAsync("public/get_book_summary_by_currency", new { currency = "BTC", kind = "option" })).EnumerateArray(), s => s.GetProperty("instrument_name").GetString() == name);
        Assert.Equal("closed", Result(await restarted.CallAsync("public/get_order_book", new { instrument_name = name })).GetProperty("state").GetString());
    }

    [Fact]
    public void The_demo_rolls_its_weekly_chain_forward_as_expiries_pass()
    {
        var (first, second) = (new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 8));
        var at = (DateOnly day, int hour) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
        Assert.Empty(DemoMarkets.ChainRoll([first, second], at(first, 7), 61_234m));

        // One passed: the Friday after the last, calls and puts at the five multiples of 2,000 around the forward.
        var rolled = DemoMarkets.ChainRoll([first, second], at(first, 8), 61_234m);
        var third = new DateTimeOffset(new DateTime(2024, 3, 15, 8, 0, 0, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        Assert.Equal(
            [.. new[] { 58_000L, 60_000, 62_000, 64_000, 66_000 }.SelectMany(k => new[] { (third, k, OptionType.Call), (third, k, OptionType.Put) })],
            rolled.Select(l => (l.ExpiryTimestampMs, l.StrikeE8 / 100_000_000, l.Type)));

        // Each is a listing the demo's configuration takes: inverse BTC options on the btc_usd index.
        var configuration = DemoMarkets.Create(first.AddDays(-1));
        List<string> names = [.. rolled.Select(l => OptionListing.Derive(configuration.Markets, configuration.Clearing!, l, new InstrumentId(1_000), out _)!.Value.Spec.Name.ToString())];
        Assert.Equal(("BTC-15MAR24-58000-C", "BTC-15MAR24-66000-P", 10), (names[0], names[^1], names.Distinct().Count()));

        // Both passed: two Fridays; a low forward keeps the strikes positive.
        var low = DemoMarkets.ChainRoll([first, second], at(second, 9), 2_500m);
        Assert.Equal(2 * 3 * 2, low.Count); // two expiries, three positive strikes, calls and puts
        Assert.Equal([2_000L, 4_000, 6_000], low.Select(l => l.StrikeE8 / 100_000_000).Distinct());
        Assert.Equal(2, low.Select(l => l.ExpiryTimestampMs).Distinct().Count());
    }

    private static JsonElement Result(JsonElement answer) =>
        answer.TryGetProperty("result", out var result) ? result : throw new InvalidOperationException($"no result: {answer}");
}
