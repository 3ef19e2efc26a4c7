using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Server.Venue;

/// <summary>An order as the read model follows it, from acceptance to its last fill or cancel.</summary>
internal sealed class OrderView(long id, MarketView market, int account, Side side, OrderType type, TimeInForce timeInForce, PostOnly postOnly, long createdMs, bool reduceOnly = false)
{
    public long Id { get; } = id;

    public MarketView Market { get; } = market;

    public int Account { get; } = account;

    public Side Side { get; } = side;

    public OrderType Type { get; } = type;

    public TimeInForce TimeInForce { get; } = timeInForce;

    public PostOnly PostOnly { get; } = postOnly;

    public bool ReduceOnly { get; } = reduceOnly;

    public long CreatedMs { get; } = createdMs;

    public long UpdatedMs { get; set; } = createdMs;

    public long PriceTicks { get; set; }

    /// <summary>The order's total size, filled part included.</summary>
    public long QuantityLots { get; set; }

    public long FilledLots { get; set; }

    public long RemainingLots { get; set; }

    /// <summary>Σ fill price × lots, in ticks × lots, for the average price.</summary>
    public Int128 FilledTicksLots { get; set; }

    public string State { get; set; } = "open";

    public string? CancelReason { get; set; }

    public string Label { get; set; } = "";

    public bool Replaced { get; set; }

    /// <summary>The command that closed the order: its place in order history.</summary>
    public long ClosedSequence { get; set; }

    /// <summary>The last command in which the order took liquidity (the one that placed it, or an amend that crossed).</summary>
    public long TakerSequence { get; set; }

    /// <summary>The trades it made in <see cref="TakerSequence"/>: what <c>private/buy</c> and <c>edit</c> answer with.</summary>
    public List<Rpc.UserTradeDto>? TakerTrades { get; set; }

    public bool IsOpen => State == "open";
}

/// <summary>One account's balances, positions and open orders in the read model (its history is in the <see cref="HistoryStore"/>).</summary>
internal sealed class AccountView(int id, int currencies)
{
    public int Id { get; } = id;

    public long[] Balances { get; } = new long[currencies];

    /// <summary>Collateral of each market margined in isolation, by instrument id; the cross-margin summary leaves these markets out.</summary>
    public SortedDictionary<int, long> Isolated { get; } = [];

    /// <summary>By instrument id; flat positions stay (they keep realised PnL).</summary>
    public SortedDictionary<int, PositionView> Positions { get; } = [];

    /// <summary>
    /// Under portfolio margin, each cross pool's requirement as the engine last reported it (it replaces the sum of the
    /// positions' own margins); null under standard margin.
    /// </summary>
    public MarginRequirement[]? Portfolio { get; set; }

    /// <summary>Ids of open orders, ascending.</summary>
    public SortedSet<long> OpenOrders { get; } = [];
}

internal sealed class PositionView
{
    public Position Position { get; set; }

    /// <summary>
    /// Realised PnL in fine units since the read model started following the position; for an option, against its
    /// average entry premium (<see cref="PremiumCost"/>), not the zero cost the engine keeps.
    /// </summary>
    public FineMoney Realised { get; set; }

    /// <summary>
    /// An option's premiums for the lots held, in fine units, kept by the cost rule of a future's position (opening fills
    /// add, a reduction keeps the average, a flip starts at the fill): the engine books the premium at the trade and keeps
    /// no cost, so the average entry price and the PnL against it are the read model's own.
    /// </summary>
    public FineMoney PremiumCost { get; set; }

    /// <summary>An option's premiums for the lots held in USD (each fill's premium × the index at the fill), by the same rule.</summary>
    public decimal PremiumUsd { get; set; }

    /// <summary>Perpetual funding booked on the position since the read model started following it, in minimal units.</summary>
    public Money RealisedFunding { get; set; }
}
