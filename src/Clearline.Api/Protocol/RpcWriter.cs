using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Clearline.Api.Protocol;

/// <summary>
/// Writes responses and notifications in Deribit's v2 shape:
/// <c>{"jsonrpc":"2.0","id":..,"result":..|"error":{..},"usIn":..,"usOut":..,"usDiff":..,"testnet":..}</c>.
/// </summary>
/// <remarks>
/// Writing is synchronous, so each thread keeps one <see cref="Utf8JsonWriter"/> and points it at the next
/// output: no writer is allocated per message. Strings use relaxed escaping: this is an API, not HTML.
/// </remarks>
internal static class RpcWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? _perThreadWriter;

    public static void WriteResponse(IBufferWriter<byte> output, in RpcResponse response, long usOut, bool testnet)
    {
        var writer = Rent(output);
        writer.WriteStartObject();
        writer.WriteString(JsonNames.JsonRpc, JsonNames.Version);
        response.Id.WriteTo(writer);
        if (response.Result.Error is { } error)
        {
            writer.WritePropertyName(JsonNames.Error);
            WriteError(writer, error);
        }
        else
        {
            writer.WritePropertyName(JsonNames.Result);
            response.Result.WriteValue(writer);
        }

        writer.WriteNumber(JsonNames.UsIn, response.UsIn);
        writer.WriteNumber(JsonNames.UsOut, usOut);
        writer.WriteNumber(JsonNames.UsDiff, usOut - response.UsIn);
        writer.WriteBoolean(JsonNames.Testnet, testnet);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>
    /// A subscription notification, <c>{"jsonrpc":"2.0","method":"subscription","params":{"channel":..,"data":..}}</c>:
    /// a request without an id, as JSON-RPC notifications are.
    /// </summary>
    public static void WriteSubscription(IBufferWriter<byte> output, string channel, in RpcResult data)
    {
        var writer = Rent(output);
        writer.WriteStartObject();
        writer.WriteString(JsonNames.JsonRpc, JsonNames.Version);
        writer.WriteString(JsonNames.Method, JsonNames.Subscription);
        writer.WriteStartObject(JsonNames.Params);
        writer.WriteString(JsonNames.Channel, channel);
        writer.WritePropertyName(JsonNames.Data);
        data.WriteValue(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteError(Utf8JsonWriter writer, RpcError error)
    {
        writer.WriteStartObject();
        writer.WriteNumber(JsonNames.Code, error.Code);
        writer.WriteString(JsonNames.Message, error.Message);
        if (error.Reason is not null || error.Param is not null)
        {
            writer.WriteStartObject(JsonNames.Data);
            if (error.Reason is not null)
            {
                writer.WriteString(JsonNames.Reason, error.Reason);
            }

            if (error.Param is not null)
            {
                writer.WriteString(JsonNames.Param, error.Param);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        if (_perThreadWriter is null)
        {
            _perThreadWriter = new Utf8JsonWriter(output, Options);
        }
        else
        {
            _perThreadWriter.Reset(output);
        }

        return _perThreadWriter;
    }
}
