using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Clearline.Api.Tests.Support;

/// <summary>
/// Deribit's signatures computed from the documented formulas, independently of the server's code:
/// hex(HMAC-SHA256(secret, ts + "\n" + nonce + "\n" + data)) for public/auth, and for the HTTP header
/// hex(HMAC-SHA256(secret, ts + "\n" + nonce + "\n" + METHOD + "\n" + URI + "\n" + body + "\n")).
/// </summary>
public static class Signatures
{
    public static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    public static string ClientSignature(string secret, long timestampMs, string nonce, string data) =>
        Hmac(secret, $"{timestampMs}\n{nonce}\n{data}");

    /// <summary>The header ccxt sends: <c>deri-hmac-sha256 id=..,ts=..,sig=..,nonce=..</c>.</summary>
    public static AuthenticationHeaderValue Header(string clientId, string secret, long timestampMs, string nonce, string method, string uri, string body = "")
    {
        var signature = Hmac(secret, $"{timestampMs}\n{nonce}\n{method}\n{uri}\n{body}\n");
        return new AuthenticationHeaderValue("deri-hmac-sha256", $"id={clientId},ts={timestampMs},sig={signature},nonce={nonce}");
    }
}
