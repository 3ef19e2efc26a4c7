using System.Text;

namespace Clearline.Api.Params;

/// <summary>
/// Declares the parameters of one method. Each declaration returns the typed handle the handler reads the value
/// with, so the declaration and the use cannot disagree on name or type:
/// <code>
/// var b = new ParamSchemaBuilder();
/// var instrument = b.AddString("instrument_name", required: true);
/// var depth = b.AddInteger("depth", required: false, min: 1, max: 10_000);
/// var schema = b.Build();
/// // in the handler: string name = parameters.Get(instrument);
/// </code>
/// </summary>
public sealed class ParamSchemaBuilder
{
    /// <summary>Reserved on every method: the bearer token of a WebSocket request (Deribit's placement).</summary>
    public const string AccessTokenName = "access_token";

    private readonly List<Param> _params = [];
    private bool _built;

    public Param<string> AddString(string name, bool required, IReadOnlyList<string>? allowedValues = null)
    {
        string[]? allowed = null;
        byte[][]? allowedUtf8 = null;
        if (allowedValues is not null)
        {
            if (allowedValues.Count == 0)
            {
                throw new ArgumentException("An allowed-value list needs at least one value.", nameof(allowedValues));
            }

            allowed = [.. allowedValues];
            allowedUtf8 = [.. allowed.Select(Encoding.UTF8.GetBytes)];
        }

        return Add(new Param<string>(this, Next(name), name, ParamType.String, required) { Allowed = allowed, AllowedUtf8 = allowedUtf8 });
    }

    public Param<long> AddInteger(string name, bool required, long min = long.MinValue, long max = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
        return Add(new Param<long>(this, Next(name), name, ParamType.Integer, required) { MinInteger = min, MaxInteger = max });
    }

    public Param<decimal> AddNumber(string name, bool required, decimal? min = null, decimal? max = null)
    {
        if (min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), "min exceeds max.");
        }

        return Add(new Param<decimal>(this, Next(name), name, ParamType.Number, required) { MinNumber = min, MaxNumber = max });
    }

    public Param<bool> AddBoolean(string name, bool required) =>
        Add(new Param<bool>(this, Next(name), name, ParamType.Boolean, required));

    public Param<IReadOnlyList<string>> AddStringArray(string name, bool required, int maxItems = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        return Add(new Param<IReadOnlyList<string>>(this, Next(name), name, ParamType.StringArray, required) { MaxItems = maxItems });
    }

    public ParamSchema Build()
    {
        _built = true;
        return new ParamSchema(this, [.. _params]);
    }

    private int Next(string name)
    {
        if (_built)
        {
            throw new InvalidOperationException("The schema is already built.");
        }

        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == AccessTokenName)
        {
            throw new ArgumentException($"'{AccessTokenName}' is reserved for authentication.", nameof(name));
        }

        if (_params.Exists(p => p.Name == name))
        {
            throw new ArgumentException($"'{name}' is declared twice.", nameof(name));
        }

        return _params.Count;
    }

    private TParam Add<TParam>(TParam param)
        where TParam : Param
    {
        _params.Add(param);
        return param;
    }
}
