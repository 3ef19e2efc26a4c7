namespace Clearline.Api.Params;

/// <summary>One parsed parameter value: a string or string array by reference, an integer or boolean in
/// <see cref="Integer"/>, a number in <see cref="Number"/>.</summary>
internal readonly struct ParamValue
{
    private ParamValue(object? reference, long integer, decimal number)
    {
        Reference = reference;
        Integer = integer;
        Number = number;
        IsSet = true;
    }

    public object? Reference { get; }

    public long Integer { get; }

    public decimal Number { get; }

    public bool IsSet { get; }

    public static ParamValue Of(string value) => new(value, 0, 0);

    public static ParamValue Of(string[] value) => new(value, 0, 0);

    public static ParamValue Of(long value) => new(null, value, 0);

    public static ParamValue Of(bool value) => new(null, value ? 1 : 0, 0);

    public static ParamValue Of(decimal value) => new(null, 0, value);
}
