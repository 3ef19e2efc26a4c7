using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Clearline.Bench.Api;

/// <summary>
/// What one connection's answers said, and their round trips, counted only within the measuring window (answers
/// outside it warm up or drain). Written by the connection's receiving side only.
/// </summary>
internal sealed class AnswerTally(MeasuringWindow window)
{
    private readonly List<long> _roundTrips = [];
    private readonly Dictionary<int, long> _errors = [];

    public long Answered { get; private set; }

    public long Passive { get; private set; }

    public long Crossing { get; private set; }

    /// <summary>Crossing orders that traded in full (the rest found too little at their price and were cancelled).</summary>
    public long Filled { get; private set; }

    public long Cancels { get; private set; }

    public IReadOnlyDictionary<int, long> Errors => _errors;

    public IReadOnlyList<long> RoundTrips => _roundTrips;

    public void Record(OrderRequestKind kind, long stamp, long answeredAt, in OrderAnswer answer)
    {
        if (!window.Contains(answeredAt))
        {
            return;
        }

        Answered++;
        _roundTrips.Add(answeredAt - stamp);
        if (answer.Code != 0)
        {
            _errors[answer.Code] = _errors.GetValueOrDefault(answer.Code) + 1;
            return;
        }

        switch (kind)
        {
            case OrderRequestKind.Passive:
                Passive++;
                break;
            case OrderRequestKind.Crossing:
                Crossing++;
                Filled += answer.State == OrderState.Filled ? 1 : 0;
                break;
            default:
                Cancels++;
                break;
        }
    }
}

/// <summary>The stretch of a run that counts: from <see cref="Open"/> to <see cref="Close"/>, Stopwatch timestamps.</summary>
internal sealed class MeasuringWindow
{
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    public static MeasuringWindow Always()
    {
        var window = new MeasuringWindow();
        window.Open(0);
        return window;
    }

    public long Start => Volatile.Read(ref _start);

    public long End => Volatile.Read(ref _end);

    public void Open(long at) => Volatile.Write(ref _start, at);

    public void Close(long at) => Volatile.Write(ref _end, at);

    public bool Contains(long at) => at >= Start && at < End;
}

internal enum OrderState : byte
{
    None,
    Open,
    Filled,
    Other,
}

/// <summary>The parts of an answer the load generator needs: its id, error code (0 for a result), and the order's id and state.</summary>
internal readonly record struct OrderAnswer(long Id, int Code, long OrderId, OrderState State)
{
    public static OrderAnswer Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        long id = -1, orderId = 0;
        var code = 0;
        var state = OrderState.None;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            // The order's own fields come before its trades', so the first order_id and order_state are the order's.
            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetInt64();
            }
            else if (reader.CurrentDepth == 2 && reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.GetInt32();
            }
            else if (orderId == 0 && reader.ValueTextEquals("order_id"u8))
            {
                reader.Read();
                orderId = Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out _) ? parsed : -1;
            }
            else if (state == OrderState.None && reader.ValueTextEquals("order_state"u8))
            {
                reader.Read();
                state = reader.ValueTextEquals("open"u8) ? OrderState.Open : reader.ValueTextEquals("filled"u8) ? OrderState.Filled : OrderState.Other;
            }
        }

        return new OrderAnswer(id, code, orderId, state);
    }
}

/// <summary>
/// One WebSocket of the load generator, signed in, sending its <see cref="OrderFlow"/>. The server answers a
/// connection's requests in order, so the requests in flight are a queue and each answer closes the oldest.
/// Either closed loop (<see cref="SaturateAsync"/>: a fixed number in flight) or open loop (<see cref="SendDue"/> from
/// a pacer, <see cref="ReceiveAsync"/> here), each round trip timed from the request's stamp: its send, or in the
/// open loop its due time, so a stall is charged to every request it delays.
/// </summary>
internal sealed class OrderEntryConnection : IDisposable
{
    private const int MaxRequestBytes = 512;

