using System.Diagnostics;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Matching;
using Clearline.Options.Margin;
using Clearline.Risk;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>
/// The venue's clearing state beside the books: accounts and their collateral, positions, index and mark prices, and
/// the checks every order passes before it reaches a book. Deterministic and single-threaded like the books: only the
/// engine thread calls it, with sequencer time. Rules in docs/clearing.md.
/// </summary>
/// <remarks>
/// Every account keeps, per currency, a <see cref="MarginSummary"/> that is updated in O(1) as its stakes change
/// (each stake remembers its <see cref="MarginContribution"/>), so a pre-trade check reads it without a scan.
/// Open-order aggregates follow the book's events (accepted, traded, cancelled, amended) through
/// <see cref="ClearingSink{TSink}"/>; the open loss of orders priced through the mark is rebuilt when the mark moves.
/// Dictionaries are only looked up, never iterated, so nothing depends on hash order.
/// </remarks>
public sealed partial class Clearinghouse
{
    private readonly IndexCalculator[] _indices;
    private readonly InstrumentSpec[] _configured;
    private readonly int[][] _marketsByIndex;

    // Replaced by larger arrays when an option is listed (an operator command), so the order path reads them as before.
    private MarketClearing?[] _marketsById;
    private MarketClearing[] _markets;
    private MarketClearing[] _dated;
    private readonly CurrencyLedger[] _ledgers;
    private readonly Dictionary<int, int> _accountSlots = [];
    private readonly List<Account> _accounts = [];
    private readonly Dictionary<RequestKey, RequestRecord> _requests = [];
    private Account? _lastFound;

    /// <param name="books">The engine's books, one per configured market.</param>
    /// <param name="config">Currencies, indices and each market's risk parameters; every book needs exactly one market entry.</param>
    public Clearinghouse(IReadOnlyList<OrderBook> books, ClearingConfig config)
    {
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _indices = [.. config.Indices.Select(i => new IndexCalculator(i.Config))];
        _ledgers = new CurrencyLedger[config.Currencies.All.Count];
        var sorted = books.OrderBy(b => b.Spec.Id.Value).ToArray();
        _markets = new MarketClearing[sorted.Length];
        _marketsById = new MarketClearing?[sorted.Length == 0 ? 0 : sorted[^1].Spec.Id.Value + 1];
        for (var i = 0; i < sorted.Length; i++)
        {
            var spec = sorted[i].Spec;
            var market = config.Markets.SingleOrDefault(m => m.Instrument == spec.Id)
                ?? throw new ArgumentException($"market {spec.Name} has no clearing configuration", nameof(config));
            if (market.Index.Value < 0 || market.Index.Value >= _indices.Length)
            {
                throw new ArgumentException($"market {spec.Name} follows index {market.Index}, which is not configured", nameof(config));
            }

            var terms = ContractTerms.From(spec, config.Currencies);
            var currency = new CurrencyId(IndexOf(config.Currencies, terms.Currency));
            _markets[i] = new MarketClearing(i, sorted[i], RiskOf(spec, terms, market), currency, market, FundingOf(spec, terms, market));
            _marketsById[spec.Id.Value] = _markets[i];
        }

        if (config.Markets.Count != _markets.Length)
        {
            throw new ArgumentException("the clearing configuration names a market that is not listed", nameof(config));
        }

        _marketsByIndex = [.. Enumerable.Range(0, _indices.Length).Select(x => _markets.Where(m => m.Index == x).Select(m => m.Slot).ToArray())];
        _dated = [.. _markets.Where(m => m.Delivery is not null)];
        _configured = [.. _markets.Select(m => m.Spec)];
        ListOptions();
        if (config.PortfolioMargin is { } portfolio)
        {
            _portfolio = new PortfolioMargin(portfolio);
            (_deltaDown, _deltaUp) = FirstPriceSteps(_portfolio);
            foreach (var market in _markets)
            {
                AddScenarios(market);
            }
        }
    }

