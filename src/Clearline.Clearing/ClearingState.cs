using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Risk;
using Clearline.Risk.Funding;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>
/// The clearinghouse's complete state as plain data in canonical order, what a snapshot stores and the state hash
/// digests. Everything derived (margin pools, open-order aggregates, stakes of flat positions) is rebuilt from it and
/// the books by <see cref="Clearinghouse.Restore"/>. Equal when every part, in order, is equal.
/// </summary>
/// <param name="Ledgers">Per currency, by <see cref="CurrencyId"/>.</param>
/// <param name="Indices">Per index, by <see cref="IndexId"/>.</param>
/// <param name="Markets">Per market, in ascending instrument id.</param>
/// <param name="Accounts">In ascending account id.</param>
/// <param name="Requests">Accepted collateral requests, in ascending (account, request id).</param>
/// <param name="TradingHalted">The operator's platform-wide halt.</param>
/// <param name="Surfaces">The option expiries' volatility surfaces, those set so far, by index then expiry.</param>
/// <param name="Listings">The options listed by command (<see cref="ListOption"/>), in ascending instrument id; their markets are in <paramref name="Markets"/>.</param>
public sealed record ClearingState(
    bool TradingHalted,
    IReadOnlyList<CurrencyLedger> Ledgers,
    IReadOnlyList<IndexState> Indices,
    IReadOnlyList<MarketPrices> Markets,
    IReadOnlyList<AccountState> Accounts,
    IReadOnlyList<RequestState> Requests,
    IReadOnlyList<SurfaceState> Surfaces,
    IReadOnlyList<OptionListed> Listings)
{
    public bool Equals(ClearingState? other) =>
        other is not null
        && TradingHalted == other.TradingHalted
        && Ledgers.SequenceEqual(other.Ledgers)
        && Indices.SequenceEqual(other.Indices)
        && Markets.SequenceEqual(other.Markets)
        && Accounts.SequenceEqual(other.Accounts)
        && Requests.SequenceEqual(other.Requests)
        && Surfaces.SequenceEqual(other.Surfaces)
        && Listings.SequenceEqual(other.Listings);

    public override int GetHashCode() => Accounts.Count;
}

/// <summary>
/// A market's mark calculator, latest mark (zero before the first), index (null in the protected state) and funding
/// (null before its first price update, or for a market without funding), circuit breaker (null without) and, for a
/// dated future, its delivery price calculator (null for a perpetual), and its realised volatility (null unless the
/// liquidation fee follows it), and for an option the forward, volatility and sequencer time its mark was last priced
/// at (zeros otherwise), and whether it has been delisted.
/// </summary>
public sealed record MarketPrices(
    InstrumentId Instrument,
    MarkState MarkState,
    QuotePrice Mark,
    QuotePrice? Index,
    ContinuousFundingState? ContinuousFunding,
    DiscreteFundingState? DiscreteFunding,
    CircuitBreakerState? Breaker,
    DeliveryPriceState? Delivery,
    RealisedVolatilityState? Volatility,
    QuotePrice OptionForward = default,
    double OptionVolatility = 0,
    long OptionMarkedAt = 0,
    bool Delisted = false);

/// <summary>An option expiry's raw SVI surface (<see cref="Domain.Clearing.SetVolatilitySurface"/>), with the time to expiry, in years, when it was set.</summary>
public readonly record struct SurfaceState(IndexId Index, DateOnly Expiry, double A, double B, double Rho, double M, double Sigma, double Years);

/// <summary>
/// An account, its margin model, its cross-margin balance per currency (by <see cref="CurrencyId"/>), the currencies whose cross pool
/// is being liquidated (bit c for <see cref="CurrencyId"/> c), its isolated pools and its open positions, both in
/// ascending instrument id.
/// </summary>
public sealed record AccountState(
    AccountId Id,
    AccountId Main,
    bool KillSwitch,
    MarginModel Model,
    uint Liquidating,
    IReadOnlyList<Money> Balances,
    IReadOnlyList<IsolatedPoolState> Isolated,
    IReadOnlyList<PositionState> Positions)
{
    public bool Equals(AccountState? other) =>
        other is not null && Id == other.Id && Main == other.Main && KillSwitch == other.KillSwitch && Model == other.Model && Liquidating == other.Liquidating
        && Balances.SequenceEqual(other.Balances) && Isolated.SequenceEqual(other.Isolated) && Positions.SequenceEqual(other.Positions);

    public override int GetHashCode() => Id.Value;
}

/// <summary>A market the account margins in isolation: the collateral set aside for it and whether that pool is being liquidated.</summary>
public readonly record struct IsolatedPoolState(InstrumentId Instrument, Money Balance, bool Liquidating);

/// <summary>An open position and the funding index it last settled at.</summary>
public readonly record struct PositionState(InstrumentId Instrument, Position Position, FundingIndex FundingEntry);

public readonly record struct RequestState(AccountId Account, long RequestId, RequestRecord Request);
