namespace Clearline.Api.Params;

/// <summary>How a parameter name the schema does not know is echoed back in an error.</summary>
internal static class ParamNames
{
    /// <summary>Long enough to recognise a mistyped name, short enough that errors stay small.</summary>
    private const int MaxEchoLength = 64;

    public static string Echo(ReadOnlySpan<char> name) =>
        name.Length <= MaxEchoLength ? name.ToString() : string.Concat(name[..MaxEchoLength], "...");
}
