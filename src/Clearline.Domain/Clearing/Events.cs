namespace Clearline.Domain.Clearing;

public enum BalanceChangeReason : byte
{
    Deposit = 1,
    Withdrawal,
    TransferIn,
    TransferOut,

    /// <summary>Profit or loss realised by a trade that reduced a position.</summary>
    RealisedPnl,

    /// <summary>Perpetual funding a position accrued, booked when its size changed.</summary>
    Funding,

    /// <summary>The fee on a liquidation fill, paid to the insurance fund.</summary>
    LiquidationFee,

    /// <summary>The insurance fund covering a bankrupt account's negative balance.</summary>
    InsuranceCover,

    /// <summary>A loss the insurance fund could not cover, spread over the positive balances (negative) and paid to the bankrupt account (positive).</summary>
    SocialisedLoss,

    /// <summary>
    /// Collateral moved between the cross-margin balance and an isolated position: out of one, into the other. An
    /// isolated balance left at zero by it means the market went back to cross margin (reported even when nothing moved).
    /// </summary>
    IsolatedMargin,

    /// <summary>An option's premium, paid by the buyer to the seller when the trade is booked.</summary>
    OptionPremium,
}

/// <summary>
/// An account's balance in one currency moved by <see cref="Change"/> to <see cref="Balance"/>: its cross-margin
/// balance, or with <see cref="Isolated"/> set, the collateral of its isolated position in that instrument.
/// <see cref="Market"/> names the market a change comes from (funding, realised PnL, an option premium, a liquidation
/// fee), whichever pool it lands in.
/// </summary>
public readonly record struct BalanceChanged(
    AccountId Account, CurrencyId Currency, Money Change, Money Balance, BalanceChangeReason Reason, InstrumentId? Isolated = null, InstrumentId? Market = null);

/// <summary>An account's position after a trade: signed lots (long &gt; 0).</summary>
public readonly record struct PositionChanged(AccountId Account, InstrumentId Instrument, long Size);

/// <summary>
/// An instrument's index and mark after a price update, as <c>QuotePrice</c> units (10⁻⁸ USD); zero when there is
/// none (the protected state). A perpetual's also carries its funding rate then, in ppb (per 8 hours for continuous
/// funding, per interval for discrete); null for other instruments.
/// </summary>
public readonly record struct MarkPriceChanged(InstrumentId Instrument, long IndexE8, long MarkE8, long? FundingRatePpb = null);

/// <summary>
/// An account's cross-margin pool in <see cref="Currency"/>, or with <see cref="Isolated"/> set its isolated position
/// in that instrument, entered (true) or left (false) liquidation. A cross pool in liquidation locks the account; an
/// isolated one only its market.
/// </summary>
public readonly record struct LiquidationChanged(AccountId Account, CurrencyId Currency, bool Liquidating, InstrumentId? Isolated = null);

/// <summary>
/// The requirement of an account's cross-margin pool in <see cref="Currency"/> under portfolio margin, the worst
/// scenario loss plus contingencies (<see cref="Initial"/> = that × the initial factor), sent when the account switches
/// model (with zeros and <see cref="Portfolio"/> false on its way back to standard margin) and whenever it changes. It
/// replaces the sum of the positions' own margins; order reservations still add to <see cref="Initial"/>.
/// </summary>
public readonly record struct PortfolioMarginChanged(AccountId Account, CurrencyId Currency, bool Portfolio, Money Initial, Money Maintenance);

/// <summary>Whether an instrument takes orders: all, none, or only those that cannot add risk.</summary>
public enum TradingPhase : byte
{
    Open,
    Halted,
    ReduceOnly,

    /// <summary>A dated future past expiry: its positions closed at the delivery price, it takes no more orders.</summary>
    Delivered,

    /// <summary>An option delisted before expiry (<see cref="DelistOption"/>): it takes no more orders and is no longer active.</summary>
    Delisted,
}

/// <summary>
/// An instrument moved to <see cref="Phase"/>: by its circuit breaker, the platform-wide halt, delivery at expiry, which
/// carries the index's delivery price (its average over the settlement window) in 10⁻⁸ USD (0 otherwise), or delisting.
/// </summary>
public readonly record struct TradingPhaseChanged(InstrumentId Instrument, TradingPhase Phase, long DeliveryPriceE8 = 0);

/// <summary>
/// An option listed by <see cref="ListOption"/> under id <see cref="Instrument"/>; its spec follows from the listing and
/// the configuration (<c>OptionListing</c> in Clearline.Clearing), so the event stays a plain value.
/// </summary>
public readonly record struct OptionListed(InstrumentId Instrument, ListOption Listing);
