using System.Globalization;
using System.Text.Json;

namespace Clearline.Cli;

/// <summary>Writes enum values as snake_case strings (<c>good_til_cancelled</c>), each name encoded once per enum.</summary>
internal static class SnakeCaseEnum
{
    public static void Write<TEnum>(Utf8JsonWriter json, ReadOnlySpan<byte> property, TEnum value)
        where TEnum : struct, Enum
    {
        if (Names<TEnum>.ByValue.TryGetValue(value, out var name))
        {
            json.WriteString(property, name);
        }
        else
        {
            // The codec carries any byte; a value the enum does not name is the book's to reject, and shown as it is.
            json.WriteNumber(property, Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }
    }

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, JsonEncodedText> ByValue = Enum.GetValues<TEnum>().ToDictionary(
            value => value,
            value => JsonEncodedText.Encode(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString())));
    }
}
