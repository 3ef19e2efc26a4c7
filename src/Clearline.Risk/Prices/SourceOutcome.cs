namespace Clearline.Risk.Prices;

/// <summary>What one constituent contributed to an index calculation.</summary>
public enum SourceOutcome
{
    /// <summary>No quote received yet.</summary>
    NoQuote,

    /// <summary>Its latest quote is older than the staleness limit; ignored.</summary>
    Stale,

    /// <summary>Fresh, and (when the index is valid) averaged at its own mid.</summary>
    Fresh,

    /// <summary>Fresh but outside the band: averaged at the band edge.</summary>
    Clipped,

    /// <summary>Fresh but outside the band: left out of the average.</summary>
    Excluded,
}
