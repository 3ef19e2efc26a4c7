namespace Clearline.Domain.Clearing;

public enum BalanceChangeReason : byte
{
    Deposit = 1,
    Withdrawal,
    TransferIn,
    TransferOut,

    /// <summary>Profit or loss realised by a trade that reduced a position.</summary>
    RealisedPnl,
}

/// <summary>An account's balance in one currency moved by <see cref="Change"/> to <see cref="Balance"/>.</summary>
public readonly record struct BalanceChanged(AccountId Account, CurrencyId Currency, Money Change, Money Balance, BalanceChangeReason Reason);

/// <summary>An account's position after a trade: signed lots (long &gt; 0).</summary>
public readonly record struct PositionChanged(AccountId Account, InstrumentId Instrument, long Size);

/// <summary>
/// An instrument's index and mark after a price update, as <c>QuotePrice</c> units (10⁻⁸ USD); zero when there is
/// none (the protected state).
/// </summary>
public readonly record struct MarkPriceChanged(InstrumentId Instrument, long IndexE8, long MarkE8);
