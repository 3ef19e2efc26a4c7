namespace Clearline.Options.Pricing;

/// <summary>The time to expiry the kernel prices on, in years (ACT/365) from sequencer microseconds: the one conversion the engine and the API share.</summary>
public static class TimeToExpiry
{
    private const double MicrosPerYear = 365.0 * 86_400_000_000.0;

    public static double Years(long nowMicros, long expiryMicros) => (expiryMicros - nowMicros) / MicrosPerYear;
}
