using System.Text.Json;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine.Pipeline;

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

    private static JsonElement Result(JsonElement answer) =>
        answer.TryGetProperty("result", out var result) ? result : throw new InvalidOperationException($"no result: {answer}");
}
