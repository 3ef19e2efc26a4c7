using Clearline.Engine.Pipeline;

namespace Clearline.Bench.Crash;

/// <summary>
/// Prints <c>ack &lt;tag&gt; &lt;sequence&gt;</c> for each command the pipeline completes as durable. The
/// completion runs on the publisher thread, which must not block, so it only records the sequence; a writer
/// thread prints what has been recorded and flushes after each batch. A line therefore never appears before
/// its command's completion, i.e. before the command is in the journal; lines still buffered when the
/// process is killed are lost, which only means the harness saw fewer acknowledgements.
/// </summary>
internal sealed class AckPrinter : ICommandCompletion, IDisposable
{
    private readonly long[] _sequences;
    private readonly TextWriter _output;
    private readonly Thread _writer;
    private long _completed;
    private volatile bool _stopping;
    private volatile string? _failure;

    public AckPrinter(int commands, TextWriter output)
    {
        _sequences = new long[commands];
        _output = output;
        _writer = new Thread(Write) { Name = "crash-child-acks", IsBackground = true };
        _writer.Start();
    }

    /// <summary>Why an acknowledgement was wrong (not durable, or out of order); null while all were right.</summary>
    public string? Failure => _failure;

    public void Complete(long tag, in CommandResult result)
    {
        if (!result.IsDurable || tag != _completed)
        {
            _failure ??= $"command {tag} completed as {result.Outcome} after {_completed} acknowledgements";
            return;
        }

        _sequences[tag] = result.Sequence;
        Volatile.Write(ref _completed, tag + 1);
    }

    /// <summary>Prints every recorded acknowledgement, then stops the writer.</summary>
    public void Dispose()
    {
        _stopping = true;
        _writer.Join();
    }

    private void Write()
    {
        Span<char> line = stackalloc char[64];
        var written = 0L;
        while (true)
        {
            var stopping = _stopping;
            var completed = Volatile.Read(ref _completed);
            if (written == completed)
            {
                if (stopping)
                {
                    return;
                }

                Thread.Sleep(1);
                continue;
            }

            for (; written < completed; written++)
            {
                _output.Write(Format(line, written, _sequences[written]));
            }

            _output.Flush();
        }
    }

    private static ReadOnlySpan<char> Format(Span<char> line, long tag, long sequence)
    {
        "ack ".CopyTo(line);
        var length = 4;
        tag.TryFormat(line[length..], out var n, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += n;
        line[length++] = ' ';
        sequence.TryFormat(line[length..], out n, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += n;
        line[length++] = '\n';
        return line[..length];
    }
}
