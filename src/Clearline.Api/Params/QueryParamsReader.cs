using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Clearline.Api.Protocol;
using Microsoft.AspNetCore.WebUtilities;

namespace Clearline.Api.Params;

/// <summary>
/// Reads GET query parameters against a schema, coercing the text to the declared type as Deribit does for
/// its HTTP API: <c>depth=5</c> is an integer, <c>amount=0.5</c> a number, <c>post_only=true</c> a boolean and
/// <c>channels=["a","b"]</c> an array. Anything that does not read exactly as the declared type is refused
/// (no surrounding spaces, no thousands separators, no NaN or infinity).
/// </summary>
internal static class QueryParamsReader
{
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Reads <paramref name="query"/>, the raw query string (with or without its '?'), into
    /// <paramref name="values"/> and returns the first error. The reserved <c>access_token</c> parameter is
    /// handed back in <paramref name="accessToken"/>, even when it comes after the error (as for JSON params).
    /// </summary>
    public static RpcError? Read(string query, ParamSchema schema, Span<ParamValue> values, out string? accessToken)
    {
        var error = ReadPairs(query, schema, values, out accessToken);
        if (error is not null)
        {
            accessToken ??= FindAccessToken(query);
        }

        return error;
    }

    private static string? FindAccessToken(string query)
    {
        foreach (var pair in new QueryStringEnumerable(query))
        {
            if (pair.DecodeName().Span.SequenceEqual(ParamSchemaBuilder.AccessTokenName))
            {
                return pair.DecodeValue().ToString();
            }
        }

        return null;
    }

    private static RpcError? ReadPairs(string query, ParamSchema schema, Span<ParamValue> values, out string? accessToken)
    {
        accessToken = null;
        foreach (var pair in new QueryStringEnumerable(query))
        {
            var name = pair.DecodeName().Span;
            var param = schema.Find(name);
            if (param is null)
            {
                if (name.SequenceEqual(ParamSchemaBuilder.AccessTokenName))
                {
                    if (accessToken is not null)
                    {
                        return RpcErrors.InvalidParams(ParamSchemaBuilder.AccessTokenName, "given more than once");
                    }

                    accessToken = pair.DecodeValue().ToString();
                    continue;
                }

                return RpcErrors.InvalidParams(ParamNames.Echo(name), "unexpected parameter");
            }

            if (values[param.Index].IsSet)
            {
                return RpcErrors.InvalidParams(param.Name, "given more than once");
            }

            var error = Coerce(pair.DecodeValue(), param, out values[param.Index]);
            if (error is not null)
            {
                return RpcErrors.InvalidParams(param.Name, error);
            }
        }

        var missing = schema.FirstMissing(values);
        return missing is null ? null : RpcErrors.InvalidParams(missing.Name, "missing");
    }

    /// <returns>The reason the value is refused, or null.</returns>
    private static string? Coerce(ReadOnlyMemory<char> text, Param param, out ParamValue value)
    {
        value = default;
        var span = text.Span;
        switch (param.Type)
        {
            case ParamType.String:
                if (param.Allowed is null)
                {
                    value = ParamValue.Of(text.ToString());
                    return null;
                }

                if (!param.TryMatchAllowed(span, out var canonical))
                {
                    return param.AllowedReason;
                }

                value = ParamValue.Of(canonical);
                return null;

            case ParamType.Integer:
                if (!long.TryParse(span, IntegerStyle, CultureInfo.InvariantCulture, out var integer))
                {
                    return param.TypeReason;
                }

                value = ParamValue.Of(integer);
                return param.CheckRange(integer);

            case ParamType.Number:
                if (!decimal.TryParse(span, NumberStyle, CultureInfo.InvariantCulture, out var number))
                {
                    return param.TypeReason;
                }

                value = ParamValue.Of(number);
                return param.CheckRange(number);

            case ParamType.Boolean:
                if (span.SequenceEqual("true"))
                {
                    value = ParamValue.Of(true);
                    return null;
                }

                if (span.SequenceEqual("false"))
                {
                    value = ParamValue.Of(false);
                    return null;
                }

                return param.TypeReason;

            default:
                return CoerceStringArray(span, param, out value);
        }
    }

    private static string? CoerceStringArray(ReadOnlySpan<char> text, Param param, out ParamValue value)
    {
        value = default;
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, length));
            if (!reader.Read())
            {
                return param.TypeReason;
            }

            var error = JsonParamsReader.ReadStringArray(ref reader, param, out value);
            if (error is null && reader.Read())
            {
                value = default;
                return param.TypeReason;
            }

            return error;
        }
        catch (JsonException)
        {
            value = default;
            return param.TypeReason;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
