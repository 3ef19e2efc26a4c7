namespace Clearline.Api.Auth;

/// <summary>Scopes as Deribit spells them in <c>public/auth</c>'s <c>scope</c> and as the key file stores them.</summary>
internal static class ApiScopeText
{
    /// <summary>Deribit's form, e.g. <c>account:read trade:read_write wallet:none</c>.</summary>
    public static string ToDeribit(ApiScopes scopes)
    {
        var read = (scopes & ApiScopes.Read) != 0;
        var account = read ? "read" : "none";
        var trade = (scopes & ApiScopes.Trade) != 0 ? "read_write" : account;
        var wallet = (scopes & ApiScopes.Wallet) != 0 ? "read_write" : account;
        return $"account:{account} trade:{trade} wallet:{wallet}";
    }

    public static string[] ToNames(ApiScopes scopes)
    {
        var names = new List<string>(3);
        if ((scopes & ApiScopes.Read) != 0)
        {
            names.Add("read");
        }

        if ((scopes & ApiScopes.Trade) != 0)
        {
            names.Add("trade");
        }

        if ((scopes & ApiScopes.Wallet) != 0)
        {
            names.Add("wallet");
        }

        return [.. names];
    }

    public static ApiScopes FromNames(IEnumerable<string> names)
    {
        var scopes = ApiScopes.None;
        foreach (var name in names)
        {
            scopes |= name switch
            {
                "read" => ApiScopes.Read,
                "trade" => ApiScopes.Trade,
                "wallet" => ApiScopes.Wallet,
                _ => throw new FormatException($"Unknown scope '{name}'."),
            };
        }

        return scopes;
    }
}
