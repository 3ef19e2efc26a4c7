using System.Numerics;

namespace Clearline.Options.Tests.Reference;

/// <summary>
/// exp, ln, √ and the normal distribution in <see cref="BigFloat"/>, by textbook series chosen to differ from the
/// kernel's methods: e^x by halving the argument 2^20 times, a Taylor series and repeated squaring; ln by Newton's
/// iteration on e^y = x; Φ by its everywhere-convergent Maclaurin series (with the precision to absorb its
/// cancellation) or, far in the tails, by Laplace's continued fraction for Mills' ratio.
/// </summary>
internal static class ReferenceMath
{
    private static readonly BigFloat Epsilon = BigFloat.One.ScaleB(-BigFloat.Precision - 8);

    /// <summary>ln 2 = Σ 1/(k·2^k).</summary>
    public static readonly BigFloat Ln2 = SumSeries(k => BigFloat.One / BigFloat.FromInteger(k).ScaleB(k), 1);

    /// <summary>π by Machin's formula, 16·atan(1/5) − 4·atan(1/239).</summary>
    public static readonly BigFloat Pi = (ArcTanInverse(5).ScaleB(4)) - (ArcTanInverse(239).ScaleB(2));

    private static readonly BigFloat InverseSqrt2Pi = BigFloat.One / Sqrt(Pi.ScaleB(1));

    public static BigFloat Exp(BigFloat x)
    {
        var n = (x / Ln2).RoundToInteger();
        var r = x - (Ln2 * BigFloat.FromInteger(n));
        const int Halvings = 20;
        var small = r.ScaleB(-Halvings);
        var sum = BigFloat.One;
        var term = BigFloat.One;
        for (var k = 1; term.Abs() > Epsilon; k++)
        {
            term = term * small / BigFloat.FromInteger(k);
            sum += term;
        }

        for (var i = 0; i < Halvings; i++)
        {
            sum *= sum;
        }

        return sum.ScaleB((int)n);
    }

    /// <summary>ln x for x > 0: Newton's iteration y ← y + x·e^(−y) − 1, started from the double logarithm.</summary>
    public static BigFloat Log(BigFloat x)
    {
        if (x.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), "positive values only");
        }

        // The double start is within 1e-16 relative; each step squares the error: four steps pass 300 bits.
        var exponentShift = (int)BigInteger.Abs(x.Significand).GetBitLength() + x.Exponent - 1;
        var mantissa = x.ScaleB(-exponentShift);
        var y = BigFloat.FromDouble(Math.Log(mantissa.ToDouble()));
        for (var i = 0; i < 5; i++)
        {
            y = y + (mantissa * Exp(-y)) - BigFloat.One;
        }

        return y + (Ln2 * BigFloat.FromInteger(exponentShift));
    }

    /// <summary>√x for x ≥ 0 by Newton's iteration from the double square root.</summary>
    public static BigFloat Sqrt(BigFloat x)
    {
        if (x.IsZero)
        {
            return x;
        }

        var y = BigFloat.FromDouble(Math.Sqrt(x.ToDouble()));
        for (var i = 0; i < 5; i++)
        {
            y = (y + (x / y)).ScaleB(-1);
        }

        return y;
    }

    public static BigFloat NormalPdf(BigFloat x) => InverseSqrt2Pi * Exp(-(x * x).ScaleB(-1));

    /// <summary>Φ(x). Maclaurin: Φ(x) = ½ + φ(x)·Σ x^(2n+1)/(1·3·…·(2n+1)); for |x| > 9, Φ(−|x|) = φ(x)/(|x| + 1/(|x| + 2/(|x| + …))).</summary>
    public static BigFloat NormalCdf(BigFloat x)
    {
        var magnitude = x.Abs();
        if (magnitude > BigFloat.FromDouble(9.0))
        {
            var tail = NormalPdf(x) * MillsContinuedFraction(magnitude);
            return x.Sign < 0 ? tail : BigFloat.One - tail;
        }

        var square = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; term.Abs() > Epsilon; n++)
        {
            term = term * square / BigFloat.FromInteger((2 * n) + 1);
            sum += term;
        }

        return BigFloat.One.ScaleB(-1) + (NormalPdf(x) * sum);
    }

    /// <summary>Laplace's continued fraction 1/(x + 1/(x + 2/(x + 3/(x + …)))), evaluated from a deep fixed level up.</summary>
    private static BigFloat MillsContinuedFraction(BigFloat x)
    {
        var tail = x;
        for (var k = 600; k >= 1; k--)
        {
            tail = x + (BigFloat.FromInteger(k) / tail);
        }

        return BigFloat.One / tail;
    }

    private static BigFloat ArcTanInverse(int n)
    {
        var inverse = BigFloat.One / BigFloat.FromInteger(n);
        var inverseSquare = inverse * inverse;
        var power = inverse;
        var sum = inverse;
        for (var k = 1; power.Abs() > Epsilon; k++)
        {
            power *= inverseSquare;
            var term = power / BigFloat.FromInteger((2 * k) + 1);
            sum = k % 2 == 1 ? sum - term : sum + term;
        }

        return sum;
    }

    private static BigFloat SumSeries(Func<int, BigFloat> term, int first)
    {
        var sum = BigFloat.Zero;
        for (var k = first; ; k++)
        {
            var value = term(k);
            sum += value;
            if (value.Abs() < Epsilon)
            {
                return sum;
            }
        }
    }
}
