using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Clearline.Cli;

/// <summary>
/// Writes JSON values one per line (JSON Lines) through one reused <see cref="Utf8JsonWriter"/>: no reflection
/// and no string per line. Lines are buffered as UTF-8 and handed to the text writer in large blocks.
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    private const int BlockSize = 64 * 1024;

    private readonly TextWriter _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(2 * BlockSize);
    private char[] _chars = [];

    public JsonLineWriter(TextWriter output)
    {
        _output = output;
        Json = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Where the current line is written: exactly one JSON value, then <see cref="EndLine"/>.</summary>
    public Utf8JsonWriter Json { get; }

    public void EndLine()
    {
        Json.Flush();
        _buffer.Write("\n"u8);
        Json.Reset();
        if (_buffer.WrittenCount >= BlockSize)
        {
            Flush();
        }
    }

    /// <summary>Hands the finished lines to the text writer (before writing anything else to it, so the order holds).</summary>
    public void Flush()
    {
        var bytes = _buffer.WrittenSpan;
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[needed];
        }

        var count = Encoding.UTF8.GetChars(bytes, _chars);
        _output.Write(_chars, 0, count);
        _output.Flush();
        _buffer.ResetWrittenCount();
    }

    public void Dispose()
    {
        Flush();
        Json.Dispose();
    }
}
