using Clearline.Clearing;
using Clearline.Engine;

namespace Clearline.Bench.Engine;

/// <summary>
/// How a benchmark engine is built: bare (no clearing) or with a clearinghouse, plus commands in their journal form
/// applied directly to the fresh state before the pipeline starts (deposits, the first index quote). Those setup
/// commands are not in the pipeline's journal: the journal starts after them, as it would after a snapshot.
/// </summary>
public sealed record EngineSetup(ClearingConfig? Clearing, IReadOnlyList<byte[]> Commands)
{
    /// <summary>A bare matching engine, as <c>bench engine</c> measures it.</summary>
    public static EngineSetup Bare { get; } = new(null, []);

    /// <summary>A fresh state with the setup commands applied at <paramref name="timestamp"/>; any refused setup command throws.</summary>
    public EngineState CreateState(Workload workload, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var state = new EngineState(workload.Instruments, new EngineLimits(workload.BookCapacity, workload.InitialCapacity), Clearing);
        var sink = default(VenueCountingSink);
        foreach (var command in Commands)
        {
            state.Apply(state.LastSequence + 1, timestamp, command, ref sink);
        }

        if (sink.Rejected != 0)
        {
            throw new InvalidOperationException($"{sink.Rejected} setup command(s) were refused");
        }

        return state;
    }
}
