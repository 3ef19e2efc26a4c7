using Clearline.Api.Auth;
using Clearline.Api.Hosting;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Api.Subscriptions;

namespace Clearline.Api.BuiltIn;

/// <summary>
/// <c>public|private/subscribe</c>, <c>unsubscribe</c> and <c>unsubscribe_all</c>; WebSocket only. As on Deribit, a
/// subscription answers with the channels it did subscribe: a channel that does not exist, or that the caller may
/// not have, is left out rather than failing the call. Private channels (<c>user.*</c>) only go through
/// <c>private/subscribe</c>. Going past the per-connection limit fails the whole call with 10028.
/// </summary>
internal sealed class SubscriptionMethods : IRpcMethodModule
{
    private readonly SubscriptionHub _hub;
    private readonly IChannelResolver _resolver;
    private readonly int _maxPerSession;
    private readonly Param<IReadOnlyList<string>> _channels;
    private readonly ParamSchema _schema;

    public SubscriptionMethods(SubscriptionHub hub, IChannelResolver resolver, ApiOptions options)
    {
        _hub = hub;
        _resolver = resolver;
        _maxPerSession = options.MaxSubscriptionsPerConnection;
        var b = new ParamSchemaBuilder();
        _channels = b.AddStringArray("channels", required: true, maxItems: options.MaxSubscriptionsPerConnection);
        _schema = b.Build();
    }

    public void Register(RpcMethodRegistry registry)
    {
        foreach (var visibility in (string[])["public", "private"])
        {
            var isPrivate = visibility == "private";
            registry.Add(new RpcMethod($"{visibility}/subscribe", _schema, (p, c) => Subscribe(p, c, isPrivate)) { Transports = RpcTransport.WebSocket });
            registry.Add(new RpcMethod($"{visibility}/unsubscribe", _schema, (p, c) => Unsubscribe(p, c, isPrivate)) { Transports = RpcTransport.WebSocket });
            registry.Add(new RpcMethod($"{visibility}/unsubscribe_all", ParamSchema.Empty, UnsubscribeAll) { Transports = RpcTransport.WebSocket });
        }
    }

    private ValueTask<RpcResult> Subscribe(RpcParams parameters, RpcCallContext context, bool isPrivate)
    {
        var session = context.Session!;
        var accepted = new List<string>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var added = 0;
        foreach (var channel in parameters.Get(_channels))
        {
            if (!distinct.Add(channel) || !Allowed(channel, context.Caller, isPrivate))
            {
                continue;
            }

            accepted.Add(channel);
            added += session.Channels.Contains(channel) ? 0 : 1;
        }

        if (session.Channels.Count + added > _maxPerSession)
        {
            return new(RpcErrors.TooManyRequestsBecause($"at most {_maxPerSession} subscriptions per connection"));
        }

        foreach (var channel in accepted)
        {
            if (session.Channels.Add(channel))
            {
                _hub.Subscribe(session, channel);
                _resolver.OnSubscribed(session, channel);
            }
        }

        return new(RpcResult.Json(accepted.ToArray(), ApiJsonContext.Default.StringArray));
    }

    /// <summary>Answers with the channels that were subscribed and no longer are.</summary>
    private ValueTask<RpcResult> Unsubscribe(RpcParams parameters, RpcCallContext context, bool isPrivate)
    {
        var session = context.Session!;
        var removed = new List<string>();
        foreach (var channel in parameters.Get(_channels))
        {
            var mayRemove = isPrivate || !_resolver.TryResolve(channel, out var access) || !access.IsPrivate;
            if (mayRemove && session.Channels.Remove(channel))
            {
                _hub.Unsubscribe(session, channel);
                removed.Add(channel);
            }
        }

        return new(RpcResult.Json(removed.ToArray(), ApiJsonContext.Default.StringArray));
    }

    private ValueTask<RpcResult> UnsubscribeAll(RpcParams parameters, RpcCallContext context)
    {
        _hub.UnsubscribeAll(context.Session!);
        return new(RpcResult.Ok);
    }

    private bool Allowed(string channel, ApiKey? caller, bool isPrivate)
    {
        if (!_resolver.TryResolve(channel, out var access) || (access.IsPrivate && !isPrivate))
        {
            return false;
        }

        return !access.RequiresAuthentication || (caller is not null && caller.HasScopes(access.Scopes));
    }
}
