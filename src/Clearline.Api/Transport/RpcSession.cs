using System.Net;
using Clearline.Api.Auth;
using Clearline.Api.RateLimiting;

namespace Clearline.Api.Transport;

/// <summary>
/// One WebSocket connection's state: the identity it authenticated with (<c>public/auth</c> over the socket signs
/// the session in, and later private calls need no token), its subscriptions, its heartbeat and its
/// connection-level credits. Requests on a session are handled one at a time, in order.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The server ends the session, disposing its cancellation source, in End(); hosts never own a session.")]
public sealed class RpcSession
{
    private readonly CancellationTokenSource _closed = new();
    private readonly CancellationToken _closedToken;
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private ApiKey? _caller;

    internal RpcSession(string id, IPAddress remoteAddress, int sendQueueCapacity, CreditLimits connectionCredits, TimeProvider clock)
    {
        Id = id;
        RemoteAddress = remoteAddress;
        Outbox = new SessionOutbox(sendQueueCapacity);
        Heartbeat = new HeartbeatMonitor(Outbox, clock);
        Credits = new CreditBucket(connectionCredits, clock);
        _closedToken = _closed.Token;
    }

    public string Id { get; }

    public IPAddress RemoteAddress { get; }

    /// <summary>The key the session authenticated as, if it has.</summary>
    public ApiKey? Caller => Volatile.Read(ref _caller);

    /// <summary>Signalled when the connection has ended (for cancel-on-disconnect and the like).</summary>
    public CancellationToken Closed => _closedToken;

    internal SessionOutbox Outbox { get; }

    internal HeartbeatMonitor Heartbeat { get; }

    internal CreditBucket Credits { get; }

    /// <summary>The channels subscribed; touched only by this session's request loop and its teardown.</summary>
    internal HashSet<string> Channels => _channels;

    internal void SignIn(ApiKey caller) => Volatile.Write(ref _caller, caller);

    /// <summary>
    /// Called once the connection is over. The outbox is closed first, so a late heartbeat tick or publish
    /// finds it closed and does nothing. <see cref="Closed"/> was captured at creation, so it stays readable
    /// (and cancelled) after the source is disposed.
    /// </summary>
    internal void End()
    {
        Outbox.RequestClose(new CloseRequest(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "", DiscardPending: true));
        Heartbeat.Stop();
        _closed.Cancel();
        _closed.Dispose();
    }

    public override string ToString() => $"session {Id} from {RemoteAddress}";
}
