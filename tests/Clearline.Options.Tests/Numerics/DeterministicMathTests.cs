using Clearline.Options.Numerics;
using Clearline.Options.Tests.Reference;
using Xunit.Abstractions;

namespace Clearline.Options.Tests.Numerics;

/// <summary>The project's exp and ln against the <see cref="ReferenceMath"/> values, in ulps, over their whole range.</summary>
public sealed class DeterministicMathTests(ITestOutputHelper output)
{
    [Fact]
    public void Exp_is_within_one_ulp_from_underflow_to_overflow()
    {
        var worst = 0.0;
        foreach (var x in Arguments(-745.0, 709.0, 1_500).Concat([-1e-300, 0.0, 1e-18, 0.34657359027997264, -0.34657359027997264, 0.5, 1.0, -1.0]))
        {
            var reference = ReferenceMath.Exp(BigFloat.FromDouble(x));
            worst = Math.Max(worst, Ulps(DeterministicMath.Exp(x), reference));
        }

        output.WriteLine($"exp: worst error {worst:F3} ulp");
        Assert.True(worst <= 1.0, $"exp error {worst} ulp");
    }

    [Fact]
    public void Log_is_within_one_ulp_from_subnormals_to_the_largest_double()
    {
        var worst = 0.0;
        var arguments = Arguments(-700.0, 700.0, 1_500).Select(Math.Exp)
            .Concat([double.Epsilon, 1e-310, 0.7071067811865475, 0.7071067811865476, 1.4142135623730951, 1.0 - 1e-16, 1.0 + 2.2e-16, 2.0, 61_234.5, double.MaxValue]);
        foreach (var x in arguments)
        {
            if (x == 1.0)
            {
                continue;
            }

            var reference = ReferenceMath.Log(BigFloat.FromDouble(x));
            worst = Math.Max(worst, Ulps(DeterministicMath.Log(x), reference));
        }

        output.WriteLine($"ln: worst error {worst:F3} ulp");
        Assert.True(worst <= 1.0, $"ln error {worst} ulp");
    }

    [Fact]
    public void Log_ratio_is_within_one_ulp_of_the_exact_quotient_s_logarithm_near_the_money()
    {
        var worst = 0.0;
        foreach (var ratio in Arguments(-0.01, 0.01, 400).Select(Math.Exp))
        {
            var strike = 61_234.5 * ratio;
            var reference = ReferenceMath.Log(BigFloat.FromDouble(61_234.5) / BigFloat.FromDouble(strike));
            if (!reference.IsZero)
            {
                worst = Math.Max(worst, Ulps(DeterministicMath.LogRatio(61_234.5, strike), reference));
            }
        }

        output.WriteLine($"ln(F/K): worst error {worst:F3} ulp");
        Assert.True(worst <= 1.0, $"ln(F/K) error {worst} ulp");
    }

    [Fact]
    public void Special_values_follow_ieee_conventions()
    {
        Assert.Equal(1.0, DeterministicMath.Exp(0.0));
        Assert.Equal(0.0, DeterministicMath.Exp(-746.0));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Exp(710.0));
        Assert.True(double.IsNaN(DeterministicMath.Exp(double.NaN)));
        Assert.Equal(0.0, DeterministicMath.Log(1.0));
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log(0.0));
        Assert.True(double.IsNaN(DeterministicMath.Log(-1.0)));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Log(double.PositiveInfinity));
    }

    /// <summary>Evenly spaced arguments, nudged off round numbers so every reduction path is exercised.</summary>
    internal static IEnumerable<double> Arguments(double from, double to, int count)
    {
        for (var i = 0; i <= count; i++)
        {
            yield return from + ((to - from) * i / count) + (1e-3 * Math.Sin(i));
        }
    }

    /// <summary>The error in units of the computed value's last place.</summary>
    internal static double Ulps(double computed, BigFloat reference)
    {
        var ulp = Math.BitIncrement(Math.Abs(computed)) - Math.Abs(computed);
        return (BigFloat.FromDouble(computed) - reference).Abs().ToDouble() / ulp;
    }
}
