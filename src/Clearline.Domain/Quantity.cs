using System.Globalization;

namespace Clearline.Domain;

/// <summary>
/// An order or position size as a whole number of lots (the instrument's minimum amount step).
/// </summary>
/// <remarks>Arithmetic is checked: an overflow throws rather than wrapping.</remarks>
public readonly record struct Quantity(long Lots) : IComparable<Quantity>
{
    public static readonly Quantity Zero = new(0);

    public bool IsZero => Lots == 0;

    public bool IsPositive => Lots > 0;

    public int CompareTo(Quantity other) => Lots.CompareTo(other.Lots);

    public static Quantity Min(Quantity a, Quantity b) => a.Lots <= b.Lots ? a : b;

    public static Quantity operator +(Quantity a, Quantity b) => new(checked(a.Lots + b.Lots));

    public static Quantity operator -(Quantity a, Quantity b) => new(checked(a.Lots - b.Lots));

    public static bool operator <(Quantity a, Quantity b) => a.Lots < b.Lots;

    public static bool operator >(Quantity a, Quantity b) => a.Lots > b.Lots;

    public static bool operator <=(Quantity a, Quantity b) => a.Lots <= b.Lots;

    public static bool operator >=(Quantity a, Quantity b) => a.Lots >= b.Lots;

    public override string ToString() => Lots.ToString(CultureInfo.InvariantCulture);
}
