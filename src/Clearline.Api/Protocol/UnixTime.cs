namespace Clearline.Api.Protocol;

internal static class UnixTime
{
    /// <summary>Microseconds since the Unix epoch: the unit of <c>usIn</c> and <c>usOut</c>.</summary>
    public static long Microseconds(TimeProvider clock) => (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
