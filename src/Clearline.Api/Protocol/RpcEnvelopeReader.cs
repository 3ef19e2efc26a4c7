using System.Text.Json;
using System.Text.Unicode;
using Clearline.Api.Methods;

namespace Clearline.Api.Protocol;

/// <summary>
/// Reads one JSON-RPC 2.0 request with a <see cref="Utf8JsonReader"/>, without building a document: the
/// members are checked as they stream by and <c>params</c> is only located. Errors rank as JSON-RPC implies:
/// malformed JSON (-32700) over a malformed request (-32600) over an unknown method (-32601) over params that
/// are not an object (-32602). <c>jsonrpc</c> may be omitted (Deribit does not insist on it) but must otherwise
/// be "2.0"; batches, positional params and unknown members are refused.
/// </summary>
internal static class RpcEnvelopeReader
{
    /// <summary>Longer than any method name; a longer one cannot be found anyway.</summary>
    private const int MaxMethodNameBytes = 128;

    public static RpcEnvelope Read(ReadOnlySpan<byte> json, RpcMethodRegistry registry)
    {
        // The reader checks structure, not that the text inside strings is valid UTF-8: checked here, up front.
        if (!Utf8.IsValid(json))
        {
            return Failed(RequestId.None, RpcErrors.ParseError);
        }

        try
        {
            return ReadObject(json, registry);
        }
        catch (JsonException)
        {
            return Failed(RequestId.None, RpcErrors.ParseError);
        }
    }

    private static RpcEnvelope ReadObject(ReadOnlySpan<byte> json, RpcMethodRegistry registry)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            return Failed(RequestId.None, RpcErrors.ParseError);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = reader.TokenType == JsonTokenType.StartArray ? "batch requests are not supported" : "a request must be a JSON object";
            reader.Skip();
            EnsureEnd(ref reader);
            return Failed(RequestId.None, RpcErrors.InvalidRequest(kind));
        }

        var id = RequestId.None;
        RpcError? invalid = null;
        RpcMethod? method = null;
        bool hasMethod = false, hasParams = false, paramsNotObject = false;
        var seen = Member.None;
        Range parameters = default;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = Identify(ref reader);
            reader.Read();
            if (member == Member.Unknown || (seen & member) != 0)
            {
                invalid ??= RpcErrors.InvalidRequest(member == Member.Unknown ? "unexpected member" : "duplicate member");
                reader.Skip();
                continue;
            }

            seen |= member;
            switch (member)
            {
                case Member.JsonRpc:
                    if (reader.TokenType != JsonTokenType.String || !JsonText.TextEquals(ref reader, "2.0"u8))
                    {
                        invalid ??= RpcErrors.InvalidRequest("jsonrpc must be \"2.0\"");
                    }

                    break;

                case Member.Id:
                    if (!TryReadId(ref reader, out id))
                    {
                        invalid ??= RpcErrors.InvalidRequest("id must be an integer or a string");
                    }

                    break;

                case Member.Method:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        invalid ??= RpcErrors.InvalidRequest("method must be a string");
                        reader.Skip();
                        break;
                    }

                    hasMethod = true;
                    method = Resolve(ref reader, registry);
                    break;

                default:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        parameters = start..(int)reader.BytesConsumed;
                        hasParams = true;
                    }
                    else
                    {
                        paramsNotObject = reader.TokenType != JsonTokenType.Null;
                        reader.Skip();
                    }

                    break;
            }
        }

        EnsureEnd(ref reader);
        var error = invalid
            ?? (hasMethod && method is null ? RpcErrors.MethodNotFound : null)
            ?? (paramsNotObject ? RpcErrors.InvalidParams("params", "must be an object") : null);
        return new RpcEnvelope(id, hasMethod, method, parameters, hasParams, error);
    }

    private static RpcEnvelope Failed(RequestId id, RpcError error) => new(id, false, null, default, false, error);

    /// <summary>Anything but whitespace after the request is malformed JSON; the reader throws on it.</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("More than one JSON value.");
        }
    }

    private static Member Identify(ref Utf8JsonReader reader) =>
        JsonText.TextEquals(ref reader, "jsonrpc"u8) ? Member.JsonRpc :
        JsonText.TextEquals(ref reader, "id"u8) ? Member.Id :
        JsonText.TextEquals(ref reader, "method"u8) ? Member.Method :
        JsonText.TextEquals(ref reader, "params"u8) ? Member.Params :
        Member.Unknown;

    private static bool TryReadId(ref Utf8JsonReader reader, out RequestId id)
    {
        id = RequestId.None;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                id = RequestId.FromNumber(number);
                return true;
            case JsonTokenType.String when JsonText.TryGetString(ref reader, out var text):
                id = RequestId.FromString(text);
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>Looks the name up as characters decoded on the stack: no string for a known or unknown method.</summary>
    private static RpcMethod? Resolve(ref Utf8JsonReader reader, RpcMethodRegistry registry)
    {
        if (reader.ValueSpan.Length > MaxMethodNameBytes)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[MaxMethodNameBytes];
        int written;
        try
        {
            written = reader.CopyString(utf8);
        }
        catch (InvalidOperationException)
        {
            return null; // an escape that decodes to no valid text: no method has such a name
        }

        Span<char> chars = stackalloc char[MaxMethodNameBytes];
        var status = Utf8.ToUtf16(utf8[..written], chars, out _, out var charCount, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? registry.Find(chars[..charCount]) : null;
    }

    [Flags]
    private enum Member
    {
        None = 0,
        JsonRpc = 1,
        Id = 2,
        Method = 4,
        Params = 8,
        Unknown = 16,
    }
}
