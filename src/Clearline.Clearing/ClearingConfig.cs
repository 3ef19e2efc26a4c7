using Clearline.Domain;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>
/// Everything clearing needs beyond the instrument specs: the settlement currencies (a <see cref="CurrencyId"/> is a
/// position in <see cref="SettlementCurrencies.All"/>), the price indices (an <see cref="IndexId"/> is a position in
/// <see cref="Indices"/>) and each market's risk parameters. Configuration, not state: a replay needs the same.
/// </summary>
public sealed record ClearingConfig(SettlementCurrencies Currencies, IReadOnlyList<PriceIndexDefinition> Indices, IReadOnlyList<MarketClearingConfig> Markets)
{
    /// <summary>The scenarios of portfolio margin, which accounts may then choose (<see cref="Domain.Clearing.SetMarginModel"/>); null when the venue offers none.</summary>
    public Options.Margin.PortfolioMarginParameters? PortfolioMargin { get; init; }

    /// <summary>Who bears a bankrupt account's loss once the insurance fund is spent (docs/clearing.md, "Liquidation").</summary>
    public DeficitPolicy DeficitPolicy
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "unknown deficit policy");
    }
}

/// <summary>What happens to a loss the insurance fund cannot cover.</summary>
public enum DeficitPolicy : byte
{
    /// <summary>Deribit's rule: positions the book cannot take are closed against opposite holders at the mark, and the loss is taken pro rata from every positive balance in the currency.</summary>
    Socialise,

    /// <summary>Positions the book cannot take are closed against the highest-ranked opposite holders (profit × leverage) at the bankruptcy price, so they bear the loss.</summary>
    AutoDeleverage,
}

/// <summary>
/// The dynamic floor of the liquidation fee: fee = min(<see cref="CapPpm"/>, max(base fee, σ × <see cref="VolatilitySharePpm"/>
/// / 10⁶)), where σ is the mark's annualised realised volatility over about <see cref="TimeConstantMicros"/>
/// (<see cref="Risk.Prices.RealisedVolatility"/>). With a share of 10,000 (1%), 80% volatility sets a floor of 0.8%.
/// The cap is Deribit's <c>max_liquidation_commission</c>.
/// </summary>
public sealed record VolatilityFeeConfig
{
    public VolatilityFeeConfig(long timeConstantMicros, int volatilitySharePpm, int capPpm)
    {
        TimeConstantMicros = timeConstantMicros > 0 ? timeConstantMicros : throw new ArgumentOutOfRangeException(nameof(timeConstantMicros), timeConstantMicros, "must be positive");
        VolatilitySharePpm = volatilitySharePpm >= 0 ? volatilitySharePpm : throw new ArgumentOutOfRangeException(nameof(volatilitySharePpm), volatilitySharePpm, "must not be negative");
        CapPpm = capPpm is > 0 and < 1_000_000 ? capPpm : throw new ArgumentOutOfRangeException(nameof(capPpm), capPpm, "the cap is 1 to 999,999 ppm");
    }

    public long TimeConstantMicros { get; }

    public int VolatilitySharePpm { get; }

    public int CapPpm { get; }
}

/// <summary>What an order priced beyond the band around the mark meets.</summary>
public enum PriceBandAction : byte
{
    /// <summary>Refused with <c>price_outside_band</c> (Deribit's rule).</summary>
    Reject,

    /// <summary>Re-priced to the last tick inside the band (a buy down to it, a sell up to it), then checked as any order.</summary>
    Clamp,
}

/// <summary>An index by its API name (Deribit's <c>btc_usd</c>) and how it aggregates its sources.</summary>
public sealed record PriceIndexDefinition(string Name, IndexConfig Config);

/// <summary>
/// One market's clearing parameters: the index its mark follows, its margin tiers, the largest position an order may
/// lead to (lots, counting resting orders on the order's side as filled), and how the mark smooths the basis.
/// </summary>
public sealed record MarketClearingConfig(InstrumentId Instrument, IndexId Index, MarginTiers Tiers, long MaxPositionLots, MarkConfig Mark)
{
    /// <summary>
    /// Half-width of the price band around the mark, in millionths of the mark: a buy above mark + band or a sell
    /// below mark − band is refused (<c>price_outside_band</c>) or re-priced to the band's edge, per
    /// <see cref="PriceBandAction"/>. 0 turns the band off.
    /// </summary>
    public int PriceBandPpm
    {
        get;
        init => field = value is >= 0 and < 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the band is 0 to 999,999 ppm");
    }

    /// <summary>What happens to an order priced beyond the band.</summary>
    public PriceBandAction PriceBandAction
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "unknown price band action");
    }

    /// <summary>The liquidation fee in millionths of the value (at mark) of what a liquidation closes; paid to the insurance fund. Deribit: 0.75% for BTC.</summary>
    public int LiquidationFeePpm
    {
        get;
        init => field = value is >= 0 and < 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the fee is 0 to 999,999 ppm");
    } = 7_500;

    /// <summary>A liquidation fee that rises with the mark's realised volatility, up to a cap; null for the flat <see cref="LiquidationFeePpm"/>.</summary>
    public VolatilityFeeConfig? VolatilityFee { get; init; }

    /// <summary>Deribit-style continuous funding for a perpetual; at most one of this and <see cref="DiscreteFunding"/>.</summary>
    public ContinuousFundingConfig? ContinuousFunding { get; init; }

    /// <summary>Binance-style funding at fixed timestamps for a perpetual; at most one of this and <see cref="ContinuousFunding"/>.</summary>
    public DiscreteFundingConfig? DiscreteFunding { get; init; }

    /// <summary>An option's mark and margin parameters; null takes <see cref="OptionMarketConfig.Default"/> (unused by anything but an option).</summary>
    public OptionMarketConfig? Option { get; init; }

    /// <summary>Halts the market when its mark moves too far too fast; null for none.</summary>
    public CircuitBreakerConfig? CircuitBreaker { get; init; }

    /// <summary>
    /// For a dated future, how long before expiry its delivery price starts averaging the index (Deribit: 30 minutes);
    /// unused by a perpetual.
    /// </summary>
    public long SettlementWindowMicros
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the window must be positive");
    } = 30 * 60 * 1_000_000L;

    /// <summary>The most lots one liquidation step sends to the book, so a liquidation walks the book in bounded bites.</summary>
    public long LiquidationStepLots
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a step closes at least one lot");
    } = 1_000;
}
