using System.Security.Cryptography;
using System.Text;

namespace Clearline.Api.Auth;

/// <summary>
/// An API key: the client id, the account it acts for and its scopes. It is also the identity of an
/// authenticated caller. The secret never leaves this type: it is compared and used as an HMAC key here, and is
/// not part of <see cref="ToString"/>, so logging a key cannot leak it.
/// </summary>
public sealed class ApiKey
{
    private readonly byte[] _secret;

    internal ApiKey(string clientId, string clientSecret, int accountId, ApiScopes scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        ClientId = clientId;
        AccountId = accountId;
        Scopes = scopes;
        _secret = Encoding.UTF8.GetBytes(clientSecret);
    }

    public string ClientId { get; }

    /// <summary>The account the key trades for (the engine's account id).</summary>
    public int AccountId { get; }

    public ApiScopes Scopes { get; }

    public bool HasScopes(ApiScopes required) => (Scopes & required) == required;

    /// <summary>Compares a presented secret with this key's in constant time.</summary>
    internal bool SecretEquals(ReadOnlySpan<char> candidate)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(candidate.Length) <= buffer.Length ? buffer : new byte[Encoding.UTF8.GetMaxByteCount(candidate.Length)];
        var length = Encoding.UTF8.GetBytes(candidate, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..length], _secret);
    }

    /// <summary>HMAC-SHA256 of a message under the secret, as Deribit's signatures are computed.</summary>
    internal void Sign(ReadOnlySpan<byte> message, Span<byte> destination) => HMACSHA256.HashData(_secret, message, destination);

    /// <summary>The secret as stored in the key file; only the store calls this.</summary>
    internal string RevealSecretForStorage() => Encoding.UTF8.GetString(_secret);

    public override string ToString() => $"{ClientId} (account {AccountId}, {Scopes})";
}
