namespace Clearline.Risk.Prices;

/// <summary>What the index does with a mid outside the band around the median.</summary>
public enum OutlierRule
{
    /// <summary>Average it at the nearer band edge (Deribit): the source still counts, but its pull is bounded.</summary>
    Clip,

    /// <summary>Leave it out of the average; it no longer counts toward the minimum number of sources.</summary>
    Drop,
}
