using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clearline.Server.Rpc;

public sealed record CurrencyDto(string Currency, string CurrencyLong, string CoinType, int FeePrecision, int MinConfirmations, decimal WithdrawalFee, decimal MinWithdrawalFee, string[] WithdrawalPriorities);

public sealed record TickStepDto(decimal AbovePrice, decimal TickSize);

public sealed record InstrumentDto(
    string InstrumentName,
    int InstrumentId,
    string Kind,
    string BaseCurrency,
    string CounterCurrency,
    string QuoteCurrency,
    string SettlementCurrency,
    string SettlementPeriod,
    string InstrumentType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FutureType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OptionType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Strike,
    bool IsActive,
    decimal TickSize,
    TickStepDto[] TickSizeSteps,
    decimal MinTradeAmount,
    decimal ContractSize,
    long ExpirationTimestamp,
    long CreationTimestamp,
    decimal MakerCommission,
    decimal TakerCommission,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxLeverage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? MaxLiquidationCommission,
    string PriceIndex);

/// <summary>A level of a book as Deribit writes it: <c>[price, amount]</c>.</summary>
[JsonConverter(typeof(PriceLevelConverter))]
public readonly record struct PriceLevel(decimal Price, decimal Amount);

/// <summary>A level change in a <c>book.*</c> notification: <c>["new"|"change"|"delete", price, amount]</c>.</summary>
[JsonConverter(typeof(LevelChangeConverter))]
public readonly record struct LevelChange(string Action, decimal Price, decimal Amount);

/// <summary>An option's Greeks as Deribit shows them: delta per underlying, gamma per USD, vega USD per volatility point, theta USD per day, rho USD per 1%.</summary>
public sealed record GreeksDto(double Delta, double Gamma, double Vega, double Theta, double Rho);

public sealed record StatsDto(decimal? High, decimal? Low, decimal Volume, decimal? PriceChange);

public sealed record TickerDto(
    string InstrumentName,
    long Timestamp,
    string State,
    decimal? BestBidPrice,
    decimal BestBidAmount,
    decimal? BestAskPrice,
    decimal BestAskAmount,
    decimal? MarkPrice,
    decimal? IndexPrice,
    decimal? LastPrice,
    decimal? MinPrice,
    decimal? MaxPrice,
    decimal OpenInterest,
    decimal? CurrentFunding,
    decimal? Funding8h,
    decimal? EstimatedDeliveryPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MarkIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BidIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AskIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? UnderlyingPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnderlyingIndex,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? InterestRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GreeksDto? Greeks,
    StatsDto Stats);

/// <summary>One instrument of <c>get_book_summary_by_currency</c>/<c>_by_instrument</c> (what ccxt's <c>fetchTickers</c> reads).</summary>
public sealed record BookSummaryDto(
    string InstrumentName,
    string BaseCurrency,
    string QuoteCurrency,
    long CreationTimestamp,
    decimal? BidPrice,
    decimal? AskPrice,
    decimal? MidPrice,
    decimal? MarkPrice,
    decimal? Last,
    decimal? High,
    decimal? Low,
    decimal Volume,
    decimal? PriceChange,
    decimal OpenInterest,
    decimal? EstimatedDeliveryPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? CurrentFunding,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Funding8h,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MarkIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? UnderlyingPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnderlyingIndex,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? InterestRate);

public sealed record OrderBookDto(
    string InstrumentName,
    long Timestamp,
    long ChangeId,
    string State,
    PriceLevel[] Bids,
    PriceLevel[] Asks,
    decimal? BestBidPrice,
    decimal BestBidAmount,
    decimal? BestAskPrice,
    decimal BestAskAmount,
    decimal? MarkPrice,
    decimal? IndexPrice,
    decimal? LastPrice,
    decimal? MinPrice,
    decimal? MaxPrice,
    decimal OpenInterest,
    decimal? CurrentFunding,
    decimal? Funding8h,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MarkIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BidIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AskIv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? UnderlyingPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnderlyingIndex,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? InterestRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GreeksDto? Greeks,
    StatsDto Stats);

