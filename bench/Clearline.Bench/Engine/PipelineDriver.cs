using System.Diagnostics;
using Clearline.Domain;
using Clearline.Engine;
using Clearline.Engine.Pipeline;
using Clearline.Engine.Storage;
using Clearline.Sequencing;
using Clearline.Sequencing.Journal;

namespace Clearline.Bench.Engine;

/// <summary>Counts acknowledgements, and optionally stamps each one's arrival by tag (publisher thread only).</summary>
internal sealed class AckRecorder(long[]? arrivals = null) : ICommandCompletion
{
    private long _count;

    public long Count => Volatile.Read(ref _count);

    public long Rejected { get; private set; }

    public long Unavailable { get; private set; }

    public void Complete(long tag, in CommandResult result)
    {
        if (arrivals is not null)
        {
            arrivals[tag] = Stopwatch.GetTimestamp();
        }

        if (result.Outcome == CommandOutcome.Rejected)
        {
            Rejected++;
        }
        else if (result.Outcome == CommandOutcome.Unavailable)
        {
            Unavailable++;
        }

        Volatile.Write(ref _count, _count + 1);
    }

    public void WaitFor(long count)
    {
        var spinner = default(SpinWait);
        while (Count < count)
        {
            spinner.SpinOnce();
        }
    }
}

/// <summary>A pipeline on a fresh journal directory, fed benchmark commands.</summary>
internal sealed class PipelineDriver : IDisposable
{
    private PipelineDriver(Workload workload, string directory, bool fsync, IClock clock, long? snapshotEvery, EngineSetup setup)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        Directory = directory;
        State = setup.CreateState(workload, clock.UtcNowMicroseconds());
        var data = new DataDirectory(directory);
        var options = new PipelineOptions(Snapshots: snapshotEvery is { } every ? new SnapshotPolicy(data, every) : null);
        Pipeline = new EnginePipeline(State, new JournalWriter(data.Journal, State.LastSequence + 1, new JournalOptions(Fsync: fsync)), clock, options: options);
    }

    public string Directory { get; }

    public EngineState State { get; }

    public EnginePipeline Pipeline { get; }

    /// <summary>
    /// Starts a pipeline on a state built by <paramref name="setup"/> (bare by default), snapshotting once per
    /// <paramref name="snapshotEvery"/> commands if given, and pushes the workload's prefill through it (untimed).
    /// </summary>
    public static PipelineDriver Start(Workload workload, string directory, bool fsync, IClock clock, long? snapshotEvery = null, EngineSetup? setup = null)
    {
        var driver = new PipelineDriver(workload, directory, fsync, clock, snapshotEvery, setup ?? EngineSetup.Bare);
        var acks = new AckRecorder();
        for (var i = 0; i < workload.PrefillCount; i++)
        {
            driver.SubmitUntilTaken(workload.Commands[i], acks, i);
        }

        acks.WaitFor(workload.PrefillCount);
        return driver;
    }

    /// <summary>Submits, retrying while the pipeline is full; returns how many attempts were refused.</summary>
    public long SubmitUntilTaken(in BenchCommand command, ICommandCompletion completion, long tag)
    {
        var refused = 0L;
        var spinner = default(SpinWait);
        while (true)
        {
            var status = Submit(Pipeline, command, completion, tag);
            if (status == SubmitStatus.Queued)
            {
                return refused;
            }

            if (status == SubmitStatus.Unavailable)
            {
                throw new InvalidOperationException("the pipeline stopped", Pipeline.Fault);
            }

            refused++;
            spinner.SpinOnce();
        }
    }

    public void Dispose() => Pipeline.Dispose();

    /// <summary>Submits a benchmark command in its engine form (<see cref="CommandMapping"/>), once.</summary>
    public static SubmitStatus Submit(EnginePipeline pipeline, in BenchCommand c, ICommandCompletion completion, long tag)
    {
        var instrument = new InstrumentId(c.Instrument);
        return c.Op switch
        {
            BenchOp.Move => pipeline.TrySubmit(CommandMapping.ToAmend(c, instrument), completion, tag),
            BenchOp.Cancel => pipeline.TrySubmit(CommandMapping.ToCancel(c, instrument), completion, tag),
            _ => pipeline.TrySubmit(CommandMapping.ToNewOrder(c, instrument), completion, tag),
        };
    }
}
