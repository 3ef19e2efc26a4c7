namespace Clearline.Api.RateLimiting;

/// <summary>
/// Deribit keeps two credit pools per sub-account: one for requests that reach the matching engine (order
/// entry and cancels) and one for everything else. A method draws from one of them.
/// </summary>
public enum CreditPool
{
    General,
    MatchingEngine,
}