public sealed record BookNotification(string Type, long Timestamp, string InstrumentName, long? PrevChangeId, long ChangeId, LevelChange[] Bids, LevelChange[] Asks);

public sealed record IndexPriceDto(decimal IndexPrice, decimal EstimatedDeliveryPrice);

public sealed record IndexNotification(string IndexName, decimal Price, long Timestamp);

/// <summary>A delivery (the only kind of settlement here) as Deribit's settlement methods list it.</summary>
public sealed record SettlementDto(
    string Type, long Timestamp, decimal SessionProfitLoss, decimal ProfitLoss, decimal Position, decimal MarkPrice, string InstrumentName, decimal IndexPrice);

/// <summary>A page of settlements, newest first; <c>continuation</c> asks for the next one (null: there is none).</summary>
public sealed record SettlementsPage(SettlementDto[] Settlements, string? Continuation);

/// <summary>An index's delivery price on an expiry date (<c>YYYY-MM-DD</c>).</summary>
public sealed record DeliveryPriceDto(string Date, decimal DeliveryPrice);

public sealed record DeliveryPricesDto(DeliveryPriceDto[] Data, long RecordsTotal);

/// <summary>One option in a <c>markprice.options.{index}</c> notification; <c>iv</c> is a fraction (0.5 for 50%), left out when no volatility prices the mark.</summary>
public sealed record OptionMarkDto(
    string InstrumentName,
    decimal MarkPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Iv,
    long Timestamp);

public sealed record PublicTradeDto(string TradeId, long TradeSeq, long Timestamp, int TickDirection, decimal Price, decimal? MarkPrice, decimal? IndexPrice, string InstrumentName, string Direction, decimal Amount, decimal Contracts);

public sealed record TradesPage<T>(T[] Trades, bool HasMore);

public sealed record OrderDto(
    string OrderId,
    string InstrumentName,
    string Direction,
    decimal Amount,
    decimal Contracts,
    decimal FilledAmount,
    decimal? Price,
    decimal AveragePrice,
    string OrderState,
    string OrderType,
    string TimeInForce,
    bool PostOnly,
    bool RejectPostOnly,
    bool ReduceOnly,
    string Label,
    long CreationTimestamp,
    long LastUpdateTimestamp,
    decimal Commission,
    string? CancelReason,
    bool Api,
    bool IsLiquidation,
    bool Replaced,
    decimal MaxShow);

public sealed record UserTradeDto(
    string TradeId,
    long TradeSeq,
    long Timestamp,
    string InstrumentName,
    string OrderId,
    string OrderType,
    string Direction,
    decimal Price,
    decimal Amount,
    decimal Contracts,
    decimal? MarkPrice,
    decimal? IndexPrice,
    decimal Fee,
    string FeeCurrency,
    string Liquidity,
    string State,
    int TickDirection,
    bool SelfTrade,
    bool PostOnly,
    bool ReduceOnly);

public sealed record OrderWithTrades(OrderDto Order, UserTradeDto[] Trades);

public sealed record PositionDto(
    string InstrumentName,
    string Kind,
    string Direction,
    decimal Size,
    decimal SizeCurrency,
    decimal AveragePrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? AveragePriceUsd,
    decimal? MarkPrice,
    decimal? IndexPrice,
    decimal FloatingProfitLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? FloatingProfitLossUsd,
    decimal RealizedProfitLoss,
    decimal TotalProfitLoss,
    decimal InitialMargin,
    decimal MaintenanceMargin,
    decimal OpenOrdersMargin,
    decimal Leverage,
    decimal Delta,
    decimal RealizedFunding,
    decimal? EstimatedLiquidationPrice,
    decimal? IsolatedMargin);

