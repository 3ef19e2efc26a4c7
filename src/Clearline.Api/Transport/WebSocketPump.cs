using System.Buffers;
using System.Net.WebSockets;
using Clearline.Api.Auth;
using Clearline.Api.Dispatch;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Protocol;

namespace Clearline.Api.Transport;

/// <summary>
/// Moves one session's messages: a receive loop that answers requests one at a time, in order, and a send loop
/// that drains the outbox. Closing goes through the outbox whoever starts it: the queue is sent (or discarded,
/// for an abortive close), then the close frame, and the receive loop waits for the client's close frame for at
/// most the close timeout.
/// </summary>
internal sealed class WebSocketPump
{
    private const int InitialBufferBytes = 4096;

    private readonly WebSocket _socket;
    private readonly RpcSession _session;
    private readonly RpcDispatcher _dispatcher;
    private readonly ApiOptions _options;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);

    public WebSocketPump(WebSocket socket, RpcSession session, RpcDispatcher dispatcher, ApiOptions options)
    {
        _socket = socket;
        _session = session;
        _dispatcher = dispatcher;
        _options = options;
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        // Once a close is requested, both loops have the close timeout to finish: a client that neither reads
        // nor answers the close frame cannot hold the connection open.
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _session.Outbox.OnCloseRequested(() => lifetime.CancelAfter(_options.WebSocketCloseTimeout));
        var sending = SendLoopAsync(lifetime.Token);
        try
        {
            await ReceiveLoopAsync(lifetime.Token).ConfigureAwait(false);
        }
        finally
        {
            _session.Outbox.RequestClose(new CloseRequest(WebSocketCloseStatus.NormalClosure, "", DiscardPending: false));
            await sending.ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var inbound = new RpcInbound(RpcTransport.WebSocket, _session.RemoteAddress, _session.Credits, _session, HttpAuthorization.None, cancellationToken);
        using var responses = new PooledBufferWriter();
        while (true)
        {
            var (type, length, tooLarge) = await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
            if (type == WebSocketMessageType.Close)
            {
                return;
            }

            if (_session.Outbox.Close is not null)
            {
                continue; // closing: read on until the client's close frame, answer nothing
            }

            if (tooLarge)
            {
                await RespondAsync(responses, _dispatcher.Refuse(RpcErrors.BadRequest("message too large")), cancellationToken).ConfigureAwait(false);
                _session.Outbox.RequestClose(new CloseRequest(WebSocketCloseStatus.MessageTooBig, "message too large", DiscardPending: false));
                continue;
            }

            var response = type == WebSocketMessageType.Text
                ? await _dispatcher.DispatchJsonAsync(_buffer.AsMemory(0, length), null, inbound).ConfigureAwait(false)
                : _dispatcher.Refuse(RpcErrors.BadRequest("binary messages are not supported"));
            await RespondAsync(responses, response, cancellationToken).ConfigureAwait(false);
            ShrinkBuffer();
        }
    }

    /// <summary>
    /// One whole message into the buffer, grown as needed up to one byte past the limit; the rest of a message
    /// past the limit is read and dropped.
    /// </summary>
    private async ValueTask<(WebSocketMessageType Type, int Length, bool TooLarge)> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var limit = _options.MaxWebSocketMessageBytes;
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            if (length == _buffer.Length)
            {
                if (length > limit)
                {
                    tooLarge = true;
                    length = 0;
                }
                else
                {
                    var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, limit + 1));
                    _buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = grown;
                }
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0, false);
            }

            length += result.Count;
            if (length > limit)
            {
                tooLarge = true;
                length = 0;
            }

            if (result.EndOfMessage)
            {
                return (result.MessageType, length, tooLarge);
            }
        }
    }

    /// <summary>A large message leaves a large buffer; an idle connection should not keep it.</summary>
    private void ShrinkBuffer()
    {
        if (_buffer.Length > 4 * InitialBufferBytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        }
    }

    private ValueTask RespondAsync(PooledBufferWriter responses, in RpcResponse response, CancellationToken cancellationToken)
    {
        _dispatcher.Write(responses, response);
        var buffer = responses.Detach(out var length);
        return _session.Outbox.PostAsync(new OutboundFrame(buffer, length, Pooled: true), cancellationToken);
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var outbox = _session.Outbox;
        try
        {
            while (await outbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (outbox.Reader.TryRead(out var frame))
                {
                    try
                    {
                        if (outbox.Close is not { DiscardPending: true })
                        {
                            await _socket.SendAsync(frame.Buffer.AsMemory(0, frame.Length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        SessionOutbox.Release(frame);
                    }
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var close = outbox.Close!;
                await _socket.CloseOutputAsync(close.Status, close.Description, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The connection is gone; whatever is still queued goes back to the pool.
            while (outbox.Reader.TryRead(out var frame))
            {
                SessionOutbox.Release(frame);
            }
        }
    }
}
