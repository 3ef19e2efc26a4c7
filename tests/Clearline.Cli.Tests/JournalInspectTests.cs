using System.Globalization;
using System.Text.Json;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Cli.Tests;

/// <summary><c>clearline journal inspect</c>: exactly the records asked for, every field, and the journal left as it was.</summary>
public sealed class JournalInspectTests : IDisposable
{
    private readonly SampleDataDirectory _data = new(commands: 1_000);

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Inspect_prints_exactly_the_records_in_range_with_every_field()
    {
        var run = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "250", "--to", "420");

        Assert.Equal(0, run.ExitCode);
        var lines = run.OutputLines;
        Assert.Equal(171, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            AssertRecord(250 + i, lines[i]);
        }

        Assert.Contains("171 record(s), sequences 250..420", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_range_inspect_prints_the_whole_journal_across_segments()
    {
        var run = CliRun.Of("journal", "inspect", "--data", _data.Root);

        Assert.True(_data.Segments().Length > 3);
        Assert.Equal(1_000, run.OutputLines.Length);
        for (var i = 0; i < run.OutputLines.Length; i++)
        {
            AssertRecord(i + 1, run.OutputLines[i]);
        }
    }

    [Fact]
    public void Enums_are_snake_case_and_an_absent_instrument_is_null()
    {
        _data.Append(
        [
            new NewOrder(new InstrumentId(1), new OrderId(90_001), new AccountId(7), Side.Sell, OrderType.Market, TimeInForce.FillOrKill, new Price(2), new Quantity(3), default, PostOnly.Reprice, SelfTradePrevention.DecrementBoth),
            new NewOrder(new InstrumentId(0), new OrderId(90_002), new AccountId(7), Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(9_000), new Quantity(10), new Quantity(2), PostOnly.Reject, SelfTradePrevention.CancelResting),
            new CancelAllOrders(new AccountId(7)),
        ]);

        var lines = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "1001").OutputLines;

        Assert.Equal(
            [
                """{"seq":1001,"ts_us":1700000000007007,"kind":"new_order","instrument":1,"order_id":90001,"account":7,"side":"sell","type":"market","time_in_force":"fill_or_kill","price_ticks":2,"quantity_lots":3,"display_lots":0,"post_only":"reprice","stp":"decrement_both"}""",
                """{"seq":1002,"ts_us":1700000000007014,"kind":"new_order","instrument":0,"order_id":90002,"account":7,"side":"buy","type":"limit","time_in_force":"good_til_cancelled","price_ticks":9000,"quantity_lots":10,"display_lots":2,"post_only":"reject","stp":"cancel_resting"}""",
                """{"seq":1003,"ts_us":1700000000007021,"kind":"cancel_all_orders","instrument":null,"account":7}""",
            ],
            lines);
    }

    [Fact]
    public void Listing_commands_show_their_terms()
    {
        _data.Append(
        [
            new ListOption(new IndexId(0), 1_735_286_400_000, 6_000_000_000_000, OptionType.Put, SettlementType.Linear),
            new DelistOption(new InstrumentId(13)),
        ]);

        var lines = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "1001").OutputLines;

