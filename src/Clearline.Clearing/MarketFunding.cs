using Clearline.Domain;
using Clearline.Risk;
using Clearline.Risk.Funding;

namespace Clearline.Clearing;

/// <summary>
/// One perpetual's funding, continuous (Deribit) or discrete (Binance), advanced at every price update with the mark
/// and index of that moment. It starts at the first update, so a discrete schedule begins at the first funding
/// timestamp after the market first had a price.
/// </summary>
internal sealed class MarketFunding(FundingContract contract, ContinuousFundingConfig? continuous, DiscreteFundingConfig? discrete)
{
    public ContinuousFunding? Continuous { get; private set; }

    public DiscreteFunding? Discrete { get; private set; }

    /// <summary>What one long lot has paid since funding began; every position settles against it.</summary>
    public FundingIndex Index => Continuous?.Index ?? Discrete?.Index ?? FundingIndex.Zero;

    /// <summary>The 8-hour rate in force (continuous) or the rate the interval would settle at now (discrete).</summary>
    public FundingRate Rate => Continuous?.Rate ?? Discrete?.PredictedRate ?? FundingRate.Zero;

    /// <summary>
    /// Accrues up to <paramref name="now"/> and takes the new prices. A discrete schedule settles every timestamp that
    /// is due before it samples the premium. True when the index moved, so positions must be revalued.
    /// </summary>
    public bool Update(long now, QuotePrice mark, QuotePrice index)
    {
        var before = Index;
        if (continuous is not null)
        {
            Continuous ??= new ContinuousFunding(continuous, contract, now);
            Continuous.Update(now, mark, index);
        }
        else if (discrete is not null)
        {
            Discrete ??= new DiscreteFunding(discrete, contract, now);
            while (Discrete.TrySettle(now, mark, out _))
            {
            }

            Discrete.AddSample(now, Premium.OfMark(mark, index));
        }

        return Index != before;
    }

    /// <summary>What a position of <paramref name="size"/> lots that last settled at <paramref name="entry"/> is owed (negative: owes) now.</summary>
    public Money CreditSince(FundingIndex entry, long size) => size == 0 ? Money.Zero : Index.CreditSince(entry, size);

    public void Restore(ContinuousFundingState? continuousState, DiscreteFundingState? discreteState)
    {
        if ((continuousState is not null && continuous is null) || (discreteState is not null && discrete is null))
        {
            throw new InvalidDataException("the state holds funding of a kind the market is not configured for");
        }

        try
        {
            Continuous = continuousState is null ? null : new ContinuousFunding(continuous!, contract, continuousState);
            Discrete = discreteState is null ? null : new DiscreteFunding(discrete!, contract, discreteState);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"funding state cannot be continued: {e.Message}", e);
        }
    }
}
