using System.Globalization;
using Clearline.Domain;

namespace Clearline.Risk.Positions;

/// <summary>
/// An amount of a settlement currency in 10⁻¹⁰ of its minimal unit (10⁻¹⁸ BTC, 10⁻¹⁶ USDC), held in
/// <see cref="Int128"/>. Position costs and trade values live here so that inverse values (Q/P, rarely a whole
/// number of satoshi) round at a scale far below anything booked; only realised PnL, unrealised PnL and margin
/// become <see cref="Money"/>, each by a stated rule.
/// </summary>
public readonly record struct FineMoney(Int128 Units) : IComparable<FineMoney>
{
    /// <summary>Fine units in one minimal unit of <see cref="Money"/>.</summary>
    public const long PerMoneyUnit = 10_000_000_000;

    /// <summary>The power of ten of <see cref="PerMoneyUnit"/>.</summary>
    public const int ExtraDecimals = 10;

    public static FineMoney Zero => default;

    public static FineMoney From(Money money) => new((Int128)money.Units * PerMoneyUnit);

    /// <summary>
    /// The whole minimal units, rounded toward negative infinity: a gain is rounded down and a loss up, so a booking
    /// never pays out more than was earned. <paramref name="remainder"/> (0 ≤ remainder &lt; one unit) is what the
    /// venue keeps; <c>From(result) + remainder == this</c> exactly.
    /// </summary>
    public Money FloorToMoney(out FineMoney remainder)
    {
        var whole = WideMath.FloorDiv(Units, PerMoneyUnit);
        remainder = new FineMoney(Units - (whole * PerMoneyUnit));
        return new Money(WideMath.ToLong(whole));
    }

    /// <summary>Rounded toward negative infinity, as <see cref="FloorToMoney(out FineMoney)"/>.</summary>
    public Money FloorToMoney() => FloorToMoney(out _);

    /// <summary>Rounded toward positive infinity: for amounts the venue requires (losses it reserves against).</summary>
    public Money CeilingToMoney() => new(WideMath.ToLong(-WideMath.FloorDiv(-Units, PerMoneyUnit)));

    public int CompareTo(FineMoney other) => Units.CompareTo(other.Units);

    public static FineMoney operator +(FineMoney a, FineMoney b) => new(checked(a.Units + b.Units));

    public static FineMoney operator -(FineMoney a, FineMoney b) => new(checked(a.Units - b.Units));

    public static FineMoney operator -(FineMoney a) => new(checked(-a.Units));

    public static bool operator <(FineMoney a, FineMoney b) => a.Units < b.Units;

    public static bool operator >(FineMoney a, FineMoney b) => a.Units > b.Units;

    public static bool operator <=(FineMoney a, FineMoney b) => a.Units <= b.Units;

    public static bool operator >=(FineMoney a, FineMoney b) => a.Units >= b.Units;

    public override string ToString() => Units.ToString(CultureInfo.InvariantCulture);
}
