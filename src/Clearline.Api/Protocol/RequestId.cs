using System.Text.Json;

namespace Clearline.Api.Protocol;

/// <summary>
/// The <c>id</c> of a request, echoed in its response: absent, an integer or a string (the two types Deribit
/// accepts). A response to a request without an id carries none, as Deribit's HTTP answers do.
/// </summary>
public readonly struct RequestId
{
    private readonly string? _text;
    private readonly long _number;
    private readonly bool _isNumber;

    private RequestId(long number, string? text, bool isNumber)
    {
        _number = number;
        _text = text;
        _isNumber = isNumber;
    }

    public static RequestId None => default;

    public static RequestId FromNumber(long number) => new(number, null, true);

    public static RequestId FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(0, text, false);
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (_isNumber)
        {
            writer.WriteNumber(JsonNames.Id, _number);
        }
        else if (_text is not null)
        {
            writer.WriteString(JsonNames.Id, _text);
        }
    }

    public override string ToString() => _isNumber ? _number.ToString(System.Globalization.CultureInfo.InvariantCulture) : _text ?? "(none)";
}