        Assert.Equal(
            [
                """{"seq":1001,"ts_us":1700000000007007,"kind":"list_option","index":0,"expiry_timestamp":1735286400000,"strike_e8":6000000000000,"option_type":"put","settlement":"linear"}""",
                """{"seq":1002,"ts_us":1700000000007014,"kind":"delist_option","instrument":13}""",
            ],
            lines);
    }

    [Fact]
    public void A_torn_tail_is_reported_and_left_in_place()
    {
        var last = _data.Segments()[^1];
        var cut = File.ReadAllBytes(last)[..^5];
        File.WriteAllBytes(last, cut);

        var run = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "990");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(10, run.OutputLines.Length);
        Assert.Contains("left in place", run.Error, StringComparison.Ordinal);
        Assert.Equal(cut, File.ReadAllBytes(last));
    }

    [Fact]
    public void A_corrupt_journal_exits_3_naming_file_and_offset()
    {
        var (file, offset) = JournalDamage.FlipAByteInTheMiddle(_data);

        var run = CliRun.Of("journal", "inspect", "--data", _data.Root);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{file} at offset {offset.ToString(CultureInfo.InvariantCulture)}: checksum mismatch", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Clearline.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_record_that_is_not_a_command_stops_inspection_naming_its_sequence()
    {
        _data.AppendRaw([1, 2, 3]);

        var run = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "995");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(6, run.OutputLines.Length);
        Assert.Contains("record 1001 is not a command: too short to hold a timestamp", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_beyond_the_journal_is_bad_input_not_corruption()
    {
        var run = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "1002");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--from 1002: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("ends at sequence 1000", run.Error, StringComparison.Ordinal);
        Assert.Empty(CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "1001").OutputLines);
    }

    [Fact]
    public void A_missing_data_directory_exits_2_and_a_backwards_range_is_refused()
    {
        Assert.Equal(2, CliRun.Of("journal", "inspect", "--data", Path.Combine(_data.Root, "nowhere")).ExitCode);
        var backwards = CliRun.Of("journal", "inspect", "--data", _data.Root, "--from", "9", "--to", "8");
        Assert.NotEqual(0, backwards.ExitCode);
        Assert.Contains("--to must not be below --from", backwards.Error, StringComparison.Ordinal);
    }

    private void AssertRecord(long sequence, string line)
    {
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(sequence, json.GetProperty("seq").GetInt64());
        Assert.Equal(SampleDataDirectory.TimestampOf(sequence), json.GetProperty("ts_us").GetInt64());
        var fields = json.EnumerateObject().Select(p => p.Name).ToArray();
        switch (_data.Commands[(int)sequence - 1])
        {
            case NewOrder c:
                Assert.Equal(["seq", "ts_us", "kind", "instrument", "order_id", "account", "side", "type", "time_in_force", "price_ticks", "quantity_lots", "display_lots", "post_only", "stp"], fields);
                Assert.Equal("new_order", json.GetProperty("kind").GetString());
                AssertIds(json, c.Instrument, c.Id, c.Account);
                Assert.Equal(c.Side == Side.Buy ? "buy" : "sell", json.GetProperty("side").GetString());
                Assert.Equal(c.Type == OrderType.Limit ? "limit" : "market", json.GetProperty("type").GetString());
                Assert.Equal(Snake(c.TimeInForce), json.GetProperty("time_in_force").GetString());
                Assert.Equal(c.Price.Ticks, json.GetProperty("price_ticks").GetInt64());
                Assert.Equal(c.Quantity.Lots, json.GetProperty("quantity_lots").GetInt64());
                Assert.Equal(c.DisplayQuantity.Lots, json.GetProperty("display_lots").GetInt64());
                Assert.Equal(Snake(c.PostOnly), json.GetProperty("post_only").GetString());
                Assert.Equal(Snake(c.SelfTradePrevention), json.GetProperty("stp").GetString());
                break;
            case AmendOrder c:
                Assert.Equal(["seq", "ts_us", "kind", "instrument", "order_id", "account", "price_ticks", "quantity_lots"], fields);
                Assert.Equal("amend_order", json.GetProperty("kind").GetString());
                AssertIds(json, c.Instrument, c.Id, c.Account);
                Assert.Equal(c.Price.Ticks, json.GetProperty("price_ticks").GetInt64());
                Assert.Equal(c.Quantity.Lots, json.GetProperty("quantity_lots").GetInt64());
                break;
            case CancelOrder c:
                Assert.Equal(["seq", "ts_us", "kind", "instrument", "order_id", "account"], fields);
                Assert.Equal("cancel_order", json.GetProperty("kind").GetString());
                AssertIds(json, c.Instrument, c.Id, c.Account);
                break;
            case CancelAllOrders c:
                Assert.Equal(["seq", "ts_us", "kind", "instrument", "account"], fields);
                Assert.Equal("cancel_all_orders", json.GetProperty("kind").GetString());
                Assert.Equal(c.Instrument?.Value, json.GetProperty("instrument").ValueKind == JsonValueKind.Null ? null : json.GetProperty("instrument").GetInt32());
                Assert.Equal(c.Account.Value, json.GetProperty("account").GetInt32());
                break;
            default:
                Assert.Fail($"not a command: {_data.Commands[(int)sequence - 1]}");
                break;
        }
    }

    private static void AssertIds(JsonElement json, InstrumentId instrument, OrderId id, AccountId account)
    {
        Assert.Equal(instrument.Value, json.GetProperty("instrument").GetInt32());
        Assert.Equal(id.Value, json.GetProperty("order_id").GetInt64());
        Assert.Equal(account.Value, json.GetProperty("account").GetInt32());
    }

    /// <summary>The expected names, written out rather than derived the way the command derives them.</summary>
    private static string Snake(Enum value) => value switch
        {
            TimeInForce.GoodTilCancelled => "good_til_cancelled",
            TimeInForce.ImmediateOrCancel => "immediate_or_cancel",
            TimeInForce.FillOrKill => "fill_or_kill",
            PostOnly.Off or SelfTradePrevention.Off => "off",
            PostOnly.Reject => "reject",
            PostOnly.Reprice => "reprice",
            SelfTradePrevention.CancelResting => "cancel_resting",
            SelfTradePrevention.CancelIncoming => "cancel_incoming",
            SelfTradePrevention.CancelBoth => "cancel_both",
            SelfTradePrevention.DecrementBoth => "decrement_both",
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "no expected name"),
        };
}