    public ClearingConfig Config { get; }

    public int AccountCount => _accounts.Count;

    /// <summary>The venue's books in one currency.</summary>
    public CurrencyLedger Ledger(CurrencyId currency) => _ledgers[currency.Value];

    /// <summary>An account's cross-margin pool in one currency; false for an unknown account or currency.</summary>
    public bool TryGetMargin(AccountId account, CurrencyId currency, out MarginSummary margin)
    {
        margin = default;
        if (FindAccount(account) is not { } a || (uint)currency.Value >= (uint)_ledgers.Length)
        {
            return false;
        }

        margin = a.Margins[currency.Value];
        return true;
    }

    /// <summary>The isolated pool of an account's stake in one instrument; false unless the account margins that instrument in isolation.</summary>
    public bool TryGetIsolatedMargin(AccountId account, InstrumentId instrument, out MarginSummary margin)
    {
        margin = default;
        if (FindAccount(account) is not { } a || Market(instrument) is not { } market)
        {
            return false;
        }

        var stake = a.FindStake(market.Slot);
        var pool = stake < 0 ? -1 : a.StakeAt(stake).Pool;
        if (stake < 0 || a.IsolatedMarket(pool) < 0)
        {
            return false;
        }

        margin = a.Margins[pool];
        return true;
    }

    /// <summary>An account's position in one instrument (flat when it has none).</summary>
    public Position PositionOf(AccountId account, InstrumentId instrument)
    {
        if (FindAccount(account) is not { } a || Market(instrument) is not { } market)
        {
            return Position.Flat;
        }

        var stake = a.FindStake(market.Slot);
        return stake < 0 ? Position.Flat : a.StakeAt(stake).Exposure.Position;
    }

    /// <summary>An instrument's mark (zero before the first) and index (null in the protected state).</summary>
    public (QuotePrice Mark, QuotePrice? Index) PricesOf(InstrumentId instrument) =>
        Market(instrument) is { } market ? (market.Mark, market.IndexPrice) : throw new ArgumentException($"instrument {instrument} is not listed", nameof(instrument));

    /// <summary>The liquidation fee an instrument charges now, in millionths of the value closed (it follows volatility where configured).</summary>
    public int LiquidationFeeOf(InstrumentId instrument) =>
        Market(instrument) is { } market ? market.LiquidationFeePpm : throw new ArgumentException($"instrument {instrument} is not listed", nameof(instrument));

    /// <summary>A perpetual's funding as configured: one kind at most, and none for anything but a perpetual.</summary>
    private static MarketFunding? FundingOf(InstrumentSpec spec, ContractTerms terms, MarketClearingConfig market)
    {
        if (market.ContinuousFunding is null && market.DiscreteFunding is null)
        {
            return null;
        }

        if (market.ContinuousFunding is not null && market.DiscreteFunding is not null)
        {
            throw new ArgumentException($"market {spec.Name} is configured for both continuous and discrete funding", nameof(market));
        }

        return new MarketFunding(FundingContract.FromSpec(spec, terms.Currency.Decimals), market.ContinuousFunding, market.DiscreteFunding);
    }

    /// <summary>A perpetual's funding now: the 8-hour rate and the index (Deribit's <c>current_funding</c> and <c>interest_value</c>); null without funding.</summary>
    public (FundingRate Rate, FundingIndex Index)? FundingOf(InstrumentId instrument) =>
        Market(instrument)?.Funding is { } funding ? (funding.Rate, funding.Index) : null;

    private static int IndexOf(SettlementCurrencies currencies, SettlementCurrency currency)
    {
        for (var i = 0; i < currencies.All.Count; i++)
        {
            if (ReferenceEquals(currencies.All[i], currency))
            {
                return i;
            }
        }

        throw new ArgumentException($"currency {currency.Code} is not configured");
    }

