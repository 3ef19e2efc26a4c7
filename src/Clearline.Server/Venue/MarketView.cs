using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Server.Rpc;

namespace Clearline.Server.Venue;

/// <summary>One market as the read model sees it: its terms, its aggregated book, prices, trades and statistics.</summary>
internal sealed class MarketView
{
    /// <param name="spec">The market's spec.</param>
    /// <param name="config">Its clearing parameters: configured, or for an option listed by command its template's (<see cref="OptionListing"/>).</param>
    /// <param name="clearing">The venue's clearing configuration (currencies and indices).</param>
    public MarketView(InstrumentSpec spec, MarketClearingConfig config, ClearingConfig clearing)
    {
        Spec = spec;
        Name = spec.Name.ToString();
        Terms = ContractTerms.From(spec, clearing.Currencies);
        Option = spec.Kind == InstrumentKind.Option ? new OptionView(spec, Terms, config.Option ?? OptionMarketConfig.Default, config.SettlementWindowMicros) : null;
        Risk = new InstrumentRisk(Terms, config.Tiers, config.MaxPositionLots) { Option = Option?.Rates };
        Currency = Terms.Currency;
        CurrencyIndex = clearing.Currencies.All.ToList().IndexOf(Terms.Currency);
        IndexName = clearing.Indices[config.Index.Value].Name;
        PriceBandPpm = config.PriceBandPpm;
        MaxLiquidationCommission = (config.VolatilityFee?.CapPpm ?? config.LiquidationFeePpm) / 1_000_000m;
    }

    public InstrumentSpec Spec { get; }

    /// <summary>Deribit's <c>kind</c>: <c>option</c>, else <c>future</c> (perpetuals included).</summary>
    public string Kind => Spec.Kind == InstrumentKind.Option ? "option" : "future";

    public string Name { get; }

    public ContractTerms Terms { get; }

    public InstrumentRisk Risk { get; }

    /// <summary>The index's delivery price the engine fixed when it delivered the market, 10⁻⁸ USD; 0 before.</summary>
    public long DeliveryIndexE8 { get; set; }

    /// <summary>The price the market was delivered at (an option's settlement premium, possibly 0), 10⁻⁸; null before delivery.</summary>
    public long? SettlementE8 { get; set; }

    /// <summary>An option's forward, volatility, Greeks and margin rates; null for other instruments.</summary>
    public OptionView? Option { get; }

    public SettlementCurrency Currency { get; }

    public int CurrencyIndex { get; }

    public string IndexName { get; }

    public int PriceBandPpm { get; }

    /// <summary>Deribit's <c>max_liquidation_commission</c>: the cap of a volatility-following fee, else the flat fee, as a fraction.</summary>
    public decimal MaxLiquidationCommission { get; }

    /// <summary>Displayed lots by price in ticks, best first.</summary>
    public SortedDictionary<long, long> Bids { get; } = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<long, long> Asks { get; } = [];

    /// <summary>Counts raw book notifications: each one's <c>change_id</c>, the one before its <c>prev_change_id</c>.</summary>
    public long ChangeId { get; set; }

    /// <summary>The raw <c>change_id</c> the 100 ms book feed last stood at: its last notification's, or its subscribers' snapshot.</summary>
    public long Book100MsChangeId { get; set; }

    public long LastBook100MsPublished { get; set; }

    /// <summary>
    /// Levels changed since the 100 ms feed last stood, with their displayed lots then (0 for none), so its next
    /// notification carries the net change per price and its snapshot the book as it stood.
    /// </summary>
    public SortedDictionary<long, long> WindowBids { get; } = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<long, long> WindowAsks { get; } = [];

    /// <summary>The last positive mark (margin keeps using it while the index is missing), 10⁻⁸ USD; 0 before any.</summary>
    public long MarkE8 { get; set; }

    /// <summary>A perpetual's funding rate as the engine last reported it, in ppb; null for other instruments or before any.</summary>
    public long? FundingRatePpb { get; set; }

    /// <summary>The index, 0 while there is none (the protected state).</summary>
    public long IndexE8 { get; set; }

    /// <summary>Whether the instrument takes orders (its breaker, the platform halt, delivery at expiry, delisting), as the engine last said.</summary>
    public Domain.Clearing.TradingPhase Phase { get; set; }

    /// <summary>Deribit's book <c>state</c>: <c>open</c> while orders are taken (reduce-only included), else <c>closed</c>.</summary>
    public string State => Phase is Domain.Clearing.TradingPhase.Open or Domain.Clearing.TradingPhase.ReduceOnly ? "open" : "closed";

    public bool IsDelivered => Phase == Domain.Clearing.TradingPhase.Delivered;

    /// <summary>An option delisted before expiry: it is no longer among the instruments.</summary>
    public bool IsDelisted => Phase == Domain.Clearing.TradingPhase.Delisted;

    public long? LastPriceTicks { get; set; }

    public long? HighTicks { get; set; }

    public long? LowTicks { get; set; }

    public long VolumeLots { get; set; }

    /// <summary>The last trade_seq given; numbering continues from the history store across restarts.</summary>
    public long TradeSeq { get; set; }

    /// <summary>Σ long positions, lots.</summary>
    public long OpenInterestLots { get; set; }

    /// <summary>Accounts with a position here: their portfolios move with the mark.</summary>
    public HashSet<int> Holders { get; } = [];

    public List<LevelChange> PendingBids { get; } = [];

    public List<LevelChange> PendingAsks { get; } = [];

    public List<PublicTradeDto> PendingTrades { get; } = [];

    public bool TickerDirty { get; set; }

    public long LastTicker100MsPublished { get; set; }

    public decimal Price(long ticks) => Spec.Ticks.ToDecimal(new Price(ticks));

    public decimal Amount(long lots) => Spec.ToAmount(new Quantity(lots));

    public decimal Contracts(long lots) => Amount(lots) / Spec.ContractSize;

    public decimal Money(Money money) => Currency.ToDecimal(money);

    public decimal? Mark => MarkE8 > 0 ? new QuotePrice(MarkE8).ToDecimal() : null;

    public decimal? Index => IndexE8 > 0 ? new QuotePrice(IndexE8).ToDecimal() : null;

    /// <summary>The band's edges around the mark, as <c>min_price</c>/<c>max_price</c>; null without a mark or band.</summary>
    public (decimal? Min, decimal? Max) Band()
    {
        if (MarkE8 <= 0 || PriceBandPpm == 0)
        {
            return (null, null);
        }

        var width = new QuotePrice(MarkE8 * PriceBandPpm / 1_000_000).ToDecimal();
        var mark = new QuotePrice(MarkE8).ToDecimal();
        return (mark - width, mark + width);
    }
}
