using Clearline.Api.RateLimiting;

namespace Clearline.Api.Tests.Support;

/// <summary>One server for a test class whose tests neither move the clock nor depend on credits running out.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    private static readonly CreditLimits Plenty = new(CreditLimits.MaxAllowedCredits, CreditLimits.MaxAllowedCredits, 1);

    public ApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ApiHost.StartAsync(o =>
    {
        o.ConnectionCredits = Plenty;
        o.GeneralCredits = Plenty;
        o.MatchingEngineCredits = Plenty;
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
