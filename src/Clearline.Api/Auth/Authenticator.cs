using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Clearline.Api.Hosting;
using Clearline.Api.Protocol;

namespace Clearline.Api.Auth;

/// <summary>
/// Turns presented credentials into an <see cref="ApiKey"/>: client credentials and client signatures for
/// <c>public/auth</c> (refused with 13004), and bearer tokens, Basic credentials and <c>deri-hmac-sha256</c>
/// signatures on private calls (refused with 13009). Signed requests must carry a timestamp within the window
/// of the server clock and a nonce the key has not used within it. Reasons never say whether a client id
/// exists, and no secret, token or signature is ever put in an error or a log.
/// </summary>
internal sealed class Authenticator
{
    /// <summary>Nonces are remembered; an unbounded one would let a key grow the registry at will.</summary>
    internal const int MaxNonceLength = 128;

    private readonly ApiKeyStore _keys;
    private readonly TokenStore _tokens;
    private readonly NonceRegistry _nonces;
    private readonly long _windowMs;

    public Authenticator(ApiKeyStore keys, TokenStore tokens, NonceRegistry nonces, ApiOptions options)
    {
        _keys = keys;
        _tokens = tokens;
        _nonces = nonces;
        _windowMs = (long)options.SignatureWindow.TotalMilliseconds;
    }

    public AuthOutcome ClientCredentials(string clientId, string clientSecret) =>
        _keys.TryGet(clientId, out var key) && key.SecretEquals(clientSecret) ? key : RpcErrors.InvalidCredentials();

    public AuthOutcome ClientSignature(string clientId, long timestampMs, string nonce, string data, string signature, long nowMs)
    {
        var refusal = CheckFreshness(timestampMs, nonce, nowMs);
        if (refusal is not null)
        {
            return RpcErrors.InvalidCredentials(refusal);
        }

        if (!_keys.TryGet(clientId, out var key) || !DeribitSignature.ClientSignatureMatches(key, timestampMs, nonce, data, signature))
        {
            return RpcErrors.InvalidCredentials("invalid signature");
        }

        return _nonces.TryUse(key.ClientId, nonce, timestampMs + _windowMs, nowMs) ? key : RpcErrors.InvalidCredentials("nonce already used");
    }

    public AuthOutcome AccessToken(string token, long nowMs) =>
        _tokens.TryResolveAccess(token, nowMs, out var clientId) && _keys.TryGet(clientId, out var key)
            ? key
            : RpcErrors.Unauthorized("invalid or expired token");

    public AuthOutcome RefreshToken(string token, long nowMs) =>
        _tokens.TryRedeemRefresh(token, nowMs, out var clientId) && _keys.TryGet(clientId, out var key)
            ? key
            : RpcErrors.Unauthorized("invalid or expired refresh token");

    /// <summary>A session signed in earlier: its key must still exist (removing a key ends its sessions' rights).</summary>
    public AuthOutcome StillValid(ApiKey key) =>
        _keys.TryGet(key.ClientId, out var current) ? current : RpcErrors.Unauthorized("key revoked");

    /// <summary>The <c>Authorization</c> header of an HTTP call: Bearer, Basic or deri-hmac-sha256.</summary>
    public AuthOutcome HttpHeader(in HttpAuthorization authorization, long nowMs)
    {
        var header = authorization.Header.AsSpan().Trim();
        var space = header.IndexOf(' ');
        if (space <= 0)
        {
            return RpcErrors.Unauthorized("malformed authorization header");
        }

        var scheme = header[..space];
        var credentials = header[(space + 1)..].Trim();
        if (scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AccessToken(credentials.ToString(), nowMs);
        }

        if (scheme.Equals("basic", StringComparison.OrdinalIgnoreCase))
        {
            return Basic(credentials);
        }

        if (scheme.Equals("deri-hmac-sha256", StringComparison.OrdinalIgnoreCase))
        {
            return RequestSignature(credentials, authorization, nowMs);
        }

        return RpcErrors.Unauthorized("unsupported authorization scheme");
    }

    private AuthOutcome Basic(ReadOnlySpan<char> encoded)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return RpcErrors.Unauthorized("malformed basic credentials");
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return RpcErrors.Unauthorized("malformed basic credentials");
        }

        return _keys.TryGet(text[..colon], out var key) && key.SecretEquals(text.AsSpan(colon + 1))
            ? key
            : RpcErrors.Unauthorized("invalid credentials");
    }

    /// <summary><c>id=..,ts=..,sig=..,nonce=..</c>, in any order, each exactly once.</summary>
    private AuthOutcome RequestSignature(ReadOnlySpan<char> fields, in HttpAuthorization authorization, long nowMs)
    {
        ReadOnlySpan<char> id = default, ts = default, sig = default, nonce = default;
        var seen = 0;
        foreach (var range in fields.Split(','))
        {
            var field = fields[range].Trim();
            var equals = field.IndexOf('=');
            if (equals <= 0)
            {
                return RpcErrors.Unauthorized("malformed signature header");
            }

            var value = field[(equals + 1)..].Trim();
            var bit = field[..equals].Trim() switch
            {
                "id" => 1,
                "ts" => 2,
                "sig" => 4,
                "nonce" => 8,
                _ => 0,
            };

            if (bit == 0 || (seen & bit) != 0)
            {
                return RpcErrors.Unauthorized("malformed signature header");
            }

            seen |= bit;
            switch (bit)
            {
                case 1:
                    id = value;
                    break;
                case 2:
                    ts = value;
                    break;
                case 4:
                    sig = value;
                    break;
                default:
                    nonce = value;
                    break;
            }
        }

        if (seen != 15 || id.IsEmpty || sig.IsEmpty
            || !long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var timestampMs))
        {
            return RpcErrors.Unauthorized("malformed signature header");
        }

        var nonceText = nonce.ToString();
        var refusal = CheckFreshness(timestampMs, nonceText, nowMs);
        if (refusal is not null)
        {
            return RpcErrors.Unauthorized(refusal);
        }

        if (!_keys.TryGet(id.ToString(), out var key)
            || !DeribitSignature.RequestSignatureMatches(key, ts, nonce, authorization.HttpMethod, authorization.Target, authorization.Body.Span, sig))
        {
            return RpcErrors.Unauthorized("invalid signature");
        }

        return _nonces.TryUse(key.ClientId, nonceText, timestampMs + _windowMs, nowMs) ? key : RpcErrors.Unauthorized("nonce already used");
    }

    private string? CheckFreshness(long timestampMs, string nonce, long nowMs)
    {
        if (timestampMs < nowMs - _windowMs || timestampMs > nowMs + _windowMs)
        {
            return "timestamp outside the allowed window";
        }

        if (nonce.Length == 0)
        {
            return "nonce required";
        }

        return nonce.Length > MaxNonceLength ? "nonce too long" : null;
    }
}
