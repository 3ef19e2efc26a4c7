namespace Clearline.Clearing;

/// <summary>
/// An option market's mark and margin parameters, in millionths: the band the mark implied volatility is clamped into
/// (Deribit's old rule, 30%..100%, by default) and the standard option margin's rates (derivatives.md §1.3: initial
/// 0.15 − OTM/U with a floor of 0.10, maintenance 0.075, each plus the option's mark).
/// </summary>
public sealed record OptionMarketConfig
{
    public OptionMarketConfig(int minVolatilityPpm = 300_000, int maxVolatilityPpm = 1_000_000, int initialRatePpm = 150_000, int initialFloorPpm = 100_000, int maintenanceRatePpm = 75_000)
    {
        if (minVolatilityPpm <= 0 || maxVolatilityPpm < minVolatilityPpm || maxVolatilityPpm > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxVolatilityPpm), $"the volatility band {minVolatilityPpm}..{maxVolatilityPpm} ppm must be positive, ordered and at most 1000%");
        }

        if (initialRatePpm is < 0 or > 1_000_000 || initialFloorPpm is < 0 or > 1_000_000 || maintenanceRatePpm is < 0 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(initialRatePpm), "margin rates are 0 to 1,000,000 ppm");
        }

        (MinVolatilityPpm, MaxVolatilityPpm, InitialRatePpm, InitialFloorPpm, MaintenanceRatePpm) = (minVolatilityPpm, maxVolatilityPpm, initialRatePpm, initialFloorPpm, maintenanceRatePpm);
    }

    public static OptionMarketConfig Default { get; } = new();

    public int MinVolatilityPpm { get; }

    public int MaxVolatilityPpm { get; }

    public int InitialRatePpm { get; }

    public int InitialFloorPpm { get; }

    public int MaintenanceRatePpm { get; }
}
