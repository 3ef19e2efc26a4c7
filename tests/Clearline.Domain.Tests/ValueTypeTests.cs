using System.Numerics;
using FsCheck.Fluent;

namespace Clearline.Domain.Tests;

public class ValueTypeTests
{
    // ---- Price ----

    [Fact]
    public void Price_arithmetic_is_checked_at_the_edges()
    {
        Assert.Equal(new Price(2), new Price(5) + (-3));
        Assert.Equal(new Price(8), new Price(5) - (-3));
        Assert.Equal(new Price(long.MaxValue), new Price(long.MaxValue - 1) + 1);
        Assert.Equal(new Price(long.MinValue), new Price(long.MinValue + 1) - 1);
        Assert.Throws<OverflowException>(() => new Price(long.MaxValue) + 1);
        Assert.Throws<OverflowException>(() => new Price(long.MinValue) - 1);
        Assert.Throws<OverflowException>(() => new Price(long.MinValue) + (-1));
        Assert.Throws<OverflowException>(() => new Price(long.MaxValue) - (-1));
        Assert.Throws<OverflowException>(() => Price.Zero - long.MinValue);
        Assert.Throws<OverflowException>(() => new Price(1) + long.MaxValue);
    }

    [Fact]
    public void Price_comparisons()
    {
        var low = new Price(-1);
        var high = new Price(1);
        Assert.True(low < high);
        Assert.True(low <= high);
        Assert.False(low > high);
        Assert.False(low >= high);
        Assert.True(high >= new Price(1));
        Assert.True(high <= new Price(1));
        Assert.Equal(new Price(1), high);
        Assert.NotEqual(low, high);
        Assert.True(low.CompareTo(high) < 0);
        Assert.Equal(0, high.CompareTo(new Price(1)));
        Assert.True(new Price(long.MaxValue) > new Price(long.MinValue));
        Assert.Equal(0, Price.Zero.Ticks);
        Assert.Equal(default, Price.Zero);
        Assert.Equal("-123", new Price(-123).ToString());
    }

    // ---- Quantity ----

    [Fact]
    public void Quantity_arithmetic_is_checked_at_the_edges()
    {
        Assert.Equal(new Quantity(7), new Quantity(3) + new Quantity(4));
        Assert.Equal(new Quantity(-1), new Quantity(3) - new Quantity(4));
        Assert.Equal(new Quantity(long.MaxValue), new Quantity(long.MaxValue - 1) + new Quantity(1));
        Assert.Throws<OverflowException>(() => new Quantity(long.MaxValue) + new Quantity(1));
        Assert.Throws<OverflowException>(() => new Quantity(long.MinValue) - new Quantity(1));
        Assert.Throws<OverflowException>(() => new Quantity(long.MinValue) + new Quantity(-1));
        Assert.Throws<OverflowException>(() => Quantity.Zero - new Quantity(long.MinValue));
        Assert.Throws<OverflowException>(() => new Quantity(long.MaxValue) - new Quantity(-1));
    }

    [Fact]
    public void Quantity_predicates_min_and_comparisons()
    {
        Assert.True(Quantity.Zero.IsZero);
        Assert.False(Quantity.Zero.IsPositive);
        Assert.True(new Quantity(1).IsPositive);
        Assert.False(new Quantity(1).IsZero);
        Assert.False(new Quantity(-1).IsPositive);
        Assert.False(new Quantity(-1).IsZero);
        Assert.Equal(new Quantity(3), Quantity.Min(new Quantity(3), new Quantity(4)));
        Assert.Equal(new Quantity(3), Quantity.Min(new Quantity(4), new Quantity(3)));
        Assert.Equal(new Quantity(long.MinValue), Quantity.Min(new Quantity(long.MaxValue), new Quantity(long.MinValue)));
        Assert.True(new Quantity(3) < new Quantity(4));
        Assert.True(new Quantity(4) > new Quantity(3));
        Assert.True(new Quantity(4) >= new Quantity(4));
        Assert.True(new Quantity(4) <= new Quantity(4));
        Assert.False(new Quantity(4) < new Quantity(4));
        Assert.Equal("42", new Quantity(42).ToString());
    }

    // ---- Money ----

