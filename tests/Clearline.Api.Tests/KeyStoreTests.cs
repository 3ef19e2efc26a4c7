using Clearline.Api.Auth;

namespace Clearline.Api.Tests;

/// <summary>The API key file: owner-only, round-trips, refuses to trust a file others can read.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clearline-api-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Keys_persist_owner_only_and_reload()
    {
        var store = ApiKeyStore.Open(_directory);
        var created = store.Create(accountId: 12, ApiScopes.Read | ApiScopes.Wallet);
        store.Add("fixed01", "fixed-secret", 13, ApiScopes.Trade);

        var path = Path.Combine(_directory, ApiKeyStore.FileName);
        var reloaded = ApiKeyStore.Open(_directory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.Equal(2, reloaded.Count);
        Assert.True(reloaded.TryGet(created.ClientId, out var key));
        Assert.Equal(12, key.AccountId);
        Assert.Equal(ApiScopes.Read | ApiScopes.Wallet, key.Scopes);
        Assert.True(key.SecretEquals(created.ClientSecret));
        Assert.False(key.SecretEquals(created.ClientSecret + "x"));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Secrets_appear_in_no_string_form()
    {
        var store = ApiKeyStore.Open(_directory);
        var created = store.Create(1, ApiScopes.Read);
        store.TryGet(created.ClientId, out var key);

        Assert.DoesNotContain(created.ClientSecret, key!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(created.ClientSecret, created.ToString(), StringComparison.Ordinal);
        Assert.Equal(43, created.ClientSecret.Length);
    }

    [Fact]
    public void A_key_file_readable_by_others_is_refused()
    {
        ApiKeyStore.Open(_directory).Create(1, ApiScopes.Read);
        var path = Path.Combine(_directory, ApiKeyStore.FileName);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidDataException>(() => ApiKeyStore.Open(_directory));

        Assert.Contains("644", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_key_file_is_refused_naming_the_file()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, ApiKeyStore.FileName);
        File.WriteAllText(path, """{"keys":[{"client_id":"a","client_secret":"b","account_id":1,"scopes":["admin"]}]}""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<InvalidDataException>(() => ApiKeyStore.Open(_directory));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("admin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_client_ids_are_refused()
    {
        var store = ApiKeyStore.Open(_directory);
        store.Add("dup", "s1", 1, ApiScopes.Read);

        Assert.Throws<InvalidOperationException>(() => store.Add("dup", "s2", 2, ApiScopes.Read));
        Assert.True(store.Remove("dup"));
        Assert.False(store.Remove("dup"));
        Assert.Equal(0, ApiKeyStore.Open(_directory).Count);
    }
}
