using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clearline.Api.Auth;

/// <summary>
/// The API keys, persisted as <c>api-keys.json</c> in the data directory. The file holds secrets (an HMAC
/// verifier needs the secret itself, so it cannot be stored hashed) and is therefore created owner-only
/// (0600, in a 0700 directory); a key file others can read is refused at start-up rather than trusted.
/// Lookups are lock-free against an immutable snapshot; changes are serialised and written atomically
/// (temporary file, flush to disk, rename).
/// </summary>
public sealed class ApiKeyStore
{
    public const string FileName = "api-keys.json";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Lock _writeLock = new();
    private readonly string _path;
    private volatile FrozenDictionary<string, ApiKey> _keys;

    private ApiKeyStore(string path, FrozenDictionary<string, ApiKey> keys)
    {
        _path = path;
        _keys = keys;
    }

    public int Count => _keys.Count;

    /// <summary>Opens the store in <paramref name="dataDirectory"/>, creating the directory (0700) if needed.</summary>
    /// <exception cref="InvalidDataException">The key file is malformed or readable by others than its owner.</exception>
    public static ApiKeyStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!Directory.Exists(dataDirectory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dataDirectory);
            }
            else
            {
                Directory.CreateDirectory(dataDirectory, OwnerOnlyDirectory);
            }
        }

        var path = Path.Combine(dataDirectory, FileName);
        return new ApiKeyStore(path, File.Exists(path) ? Load(path) : FrozenDictionary<string, ApiKey>.Empty);
    }

    public bool TryGet(string clientId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiKey? key) =>
        _keys.TryGetValue(clientId, out key);

    /// <summary>Creates a key with a fresh random client id and secret. The secret is returned only here.</summary>
    public NewApiKey Create(int accountId, ApiScopes scopes)
    {
        var clientId = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        Add(new ApiKey(clientId, secret, accountId, scopes));
        return new NewApiKey(clientId, secret);
    }

    /// <summary>Adds a key with given credentials (provisioning from elsewhere, tests).</summary>
    public void Add(string clientId, string clientSecret, int accountId, ApiScopes scopes) =>
        Add(new ApiKey(clientId, clientSecret, accountId, scopes));

    /// <summary>Removes a key; tokens issued to it stop working at once.</summary>
    public bool Remove(string clientId)
    {
        lock (_writeLock)
        {
            if (!_keys.ContainsKey(clientId))
            {
                return false;
            }

            var next = _keys.Where(pair => pair.Key != clientId).ToFrozenDictionary(StringComparer.Ordinal);
            Save(next);
            _keys = next;
            return true;
        }
    }

    private void Add(ApiKey key)
    {
        lock (_writeLock)
        {
            if (_keys.ContainsKey(key.ClientId))
            {
                throw new InvalidOperationException($"Client id '{key.ClientId}' already exists.");
            }

            var next = _keys.Values.Append(key).ToFrozenDictionary(k => k.ClientId, StringComparer.Ordinal);
            Save(next);
            _keys = next;
        }
    }

    private static FrozenDictionary<string, ApiKey> Load(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & ~OwnerOnlyFile) != 0)
            {
                throw new InvalidDataException($"{path}: mode {Convert.ToString((int)mode, 8)} lets others read API secrets; expected 600.");
            }
        }

        KeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(path), KeyFileJsonContext.Default.KeyFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        if (file?.Keys is null)
        {
            throw new InvalidDataException($"{path}: no \"keys\" array.");
        }

        var keys = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        foreach (var entry in file.Keys)
        {
            if (string.IsNullOrEmpty(entry.ClientId) || string.IsNullOrEmpty(entry.ClientSecret))
            {
                throw new InvalidDataException($"{path}: a key without client_id or client_secret.");
            }

            ApiScopes scopes;
            try
            {
                scopes = ApiScopeText.FromNames(entry.Scopes ?? []);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}: key '{entry.ClientId}': {e.Message}", e);
            }

            if (!keys.TryAdd(entry.ClientId, new ApiKey(entry.ClientId, entry.ClientSecret, entry.AccountId, scopes)))
            {
                throw new InvalidDataException($"{path}: client id '{entry.ClientId}' appears twice.");
            }
        }

        return keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private void Save(FrozenDictionary<string, ApiKey> keys)
    {
        var file = new KeyFile
        {
            Keys = [.. keys.Values.OrderBy(k => k.ClientId, StringComparer.Ordinal).Select(k => new KeyEntry
            {
                ClientId = k.ClientId,
                ClientSecret = k.RevealSecretForStorage(),
                AccountId = k.AccountId,
                Scopes = ApiScopeText.ToNames(k.Scopes),
            })],
        };

        var temporary = _path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only, so the secrets are never readable by others, not even for an instant.
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, file, KeyFileJsonContext.Default.KeyFile);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to a new file; a temporary left by a crash keeps its old mode.
            File.SetUnixFileMode(temporary, OwnerOnlyFile);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    internal sealed class KeyFile
    {
        public List<KeyEntry>? Keys { get; set; }
    }

    internal sealed class KeyEntry
    {
        public string ClientId { get; set; } = "";

        public string ClientSecret { get; set; } = "";

        public int AccountId { get; set; }

        public string[]? Scopes { get; set; }
    }
}

/// <summary>A key just created: the only time its secret is handed out.</summary>
public sealed record NewApiKey(string ClientId, string ClientSecret)
{
    public override string ToString() => $"{ClientId} (secret hidden)";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ApiKeyStore.KeyFile))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
