using System.Globalization;

namespace Clearline.Domain;

/// <summary>
/// An amount of one currency in its minimal units (satoshi-like). The currency is carried by the
/// account or ledger that holds the amount, so two amounts are only added where they share it.
/// </summary>
/// <remarks>Arithmetic is checked; products of price and quantity are formed in <see cref="Int128"/> by the caller.</remarks>
public readonly record struct Money(long Units) : IComparable<Money>
{
    public static readonly Money Zero = new(0);

    public int CompareTo(Money other) => Units.CompareTo(other.Units);

    public static Money operator +(Money a, Money b) => new(checked(a.Units + b.Units));

    public static Money operator -(Money a, Money b) => new(checked(a.Units - b.Units));

    public static Money operator -(Money a) => new(checked(-a.Units));

    public static bool operator <(Money a, Money b) => a.Units < b.Units;

    public static bool operator >(Money a, Money b) => a.Units > b.Units;

    public static bool operator <=(Money a, Money b) => a.Units <= b.Units;

    public static bool operator >=(Money a, Money b) => a.Units >= b.Units;

    public override string ToString() => Units.ToString(CultureInfo.InvariantCulture);
}
