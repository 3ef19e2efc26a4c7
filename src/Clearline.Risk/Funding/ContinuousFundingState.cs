namespace Clearline.Risk.Funding;

/// <summary>
/// Everything <see cref="ContinuousFunding"/> needs to continue identically after a snapshot; the current index is
/// derived from it.
/// </summary>
/// <param name="LastMicros">Sequencer time up to which funding has accrued.</param>
/// <param name="Rate">The 8-hour rate in force since the last update.</param>
/// <param name="Mark">The mark at which accrued funding is valued; zero before the first update.</param>
/// <param name="FoldedIndex">The index at the last change of mark.</param>
/// <param name="RateTimeSinceFold">Σ rate (ppb) × Δt (µs) since the last change of mark: exact, never rounded.</param>
public sealed record ContinuousFundingState(long LastMicros, FundingRate Rate, QuotePrice Mark, FundingIndex FoldedIndex, Int128 RateTimeSinceFold);
