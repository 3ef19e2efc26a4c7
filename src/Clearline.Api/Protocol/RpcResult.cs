using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Clearline.Api.Protocol;

/// <summary>
/// What a method handler returns: a result value or an error. Integers, strings and booleans are held
/// inline; anything else is a value with its source-generated <see cref="JsonTypeInfo"/>, serialised straight
/// into the response; <c>default</c> is a <c>null</c> result. A struct, so a synchronous handler answers through a <c>ValueTask</c> without allocating.
/// </summary>
public readonly struct RpcResult
{
    private readonly object? _value;
    private readonly JsonTypeInfo? _typeInfo;
    private readonly long _integer;
    private readonly Kind _kind;

    private RpcResult(Kind kind, long integer, object? value, JsonTypeInfo? typeInfo)
    {
        _kind = kind;
        _integer = integer;
        _value = value;
        _typeInfo = typeInfo;
    }

    private enum Kind : byte
    {
        Null,
        Integer,
        Boolean,
        Text,
        Json,
        Error,
    }

    /// <summary>Deribit's usual answer to a command with nothing to report.</summary>
    public static RpcResult Ok { get; } = Of("ok");

    public bool IsError => _kind == Kind.Error;

    /// <summary>The error, when <see cref="IsError"/>.</summary>
    public RpcError? Error => _kind == Kind.Error ? (RpcError)_value! : null;

    public static RpcResult Of(long value) => new(Kind.Integer, value, null, null);

    public static RpcResult Of(bool value) => new(Kind.Boolean, value ? 1 : 0, null, null);

    public static RpcResult Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(Kind.Text, 0, value, null);
    }

    /// <summary>Any value System.Text.Json can write, through its (source-generated) type info.</summary>
    public static RpcResult Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new(Kind.Json, 0, value, typeInfo);
    }

    public static RpcResult Failure(RpcError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(Kind.Error, 0, error, null);
    }

    public static implicit operator RpcResult(RpcError error) => Failure(error);

    internal void WriteValue(Utf8JsonWriter writer)
    {
        switch (_kind)
        {
            case Kind.Integer:
                writer.WriteNumberValue(_integer);
                break;
            case Kind.Boolean:
                writer.WriteBooleanValue(_integer != 0);
                break;
            case Kind.Text:
                writer.WriteStringValue((string)_value!);
                break;
            case Kind.Json:
                JsonSerializer.Serialize(writer, _value, _typeInfo!);
                break;
            case Kind.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new InvalidOperationException("An error has no result value.");
        }
    }

    public override string ToString() => _kind switch
    {
        Kind.Error => ((RpcError)_value!).ToString(),
        Kind.Integer => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind.Boolean => _integer != 0 ? "true" : "false",
        Kind.Text => (string)_value!,
        Kind.Json => _value?.ToString() ?? "null",
        _ => "null",
    };
}
