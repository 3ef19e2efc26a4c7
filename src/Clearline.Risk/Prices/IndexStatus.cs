namespace Clearline.Risk.Prices;

/// <summary>Whether an index was formed and, if not, why (the market then enters the protected state).</summary>
public enum IndexStatus
{
    Valid,

    /// <summary>Fewer sources than the minimum have a quote that is not stale.</summary>
    TooFewFreshSources,

    /// <summary>With <see cref="OutlierRule.Drop"/>: enough fresh sources, but too few of them inside the band.</summary>
    TooFewSourcesInBand,
}