    private readonly ClientWebSocket _socket = new();
    private readonly OrderFlow _flow;
    private readonly ConcurrentQueue<InFlight> _inFlight = new();
    private readonly byte[] _answer = new byte[1 << 16];
    private long _nextId;
    private Exception? _sendFault;

    private OrderEntryConnection(OrderFlow flow)
    {
        _flow = flow;
    }

    public static async Task<OrderEntryConnection> OpenAsync(Uri uri, string clientId, string clientSecret, OrderFlow flow)
    {
        var connection = new OrderEntryConnection(flow);
        await connection._socket.ConnectAsync(uri, CancellationToken.None).ConfigureAwait(false);
        var auth = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 0,
            ["method"] = "public/auth",
            ["params"] = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret },
        });
        await connection._socket.SendAsync(auth, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        var answer = await connection.ReceiveMessageAsync().ConfigureAwait(false);
        if (OrderAnswer.Parse(answer.Span).Code != 0)
        {
            throw new InvalidOperationException("the load generator could not sign in: " + Encoding.UTF8.GetString(answer.Span));
        }

        return connection;
    }

    /// <summary>Keeps <paramref name="window"/> requests in flight until <paramref name="stop"/>, then takes the rest of the answers.</summary>
    public async Task SaturateAsync(int window, AnswerTally tally, CancellationToken stop)
    {
        for (var i = 0; i < window; i++)
        {
            await SendAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false);
        }

        while (!_inFlight.IsEmpty)
        {
            await ReceiveOneAsync(tally).ConfigureAwait(false);
            if (!stop.IsCancellationRequested)
            {
                await SendAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Pacer thread: the request due at <paramref name="due"/>, sent now without waiting for the send to finish.</summary>
    public void SendDue(long due)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestBytes);
        var sending = Send(due, buffer);
        if (sending.IsCompletedSuccessfully)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else
        {
            _ = FinishSendAsync(sending, buffer);
        }
    }

    /// <summary>Takes <paramref name="count"/> answers (of requests sent by <see cref="SendDue"/>).</summary>
    public async Task ReceiveAsync(long count, AnswerTally tally)
    {
        for (var i = 0; i < count; i++)
        {
            await ReceiveOneAsync(tally).ConfigureAwait(false);
        }
    }

    public async Task CloseAsync()
    {
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose() => _socket.Dispose();

    private async ValueTask SendAsync(long stamp)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestBytes);
        try
        {
            await Send(stamp, buffer).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Queues the request as in flight, then starts sending it: the queue's order is the wire's.</summary>
    private ValueTask Send(long stamp, byte[] buffer)
    {
        var id = ++_nextId;
        var (kind, length) = _flow.Next(id, buffer);
        _inFlight.Enqueue(new InFlight(id, kind, stamp));
        return _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    private async Task FinishSendAsync(ValueTask sending, byte[] buffer)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            _sendFault = e;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveOneAsync(AnswerTally tally)
    {
        var message = await ReceiveMessageAsync().ConfigureAwait(false);
        var answeredAt = Stopwatch.GetTimestamp();
        var answer = OrderAnswer.Parse(message.Span);
        if (!_inFlight.TryDequeue(out var request) || request.Id != answer.Id)
        {
            throw new InvalidOperationException($"answer {answer.Id} does not match the oldest request in flight ({request.Id})");
        }

        if (request.Kind == OrderRequestKind.Passive && answer.State == OrderState.Open)
        {
            _flow.Rested(answer.OrderId);
        }

        tally.Record(request.Kind, request.Stamp, answeredAt, answer);
    }

    private async Task<ReadOnlyMemory<byte>> ReceiveMessageAsync()
    {
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_answer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the server closed a load-generator connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})", _sendFault);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return _answer.AsMemory(0, length);
            }
        }
    }

    private readonly record struct InFlight(long Id, OrderRequestKind Kind, long Stamp);
}
