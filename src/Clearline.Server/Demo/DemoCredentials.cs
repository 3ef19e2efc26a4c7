using System.Text.Json;
using Clearline.Api.Auth;

namespace Clearline.Server.Demo;

/// <summary>
/// The demo trading account's API key, kept in <c>demo-credentials.json</c> (owner-only, as <c>api-keys.json</c>)
/// as <c>{"client_id":"...","client_secret":"..."}</c>. Created on the first start, reused after, so a client
/// configured once keeps working across restarts.
/// </summary>
public static class DemoCredentials
{
    public const string FileName = "demo-credentials.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static (string ClientId, string ClientSecret) Ensure(ApiKeyStore keys, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty");
            if (keys.TryGet(saved.ClientId, out _))
            {
                return (saved.ClientId, saved.ClientSecret);
            }
        }

        var key = keys.Create(DemoAccounts.Trader, ApiScopes.Read | ApiScopes.Trade | ApiScopes.Wallet);
        var temporary = path + ".tmp";
        using (var file = OperatingSystem.IsWindows()
            ? new FileStream(temporary, FileMode.Create, FileAccess.Write)
            : new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            JsonSerializer.Serialize(file, new Saved(key.ClientId, key.ClientSecret), Json);
        }

        File.Move(temporary, path, overwrite: true);
        return (key.ClientId, key.ClientSecret);
    }

    private sealed record Saved(string ClientId, string ClientSecret);
}

/// <summary>The demo's accounts: the trader whose key is printed, and the simulated participants.</summary>
public static class DemoAccounts
{
    public const int MarketMaker = 1;

    public const int Trader = 2;

    public const int NoiseTrader = 3;
}
