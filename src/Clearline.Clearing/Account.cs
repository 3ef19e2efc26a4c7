using Clearline.Domain;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;

namespace Clearline.Clearing;

/// <summary>
/// One account: its family (a main account is its own <see cref="Main"/>), its margin pool per settlement currency
/// (whose <see cref="MarginSummary.Balance"/> is the balance), and its stakes, one per market it has touched.
/// </summary>
internal sealed class Account(int slot, AccountId id, AccountId main, int currencies)
{
    private Stake[] _stakes = new Stake[2];

    /// <summary>Position in the clearinghouse's account list (the order accounts were opened in).</summary>
    public int Slot { get; } = slot;

    public AccountId Id { get; } = id;

    public AccountId Main { get; } = main;

    public bool KillSwitch { get; set; }

    /// <summary>Bit c is set while the pool in <see cref="CurrencyId"/> c is being liquidated; any bit locks the account.</summary>
    public uint Liquidating { get; set; }

    /// <summary>Cross-margin pool per currency, by <see cref="CurrencyId"/>.</summary>
    public MarginSummary[] Margins { get; } = new MarginSummary[currencies];

    public int StakeCount { get; private set; }

    public ref Stake StakeAt(int i) => ref _stakes[i];

    /// <summary>The position of the stake in <paramref name="market"/> among <see cref="StakeAt"/>, or −1. Accounts touch few markets, so a scan wins.</summary>
    public int FindStake(int market)
    {
        for (var i = 0; i < StakeCount; i++)
        {
            if (_stakes[i].Market == market)
            {
                return i;
            }
        }

        return -1;
    }

    public int AddStake(int market, in InstrumentExposure exposure)
    {
        if (StakeCount == _stakes.Length)
        {
            Array.Resize(ref _stakes, _stakes.Length * 2);
        }

        _stakes[StakeCount] = new Stake { Market = market, Exposure = exposure, Contribution = default };
        return StakeCount++;
    }

    public void SetBalance(CurrencyId currency, Money balance) => Margins[currency.Value] = Margins[currency.Value] with { Balance = balance };
}

/// <summary>An account's stake in one market: the exposure the margin rules read and what it contributes to the pool now.</summary>
internal struct Stake
{
    public int Market;
    public InstrumentExposure Exposure;
    public MarginContribution Contribution;

    /// <summary>The funding index the position last settled at; what it is owed since is <see cref="MarketClearing.AccruedFunding"/>.</summary>
    public FundingIndex FundingEntry;
}
