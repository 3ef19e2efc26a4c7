using System.Text.Json;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;

namespace Clearline.Cli;

/// <summary>
/// Writes one journal record as a JSON object: sequence, timestamp, kind and every command field under its
/// snake_case name, enums as snake_case strings. The codec checks a command whole before visiting, so a
/// record that does not decode writes nothing.
/// </summary>
internal readonly struct RecordJson(Utf8JsonWriter json, long sequence, long timestamp) : ICommandVisitor
{
    public void NewOrder(in NewOrder c)
    {
        Begin("new_order"u8);
        json.WriteNumber("instrument"u8, c.Instrument.Value);
        json.WriteNumber("order_id"u8, c.Id.Value);
        json.WriteNumber("account"u8, c.Account.Value);
        SnakeCaseEnum.Write(json, "side"u8, c.Side);
        SnakeCaseEnum.Write(json, "type"u8, c.Type);
        SnakeCaseEnum.Write(json, "time_in_force"u8, c.TimeInForce);
        json.WriteNumber("price_ticks"u8, c.Price.Ticks);
        json.WriteNumber("quantity_lots"u8, c.Quantity.Lots);
        json.WriteNumber("display_lots"u8, c.DisplayQuantity.Lots);
        SnakeCaseEnum.Write(json, "post_only"u8, c.PostOnly);
        SnakeCaseEnum.Write(json, "stp"u8, c.SelfTradePrevention);
        json.WriteEndObject();
    }

    public void AmendOrder(in AmendOrder c)
    {
        Begin("amend_order"u8);
        json.WriteNumber("instrument"u8, c.Instrument.Value);
        json.WriteNumber("order_id"u8, c.Id.Value);
        json.WriteNumber("account"u8, c.Account.Value);
        json.WriteNumber("price_ticks"u8, c.Price.Ticks);
        json.WriteNumber("quantity_lots"u8, c.Quantity.Lots);
        json.WriteEndObject();
    }

    public void CancelOrder(in CancelOrder c)
    {
        Begin("cancel_order"u8);
        json.WriteNumber("instrument"u8, c.Instrument.Value);
        json.WriteNumber("order_id"u8, c.Id.Value);
        json.WriteNumber("account"u8, c.Account.Value);
        json.WriteEndObject();
    }

    public void CancelAllOrders(in CancelAllOrders c)
    {
        Begin("cancel_all_orders"u8);
        if (c.Instrument is { } instrument)
        {
            json.WriteNumber("instrument"u8, instrument.Value);
        }
        else
        {
            json.WriteNull("instrument"u8);
        }

        json.WriteNumber("account"u8, c.Account.Value);
        json.WriteEndObject();
    }

    private void Begin(ReadOnlySpan<byte> kind)
    {
        json.WriteStartObject();
        json.WriteNumber("seq"u8, sequence);
        json.WriteNumber("ts_us"u8, timestamp);
        json.WriteString("kind"u8, kind);
    }
}
