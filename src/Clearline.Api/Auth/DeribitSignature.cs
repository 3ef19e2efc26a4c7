using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Clearline.Api.Auth;

/// <summary>
/// Deribit's two HMAC-SHA256 signatures, hex encoded, keyed by the client secret:
/// <list type="bullet">
/// <item><c>public/auth</c> with <c>client_signature</c>: over <c>timestamp \n nonce \n data</c>;</item>
/// <item>the HTTP header <c>deri-hmac-sha256</c>: over <c>timestamp \n nonce \n METHOD \n URI \n body \n</c>, the
/// URI being the path with its query string as sent.</item>
/// </list>
/// Comparisons are in constant time on the decoded digest.
/// </summary>
internal static class DeribitSignature
{
    private const int DigestLength = 32;

    public static bool ClientSignatureMatches(ApiKey key, long timestampMs, string nonce, string data, ReadOnlySpan<char> signatureHex)
    {
        Span<char> timestamp = stackalloc char[20];
        timestampMs.TryFormat(timestamp, out var written, provider: CultureInfo.InvariantCulture);
        var builder = new MessageBuilder(written + nonce.Length + data.Length + 2);
        try
        {
            builder.Append(timestamp[..written]);
            builder.Newline();
            builder.Append(nonce);
            builder.Newline();
            builder.Append(data);
            return Matches(key, builder.Message, signatureHex);
        }
        finally
        {
            builder.Dispose();
        }
    }

    public static bool RequestSignatureMatches(
        ApiKey key,
        ReadOnlySpan<char> timestamp,
        ReadOnlySpan<char> nonce,
        ReadOnlySpan<char> httpMethod,
        ReadOnlySpan<char> uri,
        ReadOnlySpan<byte> body,
        ReadOnlySpan<char> signatureHex)
    {
        var builder = new MessageBuilder(timestamp.Length + nonce.Length + httpMethod.Length + uri.Length + body.Length + 5);
        try
        {
            builder.Append(timestamp);
            builder.Newline();
            builder.Append(nonce);
            builder.Newline();
            builder.AppendAsciiUpper(httpMethod);
            builder.Newline();
            builder.Append(uri);
            builder.Newline();
            builder.Append(body);
            builder.Newline();
            return Matches(key, builder.Message, signatureHex);
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static bool Matches(ApiKey key, ReadOnlySpan<byte> message, ReadOnlySpan<char> signatureHex)
    {
        Span<byte> presented = stackalloc byte[DigestLength];
        if (signatureHex.Length != 2 * DigestLength
            || Convert.FromHexString(signatureHex, presented, out _, out var decoded) != OperationStatus.Done
            || decoded != DigestLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[DigestLength];
        key.Sign(message, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>The UTF-8 string to sign, assembled in one pooled buffer.</summary>
    private ref struct MessageBuilder
    {
        private byte[] _buffer;
        private int _length;

        public MessageBuilder(int maxChars)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(maxChars));
        }

        public readonly ReadOnlySpan<byte> Message => _buffer.AsSpan(0, _length);

        public void Append(scoped ReadOnlySpan<char> text) => _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));

        /// <summary>HTTP methods are ASCII tokens (Kestrel refuses anything else).</summary>
        public void AppendAsciiUpper(scoped ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                _buffer[_length++] = (byte)char.ToUpperInvariant(c);
            }
        }

        public void Append(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void Newline() => _buffer[_length++] = (byte)'\n';

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