    [Fact]
    public void Money_arithmetic_is_checked_at_the_edges()
    {
        Assert.Equal(new Money(7), new Money(3) + new Money(4));
        Assert.Equal(new Money(-1), new Money(3) - new Money(4));
        Assert.Equal(new Money(-5), -new Money(5));
        Assert.Equal(new Money(-long.MaxValue), -new Money(long.MaxValue));
        Assert.Equal(Money.Zero, -Money.Zero);
        Assert.Throws<OverflowException>(() => -new Money(long.MinValue));
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue) - new Money(1));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue) + new Money(long.MinValue));
        Assert.Throws<OverflowException>(() => Money.Zero - new Money(long.MinValue));
    }

    [Fact]
    public void Money_comparisons()
    {
        Assert.True(new Money(-1) < Money.Zero);
        Assert.True(Money.Zero > new Money(-1));
        Assert.True(Money.Zero >= new Money(0));
        Assert.True(Money.Zero <= new Money(0));
        Assert.False(Money.Zero < new Money(0));
        Assert.Equal(0, Money.Zero.CompareTo(new Money(0)));
        Assert.Equal("-9223372036854775808", new Money(long.MinValue).ToString());
    }

    // ---- properties over the full long range, biased to the edges ----

    private static void AssertSumOrOverflow(long a, long b, Func<long> add, bool subtract = false)
    {
        var exact = subtract ? (BigInteger)a - b : (BigInteger)a + b;
        if (exact < long.MinValue || exact > long.MaxValue)
        {
            Assert.Throws<OverflowException>(() => add());
        }
        else
        {
            Assert.Equal((long)exact, add());
        }
    }

    private static readonly FsCheck.Arbitrary<(long A, long B)> Pairs =
        PropertyConfig.EdgyLong.SelectMany(a => PropertyConfig.EdgyLong.Select(b => (a, b))).ToArbitrary();

    [Fact]
    public void Property_checked_arithmetic_is_exact_or_throws()
    {
        PropertyConfig.Check(Prop.ForAll(Pairs, pair =>
        {
            var (a, b) = pair;
            AssertSumOrOverflow(a, b, () => (new Price(a) + b).Ticks);
            AssertSumOrOverflow(a, b, () => (new Price(a) - b).Ticks, subtract: true);
            AssertSumOrOverflow(a, b, () => (new Quantity(a) + new Quantity(b)).Lots);
            AssertSumOrOverflow(a, b, () => (new Quantity(a) - new Quantity(b)).Lots, subtract: true);
            AssertSumOrOverflow(a, b, () => (new Money(a) + new Money(b)).Units);
            AssertSumOrOverflow(a, b, () => (new Money(a) - new Money(b)).Units, subtract: true);
            AssertSumOrOverflow(0, a, () => (-new Money(a)).Units, subtract: true);
        }), 2000);
    }

    [Fact]
    public void Property_comparisons_agree_with_the_underlying_long()
    {
        PropertyConfig.Check(Prop.ForAll(Pairs, pair =>
        {
            var (a, b) = pair;
            var sign = Math.Sign(a.CompareTo(b));

            Assert.Equal(sign, Math.Sign(new Price(a).CompareTo(new Price(b))));
            Assert.Equal(a < b, new Price(a) < new Price(b));
            Assert.Equal(a > b, new Price(a) > new Price(b));
            Assert.Equal(a <= b, new Price(a) <= new Price(b));
            Assert.Equal(a >= b, new Price(a) >= new Price(b));
            Assert.Equal(a == b, new Price(a) == new Price(b));

            Assert.Equal(sign, Math.Sign(new Quantity(a).CompareTo(new Quantity(b))));
            Assert.Equal(a < b, new Quantity(a) < new Quantity(b));
            Assert.Equal(a > b, new Quantity(a) > new Quantity(b));
            Assert.Equal(a <= b, new Quantity(a) <= new Quantity(b));
            Assert.Equal(a >= b, new Quantity(a) >= new Quantity(b));
            Assert.Equal(a == b, new Quantity(a) == new Quantity(b));
            Assert.Equal(Math.Min(a, b), Quantity.Min(new Quantity(a), new Quantity(b)).Lots);

            Assert.Equal(sign, Math.Sign(new Money(a).CompareTo(new Money(b))));
            Assert.Equal(a < b, new Money(a) < new Money(b));
            Assert.Equal(a > b, new Money(a) > new Money(b));
            Assert.Equal(a <= b, new Money(a) <= new Money(b));
            Assert.Equal(a >= b, new Money(a) >= new Money(b));
            Assert.Equal(a == b, new Money(a) == new Money(b));

            Assert.Equal(sign, Math.Sign(new OrderId(a).CompareTo(new OrderId(b))));
            Assert.Equal(a < b, new OrderId(a) < new OrderId(b));
            Assert.Equal(a >= b, new OrderId(a) >= new OrderId(b));

            var (x, y) = ((int)(a >> 32), (int)(b >> 32));
            Assert.Equal(Math.Sign(x.CompareTo(y)), Math.Sign(new AccountId(x).CompareTo(new AccountId(y))));
            Assert.Equal(x < y, new AccountId(x) < new AccountId(y));
            Assert.Equal(x >= y, new AccountId(x) >= new AccountId(y));
            Assert.Equal(Math.Sign(x.CompareTo(y)), Math.Sign(new InstrumentId(x).CompareTo(new InstrumentId(y))));
            Assert.Equal(x > y, new InstrumentId(x) > new InstrumentId(y));
            Assert.Equal(x <= y, new InstrumentId(x) <= new InstrumentId(y));
        }), 2000);
    }

    [Fact]
    public void Ids_and_sides()
    {
        Assert.True(new OrderId(1) < new OrderId(2));
        Assert.True(new OrderId(2) > new OrderId(1));
        Assert.True(new OrderId(2) <= new OrderId(2));
        Assert.Equal("7", new OrderId(7).ToString());
        Assert.True(new AccountId(-1) < new AccountId(0));
        Assert.Equal("3", new AccountId(3).ToString());
        Assert.True(new InstrumentId(1) >= new InstrumentId(1));
        Assert.Equal("12", new InstrumentId(12).ToString());
        Assert.Equal(Side.Sell, Side.Buy.Opposite());
        Assert.Equal(Side.Buy, Side.Sell.Opposite());
    }
}
