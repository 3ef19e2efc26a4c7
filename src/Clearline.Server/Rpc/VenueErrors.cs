using System.Text.Json;
using Clearline.Api.Protocol;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Engine.Pipeline;

namespace Clearline.Server.Rpc;

/// <summary>Deribit's error codes for what the venue refuses (the transport's own are in <see cref="RpcErrors"/>).</summary>
internal static class VenueErrors
{
    public static readonly RpcError UnknownInstrument = RpcErrors.InvalidParams("instrument_name", "unknown instrument");

    public static readonly RpcError NoIndex = new(10012, "book_closed", reason: "no index price yet");

    public static readonly RpcError OrderNotFound = new(10004, "order_not_found");

    public static readonly RpcError AlreadyClosed = new(10010, "already_closed");

    /// <summary>A command the pipeline did not take, or refused with a reason, as the error Deribit gives for it.</summary>
    public static RpcError For(in CommandResult result, Side side = Side.Buy) => result.Outcome switch
    {
        CommandOutcome.Overloaded => new RpcError(10047, "matching_engine_queue_full"),
        CommandOutcome.Unavailable => new RpcError(10040, "retry", reason: "the engine is not running"),
        _ => For(result.Reason, side),
    };

    private static RpcError For(RejectReason reason, Side side) => reason switch
    {
        RejectReason.NotEnoughFunds or RejectReason.UnknownAccount or RejectReason.MarginModelRequirementNotMet => new RpcError(10009, "not_enough_funds", reason: Name(reason)),
        RejectReason.OrderNotFound or RejectReason.NotOrderOwner => OrderNotFound,
        RejectReason.PriceOffTickGrid => new RpcError(10043, "price_wrong_tick"),
        RejectReason.PriceOutsideBand or RejectReason.PriceOutOfBounds => side == Side.Buy
            ? new RpcError(10007, "price_too_high", reason: Name(reason))
            : new RpcError(10005, "price_too_low", reason: Name(reason)),
        RejectReason.PostOnlyWouldCross => new RpcError(11054, "post_only_reject"),
        RejectReason.IndexUnavailable => new RpcError(10012, "book_closed", reason: "no index price: only orders that reduce a position are taken"),
        RejectReason.ReduceOnly => new RpcError(10019, "locked_by_admin", reason: "reduce-only: kill switch engaged, or the market is resuming after a halt"),
        RejectReason.AccountLocked => new RpcError(10019, "locked_by_admin", reason: "the account is being liquidated"),
        RejectReason.TradingHalted => new RpcError(10012, "book_closed", reason: "trading is halted"),
        RejectReason.InstrumentExpired => new RpcError(10012, "book_closed", reason: "the instrument has expired"),
        RejectReason.InstrumentDelisted => new RpcError(10012, "book_closed", reason: "the option has been delisted"),
        RejectReason.NoVolatilitySurface => new RpcError(10012, "book_closed", reason: "the option has no volatility surface, so no mark, yet"),
        RejectReason.ReduceOnlyWouldIncrease => new RpcError(11030, "other_reject", reason: "reduce_only: the order would grow or flip the position"),
        RejectReason.ReduceOnlyMustNotRest => RpcErrors.InvalidParams("reduce_only", "applies to market, immediate_or_cancel and fill_or_kill orders only"),
        RejectReason.MaxPositionExceeded => new RpcError(10018, "non_pme_max_future_position_size"),
        RejectReason.QuantityNotPositive or RejectReason.QuantityAboveMaximum or RejectReason.AmendQuantityNotAboveFilled => new RpcError(10021, "invalid_amount", reason: Name(reason)),
        _ => new RpcError(10001, "error", reason: Name(reason)),
    };

    private static string Name(RejectReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());
}
