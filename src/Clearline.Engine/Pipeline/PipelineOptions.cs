namespace Clearline.Engine.Pipeline;

/// <summary>Sizes of the pipeline's pre-allocated rings.</summary>
/// <param name="RingCapacity">Commands in flight (submitted, not yet acknowledged): beyond this, submissions are refused as overloaded. A power of two.</param>
/// <param name="EventRingCapacity">Events between the engine and the publisher. A power of two.</param>
/// <param name="MaxBatch">The most commands the sequencer puts in one group commit.</param>
public sealed record PipelineOptions(int RingCapacity = 1 << 16, int EventRingCapacity = 1 << 16, int MaxBatch = 8192);
