namespace Clearline.Options.Margin;

/// <summary>
/// The tenor-scaled volatility shock of portfolio margin (derivatives.md §1.4): shocked IV = IV × (1 ± range ×
/// (ReferenceDays/DTE)^p), p = <see cref="ShortExponent"/> below <see cref="ReferenceDays"/> days to expiry and
/// <see cref="LongExponent"/> from there on; the defaults are the published BTC parameters.
/// </summary>
/// <param name="RangeUp">The up-shock at the reference tenor (0.50: IV × 1.5 at 30 days).</param>
/// <param name="RangeDown">The down-shock at the reference tenor (0.25: IV × 0.75 at 30 days).</param>
/// <param name="UpFloor">The least volatility of the up-shock scenarios (0.50).</param>
/// <param name="DownCap">
/// The largest share of IV the down-shock may remove (0.90). The formula passes 100% for short tenors (at one day
/// 0.25 × 30^0.3 ≈ 0.69, at one hour 1.8); this cap is Clearline's, not a published parameter.
/// </param>
/// <param name="ReferenceDays">The tenor at which the ranges apply unscaled (30 days).</param>
/// <param name="ShortExponent">p below the reference tenor (0.30).</param>
/// <param name="LongExponent">p from the reference tenor on (0.13).</param>
public sealed record VolatilityShock(
    double RangeUp = 0.50,
    double RangeDown = 0.25,
    double UpFloor = 0.50,
    double DownCap = 0.90,
    double ReferenceDays = 30,
    double ShortExponent = 0.30,
    double LongExponent = 0.13);

/// <summary>An extended-table scenario: a large price move, taken with the volatility up-shock, its P&amp;L counted at <paramref name="Weight"/>.</summary>
public readonly record struct ExtendedMove(double Move, double Weight);

/// <summary>
/// Portfolio margin configuration (derivatives.md §1.4); the defaults are Deribit's current S:PM shape with the
/// published BTC parameters.
/// </summary>
/// <param name="PriceRange">The largest standard price move, as a fraction (0.16).</param>
/// <param name="PriceStepsPerSide">Evenly spaced moves on each side of 0 (4: −16, −12, −8, −4, 0, +4, … +16%).</param>
/// <param name="Volatility">The volatility shock.</param>
/// <param name="Extended">The extended table; null for the default (Paradex's weights, 0.16/|move| to the rounding they publish).</param>
/// <param name="ShortOptionContingency">Added per net short option contract, as a fraction of one underlying (0.01: 0.01 BTC).</param>
/// <param name="FuturesSpreadContingency">Added on futures that offset across expiries, as a fraction of the offset underlying (0.01).</param>
/// <param name="InitialFactor">IM = MM × this venue factor (1.25; the factor is not published, this is Clearline's default).</param>
/// <param name="Rate">The continuously compounded rate the options are revalued at (0, as Deribit publishes it).</param>
public sealed record PortfolioMarginParameters(
    double PriceRange = 0.16,
    int PriceStepsPerSide = 4,
    VolatilityShock? Volatility = null,
    IReadOnlyList<ExtendedMove>? Extended = null,
    double ShortOptionContingency = 0.01,
    double FuturesSpreadContingency = 0.01,
    double InitialFactor = 1.25,
    double Rate = 0)
{
    public static IReadOnlyList<ExtendedMove> DefaultExtended { get; } =
    [
        new(-0.66, 0.24), new(-0.33, 0.48), new(0.50, 0.32), new(1.00, 0.16),
        new(2.00, 0.08), new(3.00, 0.0533), new(4.00, 0.04), new(5.00, 0.032),
    ];

    public VolatilityShock VolatilityShock => Volatility ?? DefaultShock;

    public IReadOnlyList<ExtendedMove> ExtendedMoves => Extended ?? DefaultExtended;

    private static readonly VolatilityShock DefaultShock = new();
}
