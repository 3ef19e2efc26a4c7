using System.Text.Json;

namespace Clearline.Api.Protocol;

internal static class JsonText
{
    /// <summary>
    /// <see cref="Utf8JsonReader.GetString"/> that reports text which cannot become a .NET string (an escaped
    /// lone surrogate, say) instead of throwing: malformed input is an error answer, never an exception.
    /// </summary>
    public static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }
}
