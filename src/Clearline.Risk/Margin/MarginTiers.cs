namespace Clearline.Risk.Margin;

/// <summary>
/// Standard (Deribit-style) futures margin rates that grow with the position: rate = base + per-coin increment ×
/// size in base coin, the size first rounded up to a whole number of steps. Deribit's BTC default is IM 2%, MM 1%,
/// both + 0.005% per BTC, continuous (a step of one satoshi); a step of one coin gives 1-BTC tiers instead.
/// All numbers are configuration.
/// </summary>
/// <remarks>
/// Rates are parts per 10⁸ (2% = 2,000,000). The initial base and increment must be at least the maintenance ones,
/// so IM ≥ MM at every size; increments are non-negative, so both rates rise with size. Rounding the size up to
/// the step means a partial step counts as a whole one: the rate is never below the continuous formula.
/// </remarks>
public sealed record MarginTiers
{
    /// <summary>A rate of 100%.</summary>
    public const long RateScale = 100_000_000;

    public MarginTiers(long initialBaseE8, long initialPerCoinE8, long maintenanceBaseE8, long maintenancePerCoinE8, long sizeStepE8 = 1)
    {
        if (maintenanceBaseE8 < 0 || initialBaseE8 < maintenanceBaseE8 || initialBaseE8 > RateScale)
        {
            throw new ArgumentException($"base rates must satisfy 0 ≤ maintenance ≤ initial ≤ {RateScale}");
        }

        if (maintenancePerCoinE8 < 0 || initialPerCoinE8 < maintenancePerCoinE8 || initialPerCoinE8 > RateScale)
        {
            throw new ArgumentException($"per-coin increments must satisfy 0 ≤ maintenance ≤ initial ≤ {RateScale}");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeStepE8);
        InitialBaseE8 = initialBaseE8;
        InitialPerCoinE8 = initialPerCoinE8;
        MaintenanceBaseE8 = maintenanceBaseE8;
        MaintenancePerCoinE8 = maintenancePerCoinE8;
        SizeStepE8 = sizeStepE8;
    }

    public long InitialBaseE8 { get; }

    /// <summary>Added to the initial rate per whole coin of position size.</summary>
    public long InitialPerCoinE8 { get; }

    public long MaintenanceBaseE8 { get; }

    public long MaintenancePerCoinE8 { get; }

    /// <summary>The tier width in base coin × 10⁸; 1 makes the rate continuous in size.</summary>
    public long SizeStepE8 { get; }

    /// <summary>The initial rate, in parts per 10¹⁶, for a size of <paramref name="sizeE8"/> (base coin × 10⁸, not negative).</summary>
    public Int128 InitialRateE16(Int128 sizeE8) => Rate(InitialBaseE8, InitialPerCoinE8, sizeE8);

    /// <summary>The maintenance rate, in parts per 10¹⁶.</summary>
    public Int128 MaintenanceRateE16(Int128 sizeE8) => Rate(MaintenanceBaseE8, MaintenancePerCoinE8, sizeE8);

    private Int128 Rate(long baseE8, long perCoinE8, Int128 sizeE8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeE8);
        if (sizeE8 <= long.MaxValue)
        {
            // Every real size: 64-bit division, and since the base and increment are at most RateScale (checked at
            // construction), the size rounded up to its step (below 2⁶⁴) times the increment cannot overflow.
            var narrowSteps = ((ulong)sizeE8 + (ulong)SizeStepE8 - 1) / (ulong)SizeStepE8;
            return ((Int128)baseE8 * RateScale) + ((Int128)Math.BigMul(narrowSteps, (ulong)SizeStepE8) * perCoinE8);
        }

        var steps = (sizeE8 + SizeStepE8 - 1) / SizeStepE8;
        return checked(((Int128)baseE8 * RateScale) + (steps * SizeStepE8 * perCoinE8));
    }
}
