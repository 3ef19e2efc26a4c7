using Clearline.Domain.Instruments;
using Clearline.Risk.Funding;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Funding;

internal enum StepKind
{
    /// <summary>New mark and index (continuous) or a premium sample (discrete).</summary>
    Prices,
    Trade,
    Settle,
    Advance,
}

/// <summary>
/// One step of a random funding scenario, taken <c>DeltaMicros</c> after the previous one. A price step brings a mark
/// and an index <c>PremiumPpm</c> millionths below it; a trade moves <c>Lots</c> from seller to buyer.
/// </summary>
internal sealed record FundingStep(StepKind Kind, long DeltaMicros, long MarkE8, int PremiumPpm, int Buyer, int Seller, long Lots)
{
    public QuotePrice Mark => new(MarkE8);

    public QuotePrice Index => new(MarkE8 - (MarkE8 * PremiumPpm / 1_000_000));
}

internal sealed record FundingScenario(FundingContract Contract, int Accounts, FundingStep[] Steps)
{
    /// <summary>Unix microseconds of 2024-01-01T05:00:00Z: three hours before an 8-hour funding timestamp.</summary>
    public const long StartMicros = 1_704_085_200_000_000;

    public static readonly FundingContract InverseBtc = new(SettlementType.Inverse, 1_000_000_000, 8);

    public static readonly FundingContract LinearBtcUsdc = new(SettlementType.Linear, 100_000, 6);

    public static Arbitrary<FundingScenario> Arbitrary(int maxSteps) => Arb.From(
        from contract in Gen.Elements(InverseBtc, LinearBtcUsdc)
        from accounts in Gen.Choose(2, 6)
        from count in Gen.Choose(1, maxSteps)
        from steps in Gen.ArrayOf(Step(accounts), count)
        select new FundingScenario(contract, accounts, steps));

    private static Gen<FundingStep> Step(int accounts) =>
        from kind in Gen.Frequency((3, Gen.Constant(StepKind.Prices)), (3, Gen.Constant(StepKind.Trade)), (1, Gen.Constant(StepKind.Settle)), (2, Gen.Constant(StepKind.Advance)))
        from delta in Gen.Frequency((2, Gen.Choose(0, 1_000)), (3, Gen.Choose(0, 60_000_000)), (2, Gen.Choose(0, 2_000_000_000)))
            .Select(d => d > 60_000_000 ? d * 10L : d)
        from dollars in Gen.Frequency((1, Gen.Choose(100, 1_000)), (3, Gen.Choose(20_000, 120_000)))
        from cents in Gen.Choose(0, 99_999_999)
        from premium in Gen.Frequency((2, Gen.Choose(-300, 300)), (3, Gen.Choose(-20_000, 20_000)))
        from buyer in Gen.Choose(0, accounts - 1)
        from seller in Gen.Choose(0, accounts - 1)
        from lots in Gen.Frequency((3, Gen.Choose(1, 100)), (2, Gen.Choose(1, 1_000_000)))
        select new FundingStep(kind, delta, (dollars * QuotePrice.Scale) + cents, premium, buyer, seller, lots);

    /// <summary>A long scenario from a fixed 64-bit LCG (Knuth's MMIX constants), for golden values that no library change can move.</summary>
    public static FundingScenario Deterministic(FundingContract contract, int accounts, int steps, ulong seed)
    {
        var state = seed;
        long Next(long bound)
        {
            state = unchecked((state * 6364136223846793005UL) + 1442695040888963407UL);
            return (long)((state >> 33) % (ulong)bound);
        }

        var result = new FundingStep[steps];
        for (var i = 0; i < steps; i++)
        {
            var kind = (StepKind)Next(4);
            var delta = Next(3) switch { 0 => Next(1_000), 1 => Next(60_000_000), _ => Next(20_000_000_000) };
            var mark = ((20_000 + Next(100_000)) * QuotePrice.Scale) + Next(QuotePrice.Scale);
            var premium = (int)(Next(40_001) - 20_000);
            result[i] = new FundingStep(kind, delta, mark, premium, (int)Next(accounts), (int)Next(accounts), 1 + Next(1_000_000));
        }

        return new FundingScenario(contract, accounts, result);
    }
}
