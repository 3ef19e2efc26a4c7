using System.Numerics;

namespace Clearline.Risk.Tests.Funding;

/// <summary>An exact fraction, the oracle against which the integer funding arithmetic is measured.</summary>
internal readonly record struct Rational(BigInteger Numerator, BigInteger Denominator)
{
    public static Rational operator +(Rational a, Rational b)
    {
        var numerator = (a.Numerator * b.Denominator) + (b.Numerator * a.Denominator);
        var denominator = a.Denominator * b.Denominator;
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return gcd.IsZero ? a : new Rational(numerator / gcd, denominator / gcd);
    }
}