    private MarketClearing? Market(InstrumentId instrument) =>
        (uint)instrument.Value < (uint)_marketsById.Length ? _marketsById[instrument.Value] : null;

    /// <summary>
    /// The account by id. One command asks for the same account several times (the check, then each event the book
    /// sends back), so the last one found is kept beside the dictionary.
    /// </summary>
    private Account? FindAccount(AccountId id)
    {
        if (_lastFound is { } last && last.Id == id)
        {
            return last;
        }

        var found = _accountSlots.TryGetValue(id.Value, out var slot) ? _accounts[slot] : null;
        _lastFound = found ?? _lastFound;
        return found;
    }

    private Account OpenAccount(AccountId id, AccountId main)
    {
        var account = new Account(_accounts.Count, id, main, _ledgers.Length);
        _accountSlots.Add(id.Value, _accounts.Count);
        _accounts.Add(account);
        return account;
    }

    /// <summary>The account's stake in the market, opened (flat, at the current mark) on first use.</summary>
    private ref Stake StakeOf(Account account, MarketClearing market)
    {
        var i = account.FindStake(market.Slot);
        if (i < 0)
        {
            i = account.AddStake(market.Slot, market.Currency.Value, new InstrumentExposure(market.Risk, Position.Flat, market.Mark, 0, 0, FineMoney.Zero));
            var holders = market.Holders;
            var at = holders.Count;
            while (at > 0 && _accounts[holders[at - 1]].Id.Value > account.Id.Value)
            {
                at--; // new accounts mostly have the highest ids, so this rarely walks
            }

            holders.Insert(at, account.Slot);
        }

        return ref account.StakeAt(i);
    }

    /// <summary>The pool of an account's stake in the market, which it must hold.</summary>
    private static int PoolOf(Account account, MarketClearing market) => account.StakeAt(account.FindStake(market.Slot)).Pool;

    /// <summary>The signed position of an account in the market (0 without a stake).</summary>
    private static long SizeIn(Account account, MarketClearing market) => account.FindStake(market.Slot) is var i and >= 0 ? account.StakeAt(i).Exposure.Position.Size : 0;

    /// <summary>Replaces a stake's exposure and moves the difference of its contribution into the account's pool.</summary>
    private static void Update(Account account, MarketClearing market, ref Stake stake, in InstrumentExposure after)
    {
        stake.Exposure = after;
        Replace(account, ref stake, after, ContributionOf(market, stake));
    }

    /// <summary>What a stake adds to its pool: <see cref="MarginContribution.Of"/> its exposure, with the funding it has accrued in the unrealised PnL.</summary>
    private static MarginContribution ContributionOf(MarketClearing market, in Stake stake)
    {
        var contribution = MarginContribution.Of(stake.Exposure);
        return market.Funding is null ? contribution : contribution with { Unrealised = contribution.Unrealised + market.AccruedFunding(stake) };
    }

    /// <summary>
    /// <see cref="Update"/> for a change of resting orders alone: <paramref name="after"/> has the stake's position and
    /// mark, so the unrealised PnL and position margin in the stake's contribution (always
    /// <see cref="ContributionOf"/> the stake) still hold and only the order reservation is recomputed.
    /// </summary>
    private static void UpdateOrders(Account account, ref Stake stake, in InstrumentExposure after)
    {
        Debug.Assert(after.Position == stake.Exposure.Position && after.Mark == stake.Exposure.Mark, "only the orders may change");
        Replace(account, ref stake, after, stake.Contribution with { OrdersInitial = after.OrdersMarginGiven(stake.Contribution.PositionInitial, ref stake.Memo) });
    }

    private static void Replace(Account account, ref Stake stake, in InstrumentExposure after, in MarginContribution contribution)
    {
        ref var pool = ref account.Margins[stake.Pool];
        pool = pool.Remove(stake.Contribution).Add(contribution);
        stake.Exposure = after;
        stake.Contribution = contribution;
    }

    private readonly record struct RequestKey(int Account, long RequestId);
}
