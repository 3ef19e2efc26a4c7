using System.Numerics;
using Clearline.Risk.Funding;

namespace Clearline.Risk.Tests.Funding;

/// <summary>
/// The engine's booking rule in miniature: positions settle against the funding index, every credit's opposite goes
/// to the instrument's funding pool, and an exact (unrounded) tally checks that rounding is the pool's only source.
/// </summary>
internal sealed class FundingLedger
{
    private static readonly BigInteger Unit = FundingIndex.UnitsPerMinimalUnit;
    private readonly long[] _lots;
    private readonly FundingIndex[] _entries;

    public FundingLedger(int accounts, FundingIndex start)
    {
        _lots = new long[accounts];
        _entries = Enumerable.Repeat(start, accounts).ToArray();
        Balances = new long[accounts];
    }

    public long[] Balances { get; }

    /// <summary>Minus the sum of all credits booked.</summary>
    public long Pool { get; private set; }

    public int Credits { get; private set; }

    /// <summary>Σ −lots × Δindex over every credit, in index units, never rounded.</summary>
    public BigInteger ExactSum { get; private set; }

    public long OpenInterestImbalance => _lots.Sum();

    public void Settle(int account, FundingIndex index)
    {
        var credit = index.CreditSince(_entries[account], _lots[account]).Units;
        var exact = -(BigInteger)_lots[account] * ((BigInteger)index.Value - (BigInteger)_entries[account].Value);
        Assert.Equal(FloorDiv(exact, Unit), (BigInteger)credit);
        Balances[account] = checked(Balances[account] + credit);
        Pool = checked(Pool - credit);
        Credits++;
        ExactSum += exact;
        _entries[account] = index;
    }

    /// <summary>Both sides settle funding first, then the lots move: open interest stays balanced.</summary>
    public void Trade(int buyer, int seller, long lots, FundingIndex index)
    {
        Settle(buyer, index);
        Settle(seller, index);
        _lots[buyer] = checked(_lots[buyer] + lots);
        _lots[seller] = checked(_lots[seller] - lots);
    }

    public void SettleAll(FundingIndex index)
    {
        for (var account = 0; account < _lots.Length; account++)
        {
            Settle(account, index);
        }
    }

    /// <summary>Settles everyone at <paramref name="index"/> and checks the zero-sum rule: balances and pool cancel exactly, the pool holds only rounding.</summary>
    public void AssertZeroSumAfterSettling(FundingIndex index)
    {
        SettleAll(index);
        Assert.Equal(0, OpenInterestImbalance);
        Assert.Equal(BigInteger.Zero, ExactSum);
        Assert.Equal(0, Balances.Sum() + Pool);
        Assert.InRange(Pool, 0, Credits);
    }

    public static BigInteger FloorDiv(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        return remainder != 0 && (remainder < 0) != (denominator < 0) ? quotient - 1 : quotient;
    }
}
