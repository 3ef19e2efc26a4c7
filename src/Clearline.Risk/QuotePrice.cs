using System.Globalization;

namespace Clearline.Risk;

/// <summary>
/// A price in the quote currency as a fixed-point integer with 8 decimals (1 unit = 10⁻⁸ USD for a BTC
/// index): the one unit in which index, mark and funding computations run, independent of any instrument's
/// tick size. Arithmetic is checked; conversion from <see cref="decimal"/> happens only at the edge.
/// </summary>
public readonly record struct QuotePrice(long E8) : IComparable<QuotePrice>
{
    public const long Scale = 100_000_000;

    public static QuotePrice Zero => default;

    public bool IsPositive => E8 > 0;

    /// <summary>Exact conversion; false when <paramref name="value"/> has more than 8 decimals or does not fit.</summary>
    public static bool TryFromDecimal(decimal value, out QuotePrice price)
    {
        const decimal Limit = (decimal)long.MaxValue / Scale;
        var scaled = value is >= -Limit and <= Limit ? value * Scale : decimal.MaxValue;
        if (scaled != decimal.Truncate(scaled) || scaled is > long.MaxValue or < long.MinValue)
        {
            price = default;
            return false;
        }

        price = new QuotePrice((long)scaled);
        return true;
    }

    public decimal ToDecimal() => (decimal)E8 / Scale;

    public int CompareTo(QuotePrice other) => E8.CompareTo(other.E8);

    public static bool operator <(QuotePrice left, QuotePrice right) => left.E8 < right.E8;

    public static bool operator >(QuotePrice left, QuotePrice right) => left.E8 > right.E8;

    public static bool operator <=(QuotePrice left, QuotePrice right) => left.E8 <= right.E8;

    public static bool operator >=(QuotePrice left, QuotePrice right) => left.E8 >= right.E8;

    public static QuotePrice operator +(QuotePrice left, QuotePrice right) => new(checked(left.E8 + right.E8));

    public static QuotePrice operator -(QuotePrice left, QuotePrice right) => new(checked(left.E8 - right.E8));

    public override string ToString() => ToDecimal().ToString(CultureInfo.InvariantCulture);
}
