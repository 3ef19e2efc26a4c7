using Clearline.Risk.Positions;

namespace Clearline.Risk.Margin;

/// <summary>Everything the margin rules need to know about one instrument: its contract terms, margin tiers and position limit.</summary>
public sealed record InstrumentRisk
{
    public InstrumentRisk(ContractTerms terms, MarginTiers tiers, long maxPositionLots)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositionLots);
        Terms = terms;
        Tiers = tiers;
        MaxPositionLots = maxPositionLots;
    }

    public ContractTerms Terms { get; }

    public MarginTiers Tiers { get; }

    /// <summary>The largest |position| in lots an order may lead to, counting every resting order on its side as filled.</summary>
    public long MaxPositionLots { get; }

    /// <summary>An option's margin at its current marks, which replaces the tiers; null for a perpetual or future.</summary>
    public OptionMarginRates? Option { get; init; }
}
