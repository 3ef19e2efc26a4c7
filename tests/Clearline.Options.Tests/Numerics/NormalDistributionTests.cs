using Clearline.Options.Numerics;
using Clearline.Options.Tests.Reference;
using Xunit.Abstractions;

namespace Clearline.Options.Tests.Numerics;

/// <summary>Φ, φ and Mills' ratio against <see cref="ReferenceMath"/>: relative accuracy everywhere, tails included.</summary>
public sealed class NormalDistributionTests(ITestOutputHelper output)
{
    [Fact]
    public void Cdf_has_relative_error_below_1e_15_from_the_far_lower_tail_to_the_upper()
    {
        var worst = 0.0;
        var at = 0.0;
        foreach (var x in DeterministicMathTests.Arguments(-37.5, 8.0, 1_200))
        {
            var reference = ReferenceMath.NormalCdf(BigFloat.FromDouble(x));
            var error = ReferenceBlack.RelativeError(NormalDistribution.Cdf(x), reference);
            if (error > worst)
            {
                (worst, at) = (error, x);
            }
        }

        output.WriteLine($"Φ: worst relative error {worst:E2} at x = {at}");
        Assert.True(worst < 1e-15, $"Φ relative error {worst:E2} at {at}");
    }

    [Fact]
    public void Pdf_and_mills_ratio_have_relative_error_below_1e_15()
    {
        var worst = 0.0;
        foreach (var z in DeterministicMathTests.Arguments(-37.5, 0.0, 600))
        {
            var x = BigFloat.FromDouble(z);
            var pdf = ReferenceMath.NormalPdf(x);
            worst = Math.Max(worst, ReferenceBlack.RelativeError(NormalDistribution.Pdf(z), pdf));
            worst = Math.Max(worst, ReferenceBlack.RelativeError(NormalDistribution.MillsRatio(z), ReferenceMath.NormalCdf(x) / pdf));
        }

        output.WriteLine($"φ and Y: worst relative error {worst:E2}");
        Assert.True(worst < 1e-15, $"relative error {worst:E2}");
    }

    [Fact]
    public void Cdf_is_symmetric_and_monotone()
    {
        var previous = 0.0;
        foreach (var x in DeterministicMathTests.Arguments(-10.0, 10.0, 2_000))
        {
            var value = NormalDistribution.Cdf(x);
            Assert.True(value >= previous, $"Φ decreases at {x}");
            Assert.Equal(1.0, value + NormalDistribution.Cdf(-x), 15);
            previous = value;
        }
    }
}
