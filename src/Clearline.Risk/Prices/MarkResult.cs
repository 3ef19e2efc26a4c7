namespace Clearline.Risk.Prices;

/// <summary>One mark calculation.</summary>
/// <param name="Price">Index + <paramref name="Basis"/>; null without a valid index (the market is then protected).</param>
/// <param name="Basis">The smoothed basis applied, already clamped to the cap of the current index; zero without an index.</param>
public readonly record struct MarkResult(QuotePrice? Price, QuotePrice Basis)
{
    public bool IsValid => Price.HasValue;
}
