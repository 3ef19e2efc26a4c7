using Clearline.Api.Auth;

namespace Clearline.Api.Subscriptions;

/// <summary>Who may subscribe to a channel: anyone, any authenticated session, or a key holding some scopes.</summary>
public readonly record struct ChannelAccess(bool RequiresAuthentication, ApiScopes Scopes)
{
    public static ChannelAccess Public => default;

    /// <summary>Public data that still needs an authenticated session (Deribit's <c>raw</c> book feeds).</summary>
    public static ChannelAccess Authenticated => new(true, ApiScopes.None);

    /// <summary>A caller's own data (<c>user.*</c>): only through <c>private/subscribe</c>.</summary>
    public static ChannelAccess Private(ApiScopes scopes) => new(true, scopes);

    internal bool IsPrivate => Scopes != ApiScopes.None;
}
