using Clearline.Api.Auth;
using Clearline.Api.Subscriptions;
using Clearline.Api.Transport;
using Clearline.Server.Venue;

namespace Clearline.Server.Rpc;

/// <summary>
/// The channels the venue publishes and who may have them. <c>raw</c> market-data feeds need an authenticated session,
/// as on Deribit; <c>user.*</c> channels need the read scope and carry only the subscriber's own data.
/// </summary>
internal sealed class VenueChannels(VenueView view) : IChannelResolver
{
    /// <summary>Deribit writes <c>user.portfolio.btc</c>; the upper-case code is taken too.</summary>
    private readonly HashSet<string> _portfolioCurrencies = [.. view.Clearing.Currencies.All.SelectMany(c => (string[])[c.Code, c.Code.ToLowerInvariant()])];

    public bool TryResolve(string channel, out ChannelAccess access)
    {
        ArgumentNullException.ThrowIfNull(channel);
        access = default;
        var parts = channel.Split('.');
        switch (parts)
        {
            case ["book" or "trades" or "ticker", var instrument, "100ms" or "raw"] when view.TryGetMarket(instrument, out _):
                access = parts[2] == "raw" ? ChannelAccess.Authenticated : ChannelAccess.Public;
                return true;
            case ["deribit_price_index", var index] when view.Clearing.Indices.Any(i => i.Name == index):
            case ["markprice", "options", var optionIndex] when view.Clearing.Indices.Any(i => i.Name == optionIndex):
                access = ChannelAccess.Public;
                return true;
            case ["user", "orders" or "trades", var instrument, "100ms" or "raw"] when view.TryGetMarket(instrument, out _):
            case ["user", "orders" or "trades", "future" or "option" or "any", var currency, "100ms" or "raw"] when currency == "any" || IsCurrency(currency):
                access = ChannelAccess.Private(ApiScopes.Read);
                return true;
            case ["user", "portfolio", var currency] when _portfolioCurrencies.Contains(currency):
                access = ChannelAccess.Private(ApiScopes.Read);
                return true;
            default:
                return false;
        }
    }

    public void OnSubscribed(RpcSession session, string channel) => view.SendSnapshot(session, channel);

    private bool IsCurrency(string code) => view.Clearing.Currencies.All.Any(c => c.Code == code);
}
