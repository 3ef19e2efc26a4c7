namespace Clearline.Risk.Prices;

/// <summary>
/// A mark calculator's complete state as plain data, what a snapshot stores and a state hash digests.
/// </summary>
/// <param name="LastUpdateMicros">Sequencer time of the last update; null before the first.</param>
/// <param name="SmoothedBasis">The EMA of the basis as of <paramref name="LastUpdateMicros"/>, not yet clamped to any index.</param>
/// <param name="HeldBasis">The clamped raw basis seen at the last update: the value the EMA moves toward until the next one.</param>
public sealed record MarkState(long? LastUpdateMicros, QuotePrice SmoothedBasis, QuotePrice HeldBasis);
