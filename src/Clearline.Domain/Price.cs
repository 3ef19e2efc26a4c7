using System.Globalization;

namespace Clearline.Domain;

/// <summary>
/// A price as a whole number of minimal ticks of its instrument. The tick value (and any coarser
/// tick-size steps) lives in <see cref="Instruments.TickSizeSchedule"/>; engine code never sees decimals.
/// </summary>
/// <remarks>Arithmetic is checked: an overflow throws rather than wrapping into a wrong price.</remarks>
public readonly record struct Price(long Ticks) : IComparable<Price>
{
    public static readonly Price Zero = new(0);

    public int CompareTo(Price other) => Ticks.CompareTo(other.Ticks);

    public static Price operator +(Price a, long ticks) => new(checked(a.Ticks + ticks));

    public static Price operator -(Price a, long ticks) => new(checked(a.Ticks - ticks));

    public static bool operator <(Price a, Price b) => a.Ticks < b.Ticks;

    public static bool operator >(Price a, Price b) => a.Ticks > b.Ticks;

    public static bool operator <=(Price a, Price b) => a.Ticks <= b.Ticks;

    public static bool operator >=(Price a, Price b) => a.Ticks >= b.Ticks;

    public override string ToString() => Ticks.ToString(CultureInfo.InvariantCulture);
}
