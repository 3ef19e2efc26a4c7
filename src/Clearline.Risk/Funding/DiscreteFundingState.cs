namespace Clearline.Risk.Funding;

/// <summary>Everything <see cref="DiscreteFunding"/> needs to continue identically after a snapshot.</summary>
/// <param name="LastMicros">Sequencer time of the latest sample or settlement.</param>
/// <param name="NextFundingMicros">The next funding timestamp to settle.</param>
/// <param name="SampleCount">Premium samples taken in the current interval.</param>
/// <param name="PremiumSum">Σ premium (ppb) over those samples.</param>
/// <param name="WeightedPremiumSum">Σ k × premium of the k-th sample, for linearly increasing weights.</param>
/// <param name="Index">The funding index after the latest settlement.</param>
/// <param name="LastRate">F of the latest settlement.</param>
public sealed record DiscreteFundingState(
    long LastMicros,
    long NextFundingMicros,
    long SampleCount,
    Int128 PremiumSum,
    Int128 WeightedPremiumSum,
    FundingIndex Index,
    FundingRate LastRate);
