using System.Globalization;

namespace Clearline.Domain;

/// <summary>An order's venue-wide id. Ids are issued in increasing order; the engine assigns the command's sequence to an order sent with id 0.</summary>
public readonly record struct OrderId(long Value) : IComparable<OrderId>
{
    public int CompareTo(OrderId other) => Value.CompareTo(other.Value);

    public static bool operator <(OrderId a, OrderId b) => a.Value < b.Value;

    public static bool operator >(OrderId a, OrderId b) => a.Value > b.Value;

    public static bool operator <=(OrderId a, OrderId b) => a.Value <= b.Value;

    public static bool operator >=(OrderId a, OrderId b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A trading account (main or sub-account).</summary>
public readonly record struct AccountId(int Value) : IComparable<AccountId>
{
    public int CompareTo(AccountId other) => Value.CompareTo(other.Value);

    public static bool operator <(AccountId a, AccountId b) => a.Value < b.Value;

    public static bool operator >(AccountId a, AccountId b) => a.Value > b.Value;

    public static bool operator <=(AccountId a, AccountId b) => a.Value <= b.Value;

    public static bool operator >=(AccountId a, AccountId b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A listed instrument's dense numeric id (names are for the API edge).</summary>
public readonly record struct InstrumentId(int Value) : IComparable<InstrumentId>
{
    public int CompareTo(InstrumentId other) => Value.CompareTo(other.Value);

    public static bool operator <(InstrumentId a, InstrumentId b) => a.Value < b.Value;

    public static bool operator >(InstrumentId a, InstrumentId b) => a.Value > b.Value;

    public static bool operator <=(InstrumentId a, InstrumentId b) => a.Value <= b.Value;

    public static bool operator >=(InstrumentId a, InstrumentId b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A settlement currency: its position in the venue's configured currency list (BTC, ETH, USDC, ...).</summary>
public readonly record struct CurrencyId(int Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A price index (btc_usd, eth_usd, ...): its position in the venue's configured index list.</summary>
public readonly record struct IndexId(int Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
