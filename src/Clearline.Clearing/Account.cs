using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;

namespace Clearline.Clearing;

/// <summary>
/// One account: its family (a main account is its own <see cref="Main"/>), its margin pools and its stakes, one per
/// market it has touched. Pool c &lt; the number of currencies is the cross-margin pool of <see cref="CurrencyId"/> c
/// (whose <see cref="MarginSummary.Balance"/> is the balance); the pools after it are isolated, each holding the
/// collateral set aside for one stake.
/// </summary>
internal sealed class Account(int slot, AccountId id, AccountId main, int currencies)
{
    /// <summary>Pools are flagged in the 64-bit <see cref="Liquidating"/>, so an account has at most this many.</summary>
    public const int MaxPools = 64;

    private Stake[] _stakes = new Stake[2];

    /// <summary>
    /// Each stake's market beside the stakes, so that <see cref="FindStake"/> scans four bytes per stake instead of a
    /// whole stake: a holder of a hundred markets is found in a few cache lines (a mark move visits every holder).
    /// </summary>
    private int[] _stakeMarkets = new int[2];
    private MarginSummary[] _margins = new MarginSummary[currencies];

    /// <summary>For each isolated pool (index − currencies), the market whose stake holds it, or −1 when free for reuse.</summary>
    private int[] _isolatedMarkets = [];

    /// <summary>Position in the clearinghouse's account list (the order accounts were opened in).</summary>
    public int Slot { get; } = slot;

    public AccountId Id { get; } = id;

    public AccountId Main { get; } = main;

    public bool KillSwitch { get; set; }

    /// <summary>True when the cross pools are margined as a portfolio (<see cref="MarginModel.Portfolio"/>); isolated pools never are.</summary>
    public bool Portfolio { get; set; }

    /// <summary>Per cross pool, its requirement under portfolio margin as last computed (what the pool shows as its position and maintenance margin); zero under standard margin.</summary>
    public MarginRequirement[] PortfolioRequirements { get; } = new MarginRequirement[currencies];

    /// <summary>True while the portfolio requirement of a cross pool waits to be recomputed after a mark move (bit c for currency c); a cache flag, not state.</summary>
    public ulong PortfolioStale { get; set; }

    /// <summary>True when <paramref name="pool"/> is a cross pool margined as a portfolio.</summary>
    public bool IsPortfolio(int pool) => Portfolio && pool < currencies;

    /// <summary>
    /// Bit p is set while pool p is being liquidated. A cross pool in liquidation locks the whole account; an isolated
    /// one only its own market.
    /// </summary>
    public ulong Liquidating { get; set; }

    /// <summary>True while a cross-margin pool is being liquidated.</summary>
    public bool IsLocked => (Liquidating & ((1UL << currencies) - 1)) != 0;

    /// <summary>Margin pools by index: the cross pool of each currency, then the isolated pools.</summary>
    public MarginSummary[] Margins => _margins;

    /// <summary>The market whose stake holds isolated pool <paramref name="pool"/>; −1 for a cross pool or a free one.</summary>
    public int IsolatedMarket(int pool) => pool < currencies ? -1 : _isolatedMarkets[pool - currencies];

    /// <summary>True when the account's stake in <paramref name="market"/> holds an isolated pool.</summary>
    public bool IsIsolated(int market) => Array.IndexOf(_isolatedMarkets, market) >= 0;

    public bool CanOpenIsolatedPool => _margins.Length < MaxPools || Array.IndexOf(_isolatedMarkets, -1) >= 0;

    /// <summary>A pool for <paramref name="market"/>'s stake to hold alone, empty; a freed one is reused. −1 when the account has <see cref="MaxPools"/> already.</summary>
    public int OpenIsolatedPool(int market)
    {
        var free = Array.IndexOf(_isolatedMarkets, -1);
        if (free < 0)
        {
            if (_margins.Length == MaxPools)
            {
                return -1;
            }

            free = _isolatedMarkets.Length;
            Array.Resize(ref _isolatedMarkets, free + 1);
            Array.Resize(ref _margins, _margins.Length + 1);
        }

        _isolatedMarkets[free] = market;
        _margins[currencies + free] = default;
        return currencies + free;
    }

    /// <summary>Frees an isolated pool whose stake went back to cross margin; it must be empty.</summary>
    public void CloseIsolatedPool(int pool) => _isolatedMarkets[pool - currencies] = -1;

    public int StakeCount { get; private set; }

    public ref Stake StakeAt(int i) => ref _stakes[i];

    /// <summary>The position of the stake in <paramref name="market"/> among <see cref="StakeAt"/>, or −1. Accounts touch few markets, so a scan wins.</summary>
    public int FindStake(int market)
    {
        for (var i = 0; i < StakeCount; i++)
        {
            if (_stakeMarkets[i] == market)
            {
                return i;
            }
        }

        return -1;
    }

    public int AddStake(int market, int pool, in InstrumentExposure exposure)
    {
        if (StakeCount == _stakes.Length)
        {
            Array.Resize(ref _stakes, _stakes.Length * 2);
            Array.Resize(ref _stakeMarkets, _stakes.Length);
        }

        _stakeMarkets[StakeCount] = market;

        _stakes[StakeCount] = new Stake { Market = market, Pool = pool, Exposure = exposure, Contribution = default };
        return StakeCount++;
    }

    public void SetBalance(int pool, Money balance) => _margins[pool] = _margins[pool] with { Balance = balance };
}

/// <summary>An account's stake in one market: the exposure the margin rules read and what it contributes to the pool now.</summary>
internal struct Stake
{
    public int Market;

    /// <summary>The account's pool this stake's contribution is counted in: its currency's cross pool, or an isolated one of its own.</summary>
    public int Pool;
    public InstrumentExposure Exposure;
    public MarginContribution Contribution;

    /// <summary>Position margins the order reservation asked for lately; a cache, not state.</summary>
    public InitialMarginMemo Memo;

    /// <summary>The re-margin pass that last reset this stake's open loss, for a portfolio stake the pass does not visit; a cache, not state.</summary>
    public long OpenLossPass;

    /// <summary>The funding index the position last settled at; what it is owed since is <see cref="MarketClearing.AccruedFunding"/>.</summary>
    public FundingIndex FundingEntry;
}
