using Clearline.Api.Transport;

namespace Clearline.Api.Subscriptions;

/// <summary>
/// Knows the channels the venue publishes (<c>book.BTC-PERPETUAL.100ms</c>, <c>user.orders.any.any.raw</c>, ...)
/// and who may subscribe to each. The transport layer knows none: the venue supplies this.
/// </summary>
public interface IChannelResolver
{
    /// <returns>False for a channel that does not exist.</returns>
    bool TryResolve(string channel, out ChannelAccess access);

    /// <summary>
    /// Called once a session has subscribed to a channel this resolver accepted, before the subscription's answer
    /// is sent: the place to send the new subscriber a snapshot (<see cref="SubscriptionHub.SendTo{T}"/>).
    /// </summary>
    void OnSubscribed(RpcSession session, string channel)
    {
    }
}

/// <summary>The resolver until the venue registers its own: no channel exists, so every subscription returns [].</summary>
internal sealed class NoChannels : IChannelResolver
{
    public bool TryResolve(string channel, out ChannelAccess access)
    {
        access = default;
        return false;
    }
}
