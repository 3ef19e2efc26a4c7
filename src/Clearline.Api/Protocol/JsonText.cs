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

    /// <summary>
    /// <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> that answers false, instead of throwing, for
    /// an escaped token that does not decode to valid text.
    /// </summary>
    public static bool TextEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals(utf8);
        }

        try
        {
            return reader.ValueTextEquals(utf8);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
