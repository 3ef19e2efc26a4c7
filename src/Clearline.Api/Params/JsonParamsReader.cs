using System.Text.Json;
using Clearline.Api.Protocol;

namespace Clearline.Api.Params;

/// <summary>
/// Reads a JSON <c>params</c> object against a schema, strictly: every member must be a declared parameter of
/// the declared JSON type (a number where a number is expected, never a string holding one), given once.
/// The first problem in document order is reported as -32602 naming the parameter.
/// </summary>
internal static class JsonParamsReader
{
    /// <summary>
    /// Reads <paramref name="json"/>, the params object already checked to be well-formed JSON, into
    /// <paramref name="values"/> (indexed as the schema's parameters), and returns the first error. The reserved
    /// <c>access_token</c> member is handed back in <paramref name="accessToken"/>, even when it comes after the
    /// error: authentication is answered before parameter errors, so a caller holding a valid token must not be told
    /// it is unauthorized because of where its token stood.
    /// </summary>
    public static RpcError? Read(ReadOnlySpan<byte> json, ParamSchema schema, Span<ParamValue> values, out string? accessToken)
    {
        var error = ReadMembers(json, schema, values, out accessToken);
        if (error is not null)
        {
            accessToken ??= FindAccessToken(json);
        }

        return error;
    }

    private static RpcError? ReadMembers(ReadOnlySpan<byte> json, ParamSchema schema, Span<ParamValue> values, out string? accessToken)
    {
        accessToken = null;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var param = Find(ref reader, schema);
            if (param is null)
            {
                if (JsonText.TextEquals(ref reader, "access_token"u8))
                {
                    reader.Read();
                    if (accessToken is not null)
                    {
                        return RpcErrors.InvalidParams(ParamSchemaBuilder.AccessTokenName, "given more than once");
                    }

                    if (reader.TokenType != JsonTokenType.String || !JsonText.TryGetString(ref reader, out accessToken))
                    {
                        return RpcErrors.InvalidParams(ParamSchemaBuilder.AccessTokenName, "must be a string");
                    }

                    continue;
                }

                return RpcErrors.InvalidParams(EchoName(ref reader), "unexpected parameter");
            }

            reader.Read();
            if (values[param.Index].IsSet)
            {
                return RpcErrors.InvalidParams(param.Name, "given more than once");
            }

            var error = ReadValue(ref reader, param, out values[param.Index]);
            if (error is not null)
            {
                return RpcErrors.InvalidParams(param.Name, error);
            }
        }

        var missing = schema.FirstMissing(values);
        return missing is null ? null : RpcErrors.InvalidParams(missing.Name, "missing");
    }

    /// <summary>The first <c>access_token</c> member, if it is a string: a fresh pass, as reading may have stopped inside a value.</summary>
    private static string? FindAccessToken(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = JsonText.TextEquals(ref reader, "access_token"u8);
            reader.Read();
            if (isToken)
            {
                return reader.TokenType == JsonTokenType.String && JsonText.TryGetString(ref reader, out var token) ? token : null;
            }

            reader.Skip();
        }

        return null;
    }

    private static Param? Find(ref Utf8JsonReader reader, ParamSchema schema)
    {
        foreach (var param in schema.Items)
        {
            if (JsonText.TextEquals(ref reader, param.Utf8Name))
            {
                return param;
            }
        }

        return null;
    }

    private static string EchoName(ref Utf8JsonReader reader) =>
        JsonText.TryGetString(ref reader, out var name) ? ParamNames.Echo(name) : "(undecodable name)";

    /// <returns>The reason the value is refused, or null.</returns>
    private static string? ReadValue(ref Utf8JsonReader reader, Param param, out ParamValue value)
    {
        value = default;
        switch (param.Type)
        {
            case ParamType.String:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return param.TypeReason;
                }

                if (param.AllowedUtf8 is { } allowed)
                {
                    for (var i = 0; i < allowed.Length; i++)
                    {
                        if (JsonText.TextEquals(ref reader, allowed[i]))
                        {
                            value = ParamValue.Of(param.Allowed![i]);
                            return null;
                        }
                    }

                    return param.AllowedReason;
                }

                if (!JsonText.TryGetString(ref reader, out var text))
                {
                    return "is not valid text";
                }

                value = ParamValue.Of(text);
                return null;

            case ParamType.Integer:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var integer))
                {
                    return param.TypeReason;
                }

                value = ParamValue.Of(integer);
                return param.CheckRange(integer);

            case ParamType.Number:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var number))
                {
                    return param.TypeReason;
                }

                value = ParamValue.Of(number);
                return param.CheckRange(number);

            case ParamType.Boolean:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return param.TypeReason;
                }

                value = ParamValue.Of(reader.TokenType == JsonTokenType.True);
                return null;

            default:
                return ReadStringArray(ref reader, param, out value);
        }
    }

    /// <summary>Also used for the JSON text of an array parameter given in a query string.</summary>
    internal static string? ReadStringArray(ref Utf8JsonReader reader, Param param, out ParamValue value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return param.TypeReason;
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || !JsonText.TryGetString(ref reader, out var item))
            {
                return param.TypeReason;
            }

            if (items.Count == param.MaxItems)
            {
                return $"must have at most {param.MaxItems} items";
            }

            items.Add(item);
        }

        value = ParamValue.Of(items.ToArray());
        return null;
    }
}
