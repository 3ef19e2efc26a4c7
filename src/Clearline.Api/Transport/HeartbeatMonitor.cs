using System.Net.WebSockets;

namespace Clearline.Api.Transport;

/// <summary>
/// Deribit's heartbeat: once a client calls <c>public/set_heartbeat</c>, every interval the server sends
/// <c>{"method":"heartbeat","params":{"type":"test_request"}}</c> and the client must answer with
/// <c>public/test</c> before the next one is due; otherwise the connection is closed. Ticks come from the
/// injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class HeartbeatMonitor
{
    private static readonly byte[] TestRequest = """{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}"""u8.ToArray();

    private readonly SessionOutbox _outbox;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _awaitingAnswer;

    public HeartbeatMonitor(SessionOutbox outbox, TimeProvider clock)
    {
        _outbox = outbox;
        _clock = clock;
    }

    /// <summary>Starts (or restarts, with a new interval) the heartbeat.</summary>
    public void Start(TimeSpan interval)
    {
        lock (_lock)
        {
            _timer?.Dispose();
            Volatile.Write(ref _awaitingAnswer, 0);
            _timer = _clock.CreateTimer(static state => ((HeartbeatMonitor)state!).Tick(), this, interval, interval);
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>The client answered with <c>public/test</c>.</summary>
    public void Acknowledge() => Volatile.Write(ref _awaitingAnswer, 0);

    private void Tick()
    {
        if (Interlocked.Exchange(ref _awaitingAnswer, 1) == 1)
        {
            Stop();
            _outbox.RequestClose(new CloseRequest(WebSocketCloseStatus.PolicyViolation, "heartbeat not answered", DiscardPending: true));
            return;
        }

        _outbox.TryPost(new OutboundFrame(TestRequest, TestRequest.Length, Pooled: false));
    }
}
