using System.Text;

namespace Clearline.Api.Params;

/// <summary>
/// One declared parameter of a method: its name, type, whether it is required, and its constraints (allowed
/// values, range, number of items). Created by <see cref="ParamSchemaBuilder"/>; immutable.
/// </summary>
public abstract class Param
{
    private protected Param(object owner, int index, string name, ParamType type, bool required)
    {
        Owner = owner;
        Index = index;
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Type = type;
        IsRequired = required;
    }

    public string Name { get; }

    public ParamType Type { get; }

    public bool IsRequired { get; }

    internal object Owner { get; }

    internal int Index { get; }

    internal byte[] Utf8Name { get; }

    internal string[]? Allowed { get; init; }

    internal byte[][]? AllowedUtf8 { get; init; }

    internal long MinInteger { get; init; } = long.MinValue;

    internal long MaxInteger { get; init; } = long.MaxValue;

    internal decimal? MinNumber { get; init; }

    internal decimal? MaxNumber { get; init; }

    internal int MaxItems { get; init; } = int.MaxValue;

    /// <summary>The <c>data.reason</c> of a value of the wrong type.</summary>
    internal string TypeReason => Type switch
    {
        ParamType.String => "must be a string",
        ParamType.Integer => "must be an integer",
        ParamType.Number => "must be a number",
        ParamType.Boolean => "must be a boolean",
        _ => "must be an array of strings",
    };

    internal string AllowedReason => "must be one of: " + string.Join(", ", Allowed!);

    /// <summary>The canonical instance of an allowed value, so a matched enum costs no string allocation.</summary>
    internal bool TryMatchAllowed(ReadOnlySpan<char> value, out string canonical)
    {
        foreach (var allowed in Allowed!)
        {
            if (value.SequenceEqual(allowed))
            {
                canonical = allowed;
                return true;
            }
        }

        canonical = "";
        return false;
    }

    internal string? CheckRange(long value) =>
        value < MinInteger ? $"must be at least {MinInteger}" :
        value > MaxInteger ? $"must be at most {MaxInteger}" :
        null;

    internal string? CheckRange(decimal value) =>
        value < MinNumber ? $"must be at least {MinNumber}" :
        value > MaxNumber ? $"must be at most {MaxNumber}" :
        null;

    public override string ToString() => $"{Name}: {Type}{(IsRequired ? "" : "?")}";
}

/// <summary>A typed handle on a declared parameter, used to read its value from <see cref="RpcParams"/>.</summary>
/// <typeparam name="T">string, long, decimal, bool, or <see cref="IReadOnlyList{T}"/> of string.</typeparam>
public sealed class Param<T> : Param
{
    internal Param(object owner, int index, string name, ParamType type, bool required)
        : base(owner, index, name, type, required)
    {
    }
}