public sealed record AccountSummaryDto(
    string Currency,
    decimal Balance,
    decimal Equity,
    decimal MarginBalance,
    decimal AvailableFunds,
    decimal AvailableWithdrawalFunds,
    decimal InitialMargin,
    decimal MaintenanceMargin,
    decimal ProjectedInitialMargin,
    decimal ProjectedMaintenanceMargin,
    decimal SessionUpl,
    decimal SessionRpl,
    decimal TotalPl,
    decimal FuturesPl,
    decimal OptionsPl,
    decimal OptionsValue,
    decimal DeltaTotal,
    decimal FeeBalance,
    string MarginModel,
    bool PortfolioMarginingEnabled,
    decimal EstimatedLiquidationRatio,
    decimal OptionsDelta,
    decimal OptionsGamma,
    decimal OptionsVega,
    decimal OptionsTheta);

public sealed record AccountSummariesDto(int Id, string Type, AccountSummaryDto[] Summaries);

/// <summary>One currency's pool as <c>private/change_margin_model</c> shows it, before and after: margins as shares of equity.</summary>
public sealed record MarginStateDto(decimal AvailableBalance, decimal InitialMarginRate, decimal MaintenanceMarginRate)
{
    public static MarginStateDto Of(AccountSummaryDto summary) => new(
        summary.AvailableFunds,
        summary.Equity > 0 ? decimal.Round(summary.InitialMargin / summary.Equity, 8) : 0m,
        summary.Equity > 0 ? decimal.Round(summary.MaintenanceMargin / summary.Equity, 8) : 0m);
}

public sealed record MarginModelChangeDto(string Currency, MarginStateDto OldState, MarginStateDto NewState);

/// <summary>Source-generated serialisation of the venue's results and notifications, in Deribit's snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CurrencyDto[]))]
[JsonSerializable(typeof(InstrumentDto[]))]
[JsonSerializable(typeof(TickerDto))]
[JsonSerializable(typeof(OrderBookDto))]
[JsonSerializable(typeof(BookNotification))]
[JsonSerializable(typeof(IndexPriceDto))]
[JsonSerializable(typeof(IndexNotification))]
[JsonSerializable(typeof(OptionMarkDto[]))]
[JsonSerializable(typeof(SettlementDto))]
[JsonSerializable(typeof(SettlementsPage))]
[JsonSerializable(typeof(DeliveryPriceDto))]
[JsonSerializable(typeof(DeliveryPricesDto))]
[JsonSerializable(typeof(PublicTradeDto))]
[JsonSerializable(typeof(PublicTradeDto[]))]
[JsonSerializable(typeof(TradesPage<PublicTradeDto>))]
[JsonSerializable(typeof(TradesPage<UserTradeDto>))]
[JsonSerializable(typeof(UserTradeDto))]
[JsonSerializable(typeof(UserTradeDto[]))]
[JsonSerializable(typeof(OrderDto))]
[JsonSerializable(typeof(OrderDto[]))]
[JsonSerializable(typeof(OrderWithTrades))]
[JsonSerializable(typeof(BookSummaryDto[]))]
[JsonSerializable(typeof(PositionDto))]
[JsonSerializable(typeof(PositionDto[]))]
[JsonSerializable(typeof(AccountSummaryDto))]
[JsonSerializable(typeof(AccountSummariesDto))]
[JsonSerializable(typeof(MarginModelChangeDto[]))]
internal sealed partial class VenueJson : JsonSerializerContext;

internal sealed class PriceLevelConverter : JsonConverter<PriceLevel>
{
    public override PriceLevel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("price levels are only written");

    public override void Write(Utf8JsonWriter writer, PriceLevel value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Price);
        writer.WriteNumberValue(value.Amount);
        writer.WriteEndArray();
    }
}

internal sealed class LevelChangeConverter : JsonConverter<LevelChange>
{
    public override LevelChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("level changes are only written");

    public override void Write(Utf8JsonWriter writer, LevelChange value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Action);
        writer.WriteNumberValue(value.Price);
        writer.WriteNumberValue(value.Amount);
        writer.WriteEndArray();
    }
}
