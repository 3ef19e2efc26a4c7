using System.Diagnostics;
using Clearline.Engine.Storage;

namespace Clearline.Cli;

/// <summary>Prints replay progress as recovery reports it (every <see cref="EngineRecovery.ProgressInterval"/> commands): the sequence reached and the rate so far.</summary>
internal sealed class ReplayProgress(TextWriter output, long startedTimestamp) : IProgress<long>
{
    private long _replayed;

    public void Report(long value)
    {
        _replayed += EngineRecovery.ProgressInterval;
        var seconds = Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds;
        output.WriteLine($"replay: at sequence {value:N0}, {_replayed:N0} commands in {seconds:F1} s, {_replayed / seconds:N0} cmd/s");
    }
}
