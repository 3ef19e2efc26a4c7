using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Clearline.Api.Transport;

/// <summary>
/// The messages waiting for one WebSocket, and the request to close it. A WebSocket allows one sender at a
/// time, so responses, notifications and heartbeats from any thread meet here and one loop sends them.
/// Responses wait for room (back-pressure on the client's own requests); notifications never wait: a full
/// queue means a subscriber that cannot keep up, and it is disconnected rather than buffered without bound.
/// </summary>
internal sealed class SessionOutbox
{
    private readonly Channel<OutboundFrame> _queue;
    private readonly Lock _closeLock = new();
    private CloseRequest? _close;
    private Action? _onClose;

    public SessionOutbox(int capacity)
    {
        _queue = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<OutboundFrame> Reader => _queue.Reader;

    /// <summary>Set once a close was requested; read by the send loop after the queue ends.</summary>
    public CloseRequest? Close => Volatile.Read(ref _close);

    /// <summary>Runs <paramref name="callback"/> once a close is requested (at once if it already was).</summary>
    public void OnCloseRequested(Action callback)
    {
        lock (_closeLock)
        {
            if (_close is null)
            {
                _onClose = callback;
                return;
            }
        }

        callback();
    }

    /// <summary>Queues a notification; a full queue closes the session as a slow consumer.</summary>
    public bool TryPost(OutboundFrame frame)
    {
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }

        RequestClose(new CloseRequest(WebSocketCloseStatus.PolicyViolation, "slow consumer", DiscardPending: true));
        Release(frame);
        return false;
    }

    /// <summary>Queues a response, waiting for room; dropped if the session is closing.</summary>
    public async ValueTask PostAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            while (await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_queue.Writer.TryWrite(frame))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Release(frame);
    }

    /// <summary>
    /// Ends the queue: the send loop sends what is queued (unless the request discards it), then the close frame.
    /// The first request wins.
    /// </summary>
    public void RequestClose(CloseRequest request)
    {
        lock (_closeLock)
        {
            if (_close is not null)
            {
                return;
            }

            Volatile.Write(ref _close, request);

            // Under the lock: once a later request returns, the callback has finished, so its owner may
            // release what the callback touches.
            _onClose?.Invoke();
        }

        _queue.Writer.TryComplete();
    }

    public static void Release(OutboundFrame frame)
    {
        if (frame.Pooled)
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }
}

internal sealed record CloseRequest(WebSocketCloseStatus Status, string Description, bool DiscardPending);
