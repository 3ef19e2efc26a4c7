using Clearline.Engine.Storage;

namespace Clearline.Engine.Pipeline;

/// <summary>Sizes of the pipeline's pre-allocated rings.</summary>
/// <param name="RingCapacity">Commands in flight (submitted, not yet acknowledged): beyond this, submissions are refused as overloaded. A power of two.</param>
/// <param name="EventRingCapacity">Events between the engine and the publisher. A power of two.</param>
/// <param name="MaxBatch">The most commands the sequencer puts in one group commit.</param>
/// <param name="Snapshots">Where and how often the engine snapshots its state; null: never.</param>
public sealed record PipelineOptions(int RingCapacity = 1 << 16, int EventRingCapacity = 1 << 16, int MaxBatch = 8192, SnapshotPolicy? Snapshots = null);

/// <summary>
/// Snapshot the state once at least <paramref name="Every"/> commands have been applied since the last one.
/// The engine thread only copies the books; encoding, hashing and the atomic write run in the background.
/// </summary>
public sealed record SnapshotPolicy(DataDirectory Data, long Every);
