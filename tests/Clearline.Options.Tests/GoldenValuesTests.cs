using Clearline.Domain.Instruments;
using Clearline.Options.Numerics;
using Clearline.Options.Pricing;
using Clearline.Options.Surfaces;

namespace Clearline.Options.Tests;

/// <summary>
/// Bit-exact outputs of the kernel, recorded as IEEE-754 bit patterns: any change of result on another runtime, CPU
/// or compiler (a fused multiply-add, a reordered sum, a platform function slipping in) fails here. The accuracy of
/// these values is established separately against the high-precision reference; this only pins them. A deliberate
/// change to the kernel re-records them, and says so in its commit.
/// </summary>
public sealed class GoldenValuesTests
{
    [Theory]
    [InlineData(-700.5, 0x00C4FF475C68CA02)]
    [InlineData(-1.5, 0x3FCC8F87724B5C1D)]
    [InlineData(0.1, 0x3FF1AEC7B35A00D4)]
    [InlineData(1.0, 0x4005BF0A8B145769)]
    [InlineData(300.25, 0x5B01FDA3EAEB3D0E)]
    public void Exp(double x, long bits) => AssertBits(bits, DeterministicMath.Exp(x));

    [Theory]
    [InlineData(1e-300, unchecked((long)0xC085963447F87FB5))]
    [InlineData(0.5, unchecked((long)0xBFE62E42FEFA39EF))]
    [InlineData(1.5, 0x3FD9F323ECBF984C)]
    [InlineData(61234.5, 0x40260B80AB0C8A7D)]
    public void Log(double x, long bits) => AssertBits(bits, DeterministicMath.Log(x));

    [Theory]
    [InlineData(-30.0, 0x16F7795AD05EA395)]
    [InlineData(-3.5, 0x3F2E7DBC92B77DD5)]
    [InlineData(-0.3, 0x3FD87423A677E90F)]
    [InlineData(0.2, 0x3FE2894BA87DCE1C)]
    [InlineData(2.5, 0x3FEFCD21635036C6)]
    public void NormalCdf(double x, long bits) => AssertBits(bits, NormalDistribution.Cdf(x));

    [Theory]
    [InlineData(OptionType.Call, 61234.5, 65000.0, 0.25, 0.6, 0.03, 0x40B67309F8274CA9, 0x3FDE858A44BAA408, 0x3EF69309E51AF4B5, 0x40C7A6601154C9FA, unchecked((long)0xC0CC0B0B73A298E7), unchecked((long)0xC0967309F8274CA9))]
    [InlineData(OptionType.Put, 61234.5, 40000.0, 1.0 / 8760, 1.2, 0.0, 0x0E11C2AE29D5A082, unchecked((long)0x8DC814EEA3DE2DB3), 0x0D80516AA54CB863, 0x0EAFF95A17FAB611, unchecked((long)0x8F7483BC0DE29B51), unchecked((long)0x8D409BDF6C1707B9))]
    [InlineData(OptionType.Call, 3000.0, 2950.0, 2.0, 0.05, 0.05, 0x40592B3CDD099473, 0x3FE197B818F2B3CC, 0x3F5ADC2635982CDE, 0x40970DD8A39C1EF4, unchecked((long)0xC02AD1A8AD5C5C8C), unchecked((long)0xC0692B3CDD099473))]
    public void Black76_price_and_greeks(OptionType type, double forward, double strike, double years, double volatility, double rate, long price, long delta, long gamma, long vega, long theta, long rho)
    {
        var g = Black76.Evaluate(type, forward, strike, years, volatility, rate);

        Assert.Equal(
            [price, delta, gamma, vega, theta, rho],
            new[] { g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho }.Select(BitConverter.DoubleToInt64Bits).ToArray());
    }

    [Theory]
    [InlineData(OptionType.Call, 61234.5, 65000.0, 0.25, 5000.0, 0.0, 0x3FE11FE033806409)]
    [InlineData(OptionType.Put, 61234.5, 40000.0, 0.02, 3.5, 0.01, 0x3FF070F6B490A0AA)]
    public void Implied_volatility(OptionType type, double forward, double strike, double years, double price, double rate, long bits) =>
        AssertBits(bits, ImpliedVolatility.Solve(type, forward, strike, years, price, rate).Volatility);

    /// <summary>An SVI fit to 25 quotes 1% off a smile in a fixed pattern, with uneven weights: 200 fixed iterations.</summary>
    [Fact]
    public void Svi_fit()
    {
        var smile = new SviSlice(0.04, 0.2, -0.3, 0.05, 0.15, 0.5);
        SviQuote[] quotes = [.. Enumerable.Range(-12, 25).Select(i => new SviQuote(0.05 * i, smile.TotalVariance(0.05 * i) * (1 + (0.01 * ((i % 3) - 1))), 1.0 + (0.1 * (i & 3))))];

        var fit = SviFit.Fit(quotes, 0.5);

        Assert.Equal(
            [0x3FA3AA8D218B7136, 0x3FC98712684E210B, unchecked((long)0xBFD2E2582F6C14CD), 0x3FA6BC624B2B4EAD, 0x3FC443B00EE3DE63, 0x3F50CBE1A5806929],
            new[] { fit.Slice.A, fit.Slice.B, fit.Slice.Rho, fit.Slice.M, fit.Slice.Sigma, fit.RootMeanSquareError }.Select(BitConverter.DoubleToInt64Bits).ToArray());
    }

    private static void AssertBits(long expected, double actual) =>
        Assert.True(BitConverter.DoubleToInt64Bits(actual) == expected, $"expected 0x{expected:X16}, got 0x{BitConverter.DoubleToInt64Bits(actual):X16} ({actual:R})");
}
