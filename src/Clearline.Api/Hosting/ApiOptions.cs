using Clearline.Api.RateLimiting;

namespace Clearline.Api.Hosting;

/// <summary>
/// The server's limits and policies. Defaults follow Deribit where it documents a figure (credit pools, the 60 s
/// signature window, the 10 s minimum heartbeat); the rest are stated in docs/api.md.
/// </summary>
public sealed class ApiOptions
{
    /// <summary>Where the API key file lives. Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The <c>testnet</c> flag of every response.</summary>
    public bool Testnet { get; set; }

    /// <summary>Largest HTTP request accepted: the body of a POST, the query string of a GET.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Largest WebSocket message accepted; a larger one is answered with 11050 and the connection closed.</summary>
    public int MaxWebSocketMessageBytes { get; set; } = 64 * 1024;

    public int MaxWebSocketConnectionsPerAddress { get; set; } = 32;

    public int MaxSubscriptionsPerConnection { get; set; } = 1000;

    /// <summary>Messages waiting to be sent on one WebSocket; a subscriber that lets it fill is disconnected.</summary>
    public int WebSocketSendQueueCapacity { get; set; } = 4096;

    /// <summary>How long a closing WebSocket waits for the client's close frame.</summary>
    public TimeSpan WebSocketCloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How far a signed request's timestamp may be from the server clock, either way.</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromSeconds(60);

    public int MinHeartbeatIntervalSeconds { get; set; } = 10;

    /// <summary>Per key: requests that do not reach the matching engine.</summary>
    public CreditLimits GeneralCredits { get; set; } = new(50_000, 10_000, 500);

    /// <summary>Per key: order entry and cancels. Deribit sizes this by trading volume; this is its entry tier's
    /// order of magnitude (5 requests per second, bursts of 20).</summary>
    public CreditLimits MatchingEngineCredits { get; set; } = new(20_000, 5_000, 1_000);

    /// <summary>Per WebSocket connection, and per remote address over HTTP, whoever the caller: every request
    /// costs <see cref="CreditLimits.DefaultCost"/> here, whatever its method.</summary>
    public CreditLimits ConnectionCredits { get; set; } = new(50_000, 10_000, 500);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("ApiOptions.DataDirectory is required (the API key file lives there).");
        }

        Positive(MaxRequestBytes, nameof(MaxRequestBytes));
        Positive(MaxWebSocketMessageBytes, nameof(MaxWebSocketMessageBytes));
        Positive(MaxWebSocketConnectionsPerAddress, nameof(MaxWebSocketConnectionsPerAddress));
        Positive(MaxSubscriptionsPerConnection, nameof(MaxSubscriptionsPerConnection));
        Positive(WebSocketSendQueueCapacity, nameof(WebSocketSendQueueCapacity));
        Positive(MinHeartbeatIntervalSeconds, nameof(MinHeartbeatIntervalSeconds));
        PositiveTime(WebSocketCloseTimeout, nameof(WebSocketCloseTimeout));
        PositiveTime(AccessTokenLifetime, nameof(AccessTokenLifetime));
        PositiveTime(RefreshTokenLifetime, nameof(RefreshTokenLifetime));
        PositiveTime(SignatureWindow, nameof(SignatureWindow));
        GeneralCredits.Validate(nameof(GeneralCredits));
        MatchingEngineCredits.Validate(nameof(MatchingEngineCredits));
        ConnectionCredits.Validate(nameof(ConnectionCredits));
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"ApiOptions.{name} must be positive, not {value}.");
        }
    }

    private static void PositiveTime(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ApiOptions.{name} must be positive, not {value}.");
        }
    }
}
