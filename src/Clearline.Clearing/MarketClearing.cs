using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Matching;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>One market as clearing sees it: its book, risk terms, index and mark, and the accounts holding a stake.</summary>
internal sealed class MarketClearing(int slot, OrderBook book, InstrumentRisk risk, CurrencyId currency, MarketClearingConfig config, MarketFunding? funding)
{
    /// <summary>Position in the clearinghouse's market list (ascending instrument id).</summary>
    public int Slot { get; } = slot;

    public OrderBook Book { get; } = book;

    public InstrumentSpec Spec => Book.Spec;

    public InstrumentRisk Risk { get; } = risk;

    public CurrencyId Currency { get; } = currency;

    /// <summary>The index the mark follows, by <see cref="IndexId"/>.</summary>
    public int Index { get; } = config.Index.Value;

    /// <summary>The perpetual's funding; null for a market without.</summary>
    public MarketFunding? Funding { get; } = funding;

    /// <summary>The market's circuit breaker; null for a market without.</summary>
    public CircuitBreaker? Breaker { get; } = config.CircuitBreaker is { } breaker ? new CircuitBreaker(breaker) : null;

    /// <summary>An option's strike, expiry and margin at its marks; null for a perpetual or future. Set once, as the clearinghouse groups options by expiry.</summary>
    public OptionMarket? Option { get; set; }

    /// <summary>The market's risk array for portfolio margin; null when the venue offers none.</summary>
    public ScenarioRisk? Scenarios { get; set; }

    /// <summary>A dated future's or option's delivery price (for an option, the index average it settles at); null for a perpetual.</summary>
    public DeliveryPriceCalculator? Delivery { get; } =
        book.Spec.ExpiryTimestampMs is { } expiry ? new DeliveryPriceCalculator(expiry * 1_000, config.SettlementWindowMicros) : null;

    /// <summary>True once a dated future has been delivered: it takes no orders and its mark is the delivery price.</summary>
    public bool IsDelivered => Delivery?.DeliveryPrice is not null;

    /// <summary>
    /// The first instant the market takes no orders: its expiry, never for a perpetual, always once delisted. One
    /// comparison on the order path covers both.
    /// </summary>
    public long ClosesAtMicros { get; private set; } = book.Spec.ExpiryTimestampMs is { } expiry ? expiry * 1_000 : long.MaxValue;

    /// <summary>True once an option has been delisted (<see cref="Domain.Clearing.DelistOption"/>): it takes no orders and is no longer priced or delivered.</summary>
    public bool IsDelisted => ClosesAtMicros == long.MinValue;

    public TradingPhase Phase => IsDelisted ? TradingPhase.Delisted : IsDelivered ? TradingPhase.Delivered : Breaker?.Phase ?? TradingPhase.Open;

    public void Delist() => ClosesAtMicros = long.MinValue;

    /// <summary>The mark's realised volatility, kept only for a market whose liquidation fee follows it.</summary>
    public RealisedVolatility? Volatility { get; } = config.VolatilityFee is { } fee ? new RealisedVolatility(fee.TimeConstantMicros) : null;

    /// <summary>The liquidation fee now, in millionths: the configured one, or with a volatility floor the larger of the two, capped.</summary>
    public int LiquidationFeePpm => config.VolatilityFee is { } fee
        ? (int)Int128.Min(fee.CapPpm, Int128.Max(config.LiquidationFeePpm, (Int128)Volatility!.AnnualisedPpm * fee.VolatilitySharePpm / 1_000_000)) // wide: σ × share can pass a long
        : config.LiquidationFeePpm;

    public long LiquidationStepLots { get; } = config.LiquidationStepLots;

    public MarkPriceCalculator MarkCalculator { get; set; } = new(config.Mark);

    /// <summary>The latest mark; zero until the first. When the index lapses the last mark stays, for margin only.</summary>
    public QuotePrice Mark { get; set; }

    /// <summary>The index now; null in the protected state (no valid index): only orders that cannot add risk are taken.</summary>
    public QuotePrice? IndexPrice { get; set; }

    /// <summary>
    /// Account slots with a stake here, the accounts a mark move re-margins, in ascending account id: not the order
    /// they came, so that a clearinghouse restored from a snapshot walks them (at delivery, say) as the live one does.
    /// </summary>
    public List<int> Holders { get; } = [];

    public QuotePrice ToQuote(Price price) => Risk.Terms.ToQuotePrice(price);

    /// <summary>The funding a stake has accrued and not yet booked: part of its unrealised PnL for margin.</summary>
    public Money AccruedFunding(in Stake stake) => Funding?.CreditSince(stake.FundingEntry, stake.Exposure.Position.Size) ?? Money.Zero;

    /// <summary>False for a buy above mark + band or a sell below mark − band (the band rounded toward zero); always true with the band off.</summary>
    public bool IsWithinBand(Side side, QuotePrice price) =>
        config.PriceBandPpm == 0 || (side == Side.Buy ? price.E8 <= Mark.E8 + Band : price.E8 >= Mark.E8 - Band);

    /// <summary>True when an order beyond the band is re-priced to its edge rather than refused.</summary>
    public bool ClampsToBand => config.PriceBandAction == PriceBandAction.Clamp && config.PriceBandPpm != 0;

    /// <summary>
    /// The last tick on the grid inside the band on the order's side: for a buy the highest at or below mark + band,
    /// for a sell the lowest at or above mark − band (at least one tick). Asked only with a mark.
    /// </summary>
    public Price BandEdge(Side side) => EdgeAt(side, Band);

    /// <summary>The last tick on the grid within <paramref name="distanceE8"/> of the mark on the order's side (at least one tick), as <see cref="BandEdge"/> is for the band.</summary>
    public Price EdgeAt(Side side, long distanceE8)
    {
        var tickE8 = Risk.Terms.TickE8;
        var tick = side == Side.Buy ? (Mark.E8 + distanceE8) / tickE8 : Math.Max(1, (Mark.E8 - distanceE8 + tickE8 - 1) / tickE8);
        while (!Spec.Ticks.IsOnGrid(new Price(tick)))
        {
            tick += side == Side.Buy ? -1 : 1; // stepped schedules: move inward to the grid
        }

        return new Price(tick);
    }

    private long Band => (long)((Int128)Mark.E8 * config.PriceBandPpm / 1_000_000);

    /// <summary>The mid of the best bid and ask, the fair price the mark's basis follows; null unless both sides quote.</summary>
    public QuotePrice? BookMid(long now) =>
        Book.BestBid is { } bid && Book.BestAsk is { } ask && SourceQuote.TryFromBidAsk(ToQuote(bid), ToQuote(ask), now, out var mid)
            ? mid.Mid
            : null;
}
