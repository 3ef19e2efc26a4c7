namespace Clearline.Options.Margin;

/// <summary>
/// The rates of the standard (per position) option margin, as fractions of one underlying (derivatives.md §1.3); the
/// defaults are Deribit's.
/// </summary>
/// <param name="InitialRate">The initial rate before the out-of-the-money amount is taken off (0.15).</param>
/// <param name="InitialFloor">The least initial rate however far out of the money (0.10).</param>
/// <param name="MaintenanceRate">The maintenance rate (0.075).</param>
public sealed record StandardOptionMarginParameters(double InitialRate = 0.15, double InitialFloor = 0.10, double MaintenanceRate = 0.075)
{
    public static StandardOptionMarginParameters Deribit { get; } = new();
}
