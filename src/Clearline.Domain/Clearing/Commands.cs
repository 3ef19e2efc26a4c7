using Clearline.Domain.Instruments;

namespace Clearline.Domain.Clearing;

/// <summary>
/// Collateral arriving from the wallet gateway. A deposit to an unknown account opens it as a main account.
/// <see cref="RequestId"/> is the gateway's idempotency key, scoped to the account: a repeat returns the first
/// answer and changes nothing.
/// </summary>
public readonly record struct Deposit(AccountId Account, CurrencyId Currency, Money Amount, long RequestId);

/// <summary>Collateral leaving the venue, at most the account's available withdrawal funds; idempotent like <see cref="Deposit"/>.</summary>
public readonly record struct Withdraw(AccountId Account, CurrencyId Currency, Money Amount, long RequestId);

/// <summary>Collateral moved between accounts of one family (a main account and its sub-accounts); idempotent per <see cref="From"/>.</summary>
public readonly record struct Transfer(AccountId From, AccountId To, CurrencyId Currency, Money Amount, long RequestId);

/// <summary>Opens <see cref="Subaccount"/> under the existing main account <see cref="Main"/>.</summary>
public readonly record struct CreateSubaccount(AccountId Main, AccountId Subaccount);

/// <summary>A trusted feeder's latest price from one source of an index, as a <c>QuotePrice</c> (10⁻⁸ USD).</summary>
public readonly record struct IndexQuote(IndexId Index, int Source, long PriceE8);

/// <summary>
/// Recomputes every index and mark at the sequencer's time. Quotes only recompute their own index; the tick is
/// what makes a silent feed go stale on time.
/// </summary>
public readonly record struct PriceTick;

/// <summary>Engaging cancels every order of the account and leaves it reduce-only until released.</summary>
public readonly record struct SetKillSwitch(AccountId Account, bool Engaged);

/// <summary>
/// Sets the collateral of the account's isolated position in <see cref="Instrument"/> to <see cref="Collateral"/>,
/// moving the difference from or to its cross-margin balance; an absolute amount, so a repeat changes nothing. A
/// positive amount on a cross-margined market isolates it and zero returns it to cross margin, both only while the
/// account has no position and no orders there.
/// </summary>
public readonly record struct SetIsolatedMargin(AccountId Account, InstrumentId Instrument, Money Collateral);

/// <summary>The operator's platform-wide halt: while engaged, no market takes orders or amendments (cancels still work) and liquidation waits.</summary>
public readonly record struct SetTradingHalt(bool Halted);

/// <summary>
/// The operator's volatility surface for the options of one index expiring on <see cref="Expiry"/> (08:00 UTC): a raw
/// SVI slice, total implied variance w(k) = a + b·(ρ(k − m) + √((k − m)² + σ²)) at log-moneyness k = ln(K/F), for the
/// time to expiry at the command's sequencer time. Replaces the expiry's previous surface; a slice that breaks the SVI
/// parameter constraints or has butterfly arbitrage is refused (docs/options.md, "Options in the engine").
/// </summary>
public readonly record struct SetVolatilitySurface(IndexId Index, DateOnly Expiry, double A, double B, double Rho, double M, double Sigma);

/// <summary>How an account's cross-margin pools are margined.</summary>
public enum MarginModel : byte
{
    /// <summary>Each position on its own (Deribit's standard margin): the pool's requirement is the sum of its positions'.</summary>
    Standard,

    /// <summary>The whole portfolio by scenarios (Deribit's portfolio margin): the worst loss of the pool's positions together, plus contingencies.</summary>
    Portfolio,
}

/// <summary>
/// Switches every cross-margin pool of the account to <see cref="Model"/>; isolated positions keep standard margin.
/// Taken only if every pool meets its initial margin under the new model, so a switch never leaves the account short.
/// </summary>
public readonly record struct SetMarginModel(AccountId Account, MarginModel Model);

/// <summary>
/// The operator lists one option on an index that already has a configured option of the same settlement (the
/// template): expiring at <see cref="ExpiryTimestampMs"/> (Unix ms, 08:00 UTC, in the future), struck at
/// <see cref="StrikeE8"/> (USD × 10⁸). Its name, lot, tick schedule, settlement currency and clearing parameters are the
/// template's; it takes the next free instrument id (docs/options.md, "Listing and delisting").
/// </summary>
public readonly record struct ListOption(IndexId Index, long ExpiryTimestampMs, long StrikeE8, OptionType Type, SettlementType Settlement);

/// <summary>The operator stops an option before expiry: refused while it has open interest; its resting orders are cancelled.</summary>
public readonly record struct DelistOption(InstrumentId Instrument);
