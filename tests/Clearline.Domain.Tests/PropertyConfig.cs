using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Domain.Tests;

/// <summary>Shared FsCheck plumbing: a fixed test count per property and a few primitive generators.</summary>
internal static class PropertyConfig
{
    /// <summary>Runs <paramref name="property"/> <paramref name="maxTest"/> times, throwing (with the shrunk counterexample) on failure.</summary>
    public static void Check(Property property, int maxTest = 300) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), property);

    /// <summary>Any <see cref="long"/>, uniformly over the full range (built from two 32-bit halves).</summary>
    public static Gen<long> AnyLong { get; } =
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select ((long)hi << 32) | (uint)lo;

    /// <summary>Longs biased towards the overflow edges, zero and small values.</summary>
    public static Gen<long> EdgyLong { get; } = Gen.Frequency(
        (3, Gen.Elements(long.MinValue, long.MinValue + 1, -1L, 0L, 1L, long.MaxValue - 1, long.MaxValue)),
        (3, Gen.Choose(-1000, 1000).Select(i => (long)i)),
        (2, Gen.Choose(0, 1000).Select(i => long.MaxValue - i)),
        (2, Gen.Choose(0, 1000).Select(i => long.MinValue + i)),
        (4, AnyLong));
}
