using System.Text.Json;
using Clearline.Domain.Clearing;
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

    public void Deposit(in Deposit c) => Collateral("deposit"u8, c.Account.Value, c.Currency.Value, c.Amount.Units, c.RequestId);

    public void Withdraw(in Withdraw c) => Collateral("withdraw"u8, c.Account.Value, c.Currency.Value, c.Amount.Units, c.RequestId);

    public void Transfer(in Transfer c)
    {
        Begin("transfer"u8);
        json.WriteNumber("from"u8, c.From.Value);
        json.WriteNumber("to"u8, c.To.Value);
        json.WriteNumber("currency"u8, c.Currency.Value);
        json.WriteNumber("amount_units"u8, c.Amount.Units);
        json.WriteNumber("request_id"u8, c.RequestId);
        json.WriteEndObject();
    }

    public void CreateSubaccount(in CreateSubaccount c)
    {
        Begin("create_subaccount"u8);
        json.WriteNumber("main"u8, c.Main.Value);
        json.WriteNumber("subaccount"u8, c.Subaccount.Value);
        json.WriteEndObject();
    }

    public void IndexQuote(in IndexQuote c)
    {
        Begin("index_quote"u8);
        json.WriteNumber("index"u8, c.Index.Value);
        json.WriteNumber("source"u8, c.Source);
        json.WriteNumber("price_e8"u8, c.PriceE8);
        json.WriteEndObject();
    }

    public void PriceTick(in PriceTick c)
    {
        Begin("price_tick"u8);
        json.WriteEndObject();
    }

    public void SetKillSwitch(in SetKillSwitch c)
    {
        Begin("set_kill_switch"u8);
        json.WriteNumber("account"u8, c.Account.Value);
        json.WriteBoolean("engaged"u8, c.Engaged);
        json.WriteEndObject();
    }

    public void SetTradingHalt(in SetTradingHalt c)
    {
        Begin("set_trading_halt"u8);
        json.WriteBoolean("halted"u8, c.Halted);
        json.WriteEndObject();
    }

    public void SetIsolatedMargin(in SetIsolatedMargin c)
    {
        Begin("set_isolated_margin"u8);
        json.WriteNumber("account"u8, c.Account.Value);
        json.WriteNumber("instrument"u8, c.Instrument.Value);
        json.WriteNumber("collateral"u8, c.Collateral.Units);
        json.WriteEndObject();
    }

    public void SetMarginModel(in SetMarginModel c)
    {
        Begin("set_margin_model"u8);
        json.WriteNumber("account"u8, c.Account.Value);
        json.WriteString("model"u8, c.Model == MarginModel.Portfolio ? "portfolio"u8 : "standard"u8);
        json.WriteEndObject();
    }

    public void SetVolatilitySurface(in SetVolatilitySurface c)
    {
        Begin("set_volatility_surface"u8);
        json.WriteNumber("index"u8, c.Index.Value);
        json.WriteString("expiry"u8, c.Expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("a"u8, c.A);
        json.WriteNumber("b"u8, c.B);
        json.WriteNumber("rho"u8, c.Rho);
        json.WriteNumber("m"u8, c.M);
        json.WriteNumber("sigma"u8, c.Sigma);
        json.WriteEndObject();
    }

    public void ListOption(in ListOption c)
    {
        Begin("list_option"u8);
        json.WriteNumber("index"u8, c.Index.Value);
        json.WriteNumber("expiry_timestamp"u8, c.ExpiryTimestampMs);
        json.WriteNumber("strike_e8"u8, c.StrikeE8);
        SnakeCaseEnum.Write(json, "option_type"u8, c.Type);
        SnakeCaseEnum.Write(json, "settlement"u8, c.Settlement);
        json.WriteEndObject();
    }

    public void DelistOption(in DelistOption c)
    {
        Begin("delist_option"u8);
        json.WriteNumber("instrument"u8, c.Instrument.Value);
        json.WriteEndObject();
    }

    private void Collateral(ReadOnlySpan<byte> kind, int account, int currency, long amount, long requestId)
    {
        Begin(kind);
        json.WriteNumber("account"u8, account);
        json.WriteNumber("currency"u8, currency);
        json.WriteNumber("amount_units"u8, amount);
        json.WriteNumber("request_id"u8, requestId);
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
