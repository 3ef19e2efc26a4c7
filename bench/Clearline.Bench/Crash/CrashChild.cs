using System.Globalization;
using Clearline.Domain.Instruments;
using Clearline.Engine.Pipeline;
using Clearline.Engine.Storage;
using Clearline.Sequencing;
using Clearline.Sequencing.Journal;

namespace Clearline.Bench.Crash;

/// <summary>
/// The engine the crash test kills (<c>clearline bench crash-child</c>): recovers the data directory, prints
/// <c>ready &lt;last sequence&gt; &lt;state hash&gt;</c>, then pushes its <see cref="CrashWorkload"/> through a
/// durable pipeline (fsync at every group commit, background snapshots) as fast as it is taken, printing
/// <c>ack &lt;tag&gt; &lt;sequence&gt;</c> per acknowledged command. If it is not killed first, it ends with
/// <c>done &lt;last sequence&gt; &lt;state hash&gt;</c>.
/// </summary>
public static class CrashChild
{
    /// <summary>Often enough that every run writes snapshots and some kills land in the middle of one.</summary>
    public const long SnapshotEvery = 5_000;

    /// <summary>Small segments, so runs also roll over to new segment files and kills land around that.</summary>
    public const long SegmentBytes = 1 << 20;

    /// <returns>The process exit code: 0 when the whole stream was acknowledged, 1 when the pipeline failed.</returns>
    public static int Run(DataDirectory data, IReadOnlyList<InstrumentSpec> markets, ulong seed, int commands, IClock clock, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var workload = new CrashWorkload(seed, commands);
        var (state, _) = EngineRecovery.Recover(data, markets, CrashWorkload.Limits, useSnapshots: true, log: error);
        var idOffset = state.LastSequence;
        output.Write(string.Create(CultureInfo.InvariantCulture, $"ready {state.LastSequence} {state.ComputeStateHash().Root}\n"));
        output.Flush();

        var journal = new JournalWriter(data.Journal, state.LastSequence + 1, new JournalOptions(SegmentBytes, Fsync: true));
        var printer = new AckPrinter(workload.Count, output);
        var pipeline = new EnginePipeline(state, journal, clock, options: new PipelineOptions(Snapshots: new SnapshotPolicy(data, SnapshotEvery)));
        using (printer)
        {
            try
            {
                for (var tag = 0L; tag < workload.Count && SubmitUntilTaken(pipeline, workload, tag, idOffset, printer); tag++)
                {
                }
            }
            finally
            {
                // Waits for every command taken to be acknowledged.
                pipeline.Dispose();
            }
        }

        var fault = pipeline.Fault;
        if (fault is not null || printer.Failure is not null)
        {
            error.WriteLine($"crash-child: {printer.Failure ?? fault!.ToString()}");
            return 1;
        }

        output.Write(string.Create(CultureInfo.InvariantCulture, $"done {state.LastSequence} {state.ComputeStateHash().Root}\n"));
        output.Flush();
        return 0;
    }

    /// <summary>Retries while the pipeline is full; false when it has stopped.</summary>
    private static bool SubmitUntilTaken(EnginePipeline pipeline, CrashWorkload workload, long tag, long idOffset, AckPrinter printer)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            switch (workload.TrySubmit(pipeline, tag, idOffset, printer))
            {
                case SubmitStatus.Queued:
                    return true;
                case SubmitStatus.Unavailable:
                    return false;
                default:
                    spinner.SpinOnce();
                    break;
            }
        }
    }
}
