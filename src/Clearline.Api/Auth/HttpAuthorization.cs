namespace Clearline.Api.Auth;

/// <summary>
/// What an HTTP request presents for authentication: its <c>Authorization</c> header and, for
/// <c>deri-hmac-sha256</c>, the parts of the request the signature covers. Checked only when a private method
/// needs it, so a public call never pays for signature verification.
/// </summary>
internal readonly record struct HttpAuthorization(string? Header, string HttpMethod, string Target, ReadOnlyMemory<byte> Body)
{
    public static HttpAuthorization None => new(null, "", "", ReadOnlyMemory<byte>.Empty);
}
