namespace Clearline.Api.Params;

/// <summary>The declared parameters of a method; anything else a request sends is refused.</summary>
public sealed class ParamSchema
{
    internal ParamSchema(object owner, Param[] parameters)
    {
        Owner = owner;
        Items = parameters;
    }

    /// <summary>A method that takes no parameters.</summary>
    public static ParamSchema Empty { get; } = new ParamSchemaBuilder().Build();

    internal Param[] Items { get; }

    internal object Owner { get; }

    internal Param? Find(ReadOnlySpan<char> name)
    {
        foreach (var param in Items)
        {
            if (name.SequenceEqual(param.Name))
            {
                return param;
            }
        }

        return null;
    }

    /// <summary>The first required parameter without a value, if any.</summary>
    internal Param? FirstMissing(ReadOnlySpan<ParamValue> values)
    {
        foreach (var param in Items)
        {
            if (param.IsRequired && !values[param.Index].IsSet)
            {
                return param;
            }
        }

        return null;
    }
}
