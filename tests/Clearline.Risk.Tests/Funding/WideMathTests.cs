using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Funding;

public sealed class WideMathTests
{
    private static readonly Gen<Int128> AnyInt128 =
        from words in Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue), 4)
        from shift in Gen.Choose(0, 127)
        select ((Int128)words[0] << 96 | (Int128)(uint)words[1] << 64 | (Int128)(uint)words[2] << 32 | (uint)words[3]) >> shift;

    private static readonly Gen<ulong> AnyDivisor =
        from words in Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue), 2)
        from shift in Gen.Choose(0, 63)
        select Math.Max(1UL, ((ulong)(uint)words[0] << 32 | (uint)words[1]) >> shift);

    [Fact]
    public void Equals_the_exact_floor_or_refuses_to_overflow()
    {
        var arbitrary = Arb.From(
            from x in AnyInt128
            from y in AnyInt128
            from d1 in AnyDivisor
            from d2 in Gen.Frequency((1, Gen.Constant(1UL)), (3, AnyDivisor))
            select (x, y, d1, d2));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), Prop.ForAll(arbitrary, c =>
        {
            var exact = FundingLedger.FloorDiv((BigInteger)c.x * (BigInteger)c.y, (BigInteger)c.d1 * c.d2);
            if (exact >= (BigInteger)Int128.MinValue && exact <= (BigInteger)Int128.MaxValue)
            {
                Assert.Equal((Int128)exact, WideMath.MulDivFloor(c.x, c.y, c.d1, c.d2));
            }
            else
            {
                Assert.Throws<OverflowException>(() => WideMath.MulDivFloor(c.x, c.y, c.d1, c.d2));
            }
        }));
    }

    [Fact]
    public void The_three_operand_forms_equal_the_exact_floor_and_ceiling_in_the_narrow_and_the_wide_case()
    {
        // Two thirds of the operands within 64 bits (the fast path), a third wide; b·c must fit, as the method requires.
        var operand = Gen.OneOf(AnyInt128, AnyDivisor.Select(d => (Int128)d), AnyDivisor.Select(d => -(Int128)d));
        var arbitrary = Arb.From(
            from a in operand
            from b in operand.Select(x => x == Int128.MinValue ? 0 : Int128.Abs(x))
            from c in operand.Select(x => x == Int128.MinValue ? 1 : Int128.Max(1, Int128.Abs(x)))
            where BigInteger.Abs((BigInteger)b * (BigInteger)c) <= (BigInteger)Int128.MaxValue
            select (a, b, c));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), Prop.ForAll(arbitrary, x =>
        {
            var floor = FundingLedger.FloorDiv((BigInteger)x.a * (BigInteger)x.b, (BigInteger)x.c);
            var ceiling = -FundingLedger.FloorDiv(-(BigInteger)x.a * (BigInteger)x.b, (BigInteger)x.c);
            if (FitsWithRoom(floor, x.b))
            {
                Assert.Equal((Int128)floor, WideMath.MulDivFloor(x.a, x.b, x.c));
            }

            if (FitsWithRoom(ceiling, x.b))
            {
                Assert.Equal((Int128)ceiling, WideMath.MulDivCeiling(x.a, x.b, x.c));
            }
        }));
    }

    /// <summary>The documented domain: the result with b to spare on either side, room for the intermediate q·b.</summary>
    private static bool FitsWithRoom(BigInteger result, Int128 b) => BigInteger.Abs(result) + (BigInteger)b <= (BigInteger)Int128.MaxValue;

    [Theory]
    [InlineData(7, 1, 2, 3)]
    [InlineData(-7, 1, 2, -4)]
    [InlineData(-6, 1, 2, -3)]
    [InlineData(7, -1, 2, -4)]
    [InlineData(-7, -1, 2, 3)]
    [InlineData(0, -1, 2, 0)]
    public void Rounds_toward_minus_infinity(long x, long y, ulong d, long expected) =>
        Assert.Equal(expected, (long)WideMath.MulDivFloor(x, y, d, 1));

    [Fact]
    public void Reaches_both_ends_of_Int128_and_no_further()
    {
        var twoTo64 = (Int128)1 << 64;
        Assert.Equal(Int128.MinValue, WideMath.MulDivFloor(-twoTo64, twoTo64, 2, 1));
        Assert.Equal(Int128.MaxValue, WideMath.MulDivFloor(Int128.MaxValue, 3, 3, 1));

        // 2¹²⁸ + 1 = 59649589127497217 × 5704689200685129054721: halved, it truncates to 2¹²⁷ with 1 left over,
        // so the negative floor is −2¹²⁷ − 1, one below Int128.MinValue.
        var big = Int128.Parse("5704689200685129054721", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<OverflowException>(() => WideMath.MulDivFloor(-big, 59649589127497217, 2, 1));
        Assert.Throws<OverflowException>(() => WideMath.MulDivFloor(Int128.MinValue, -1, 1, 1));
        Assert.Throws<DivideByZeroException>(() => WideMath.MulDivFloor(1, 1, 0, 1));
    }
}
