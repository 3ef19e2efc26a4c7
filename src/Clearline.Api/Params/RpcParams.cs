namespace Clearline.Api.Params;

/// <summary>
/// The validated parameters of one request, read through the handles of the method's schema. Every required
/// parameter is present and every value has its declared type and satisfies its constraints.
/// </summary>
/// <remarks>The values live in a pooled array that is reclaimed when the handler completes: read what you need
/// during the call and do not keep this struct beyond it.</remarks>
public readonly struct RpcParams
{
    private readonly ParamSchema _schema;
    private readonly ParamValue[] _values;

    internal RpcParams(ParamSchema schema, ParamValue[] values)
    {
        _schema = schema;
        _values = values;
    }

    /// <summary>Whether the request gave a value for the parameter.</summary>
    public bool Has(Param param) => Value(param).IsSet;

    /// <summary>The value of a required parameter, or of an optional one known to be present.</summary>
    public T Get<T>(Param<T> param)
    {
        if (!TryGet(param, out var value))
        {
            throw new InvalidOperationException($"Parameter '{param.Name}' was not given; use TryGet or GetOrDefault for optional parameters.");
        }

        return value;
    }

    public T GetOrDefault<T>(Param<T> param, T fallback) => TryGet(param, out var value) ? value : fallback;

    public bool TryGet<T>(Param<T> param, out T value)
    {
        var stored = Value(param);
        if (!stored.IsSet)
        {
            value = default!;
            return false;
        }

        // Each branch is constant for a given T, so the JIT keeps one and the casts through object vanish.
        if (typeof(T) == typeof(long))
        {
            value = (T)(object)stored.Integer;
        }
        else if (typeof(T) == typeof(bool))
        {
            value = (T)(object)(stored.Integer != 0);
        }
        else if (typeof(T) == typeof(decimal))
        {
            value = (T)(object)stored.Number;
        }
        else
        {
            value = (T)stored.Reference!;
        }

        return true;
    }

    private ParamValue Value(Param param)
    {
        ArgumentNullException.ThrowIfNull(param);
        if (!ReferenceEquals(param.Owner, _schema.Owner))
        {
            throw new ArgumentException($"Parameter '{param.Name}' belongs to another method's schema.", nameof(param));
        }

        return _values[param.Index];
    }
}
