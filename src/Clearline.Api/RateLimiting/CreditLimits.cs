namespace Clearline.Api.RateLimiting;

/// <summary>
/// A credit bucket: it holds at most <see cref="MaxCredits"/>, gains <see cref="RefillPerSecond"/> each second, and
/// a request costs its method's credits (<see cref="DefaultCost"/> unless the method says otherwise).
/// Deribit's default for non-matching-engine requests is 50,000 / 10,000 / 500: a burst of 100, then 20 per second.
/// </summary>
public sealed record CreditLimits(long MaxCredits, long RefillPerSecond, int DefaultCost)
{
    /// <summary>Keeps the bucket's tick arithmetic (credits × timestamp frequency) within 64 bits.</summary>
    internal const long MaxAllowedCredits = 1_000_000_000;

    internal void Validate(string name)
    {
        if (MaxCredits is <= 0 or > MaxAllowedCredits || RefillPerSecond <= 0 || DefaultCost < 0 || DefaultCost > MaxCredits)
        {
            throw new ArgumentException($"{name}: credits (at most {MaxAllowedCredits}) and refill must be positive and the default cost within the maximum ({this}).");
        }
    }
}
