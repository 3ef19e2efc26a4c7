using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Clearline.Api.Protocol;
using Clearline.Api.Transport;

namespace Clearline.Api.Subscriptions;

/// <summary>
/// Which sessions listen to which channel, and the host's way to publish to them. A notification is serialised
/// once and the same bytes are queued for every subscriber; publishing never waits on a client (a subscriber
/// whose queue is full is disconnected). Safe to call from any thread.
/// </summary>
public sealed class SubscriptionHub
{
    private readonly ConcurrentDictionary<string, Subscribers> _channels = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends <c>{"jsonrpc":"2.0","method":"subscription","params":{"channel":channel,"data":data}}</c> to every
    /// session subscribed to <paramref name="channel"/>.
    /// </summary>
    /// <returns>How many sessions it was queued for.</returns>
    public int Publish<T>(string channel, T data, JsonTypeInfo<T> typeInfo) => Publish(channel, data, typeInfo, account: null);

    /// <summary>
    /// <see cref="Publish{T}(string, T, JsonTypeInfo{T})"/> for a user channel (<c>user.orders.…</c>): every account
    /// subscribes under the same channel name, so only sessions signed in as <paramref name="account"/> get it.
    /// </summary>
    public int PublishToAccount<T>(string channel, int account, T data, JsonTypeInfo<T> typeInfo) => Publish(channel, data, typeInfo, account);

    /// <summary>Sends a notification on <paramref name="channel"/> to one session only (a snapshot for a new subscriber).</summary>
    /// <returns>False when the session's queue is closed or full.</returns>
    public static bool SendTo<T>(RpcSession session, string channel, T data, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(session);
        var message = Serialize(channel, data, typeInfo);
        return session.Outbox.TryPost(new OutboundFrame(message, message.Length, Pooled: false));
    }

    private int Publish<T>(string channel, T data, JsonTypeInfo<T> typeInfo, int? account)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!_channels.TryGetValue(channel, out var subscribers))
        {
            return 0;
        }

        var sessions = subscribers.Snapshot;
        if (sessions.Length == 0)
        {
            return 0;
        }

        byte[]? message = null;
        var queued = 0;
        foreach (var session in sessions)
        {
            if (account is { } a && session.Caller?.AccountId != a)
            {
                continue;
            }

            message ??= Serialize(channel, data, typeInfo);
            if (session.Outbox.TryPost(new OutboundFrame(message, message.Length, Pooled: false)))
            {
                queued++;
            }
        }

        return queued;
    }

    private static byte[] Serialize<T>(string channel, T data, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new PooledBufferWriter();
        RpcWriter.WriteSubscription(buffer, channel, RpcResult.Json(data, typeInfo));
        return buffer.WrittenSpan.ToArray();
    }

    public int SubscriberCount(string channel) => _channels.TryGetValue(channel, out var subscribers) ? subscribers.Snapshot.Length : 0;

    internal void Subscribe(RpcSession session, string channel)
    {
        while (true)
        {
            var subscribers = _channels.GetOrAdd(channel, static _ => new Subscribers());
            if (subscribers.TryAdd(session))
            {
                return;
            }

            // The set emptied and left the table between the lookup and the add; take the next one.
        }
    }

    internal void Unsubscribe(RpcSession session, string channel)
    {
        if (_channels.TryGetValue(channel, out var subscribers) && subscribers.Remove(session))
        {
            _channels.TryRemove(new KeyValuePair<string, Subscribers>(channel, subscribers));
        }
    }

    /// <summary>Drops every subscription of a session that has ended.</summary>
    internal void UnsubscribeAll(RpcSession session)
    {
        foreach (var channel in session.Channels)
        {
            Unsubscribe(session, channel);
        }

        session.Channels.Clear();
    }

    /// <summary>
    /// The sessions of one channel: a copy-on-write array, so publishing reads it without locking. Once it has
    /// emptied it is retired and never reused, which lets it leave the table without racing a subscriber.
    /// </summary>
    private sealed class Subscribers
    {
        private readonly Lock _lock = new();
        private volatile RpcSession[] _sessions = [];
        private bool _retired;

        public RpcSession[] Snapshot => _sessions;

        public bool TryAdd(RpcSession session)
        {
            lock (_lock)
            {
                if (_retired)
                {
                    return false;
                }

                if (Array.IndexOf(_sessions, session) < 0)
                {
                    _sessions = [.. _sessions, session];
                }

                return true;
            }
        }

        /// <returns>True when the set is now empty and retired.</returns>
        public bool Remove(RpcSession session)
        {
            lock (_lock)
            {
                var index = Array.IndexOf(_sessions, session);
                if (index >= 0)
                {
                    _sessions = [.. _sessions.AsSpan(0, index), .. _sessions.AsSpan(index + 1)];
                }

                _retired = _sessions.Length == 0;
                return _retired;
            }
        }
    }
}
