using Clearline.Domain;

namespace Clearline.Risk.Positions;

/// <summary>
/// A currency positions settle in, with the number of decimals its <see cref="Money"/> minimal unit carries
/// (8 for BTC: one unit is a satoshi). Amounts convert to and from <see cref="decimal"/> exactly or not at all.
/// </summary>
/// <remarks>
/// At most <see cref="MaxDecimals"/> decimals, so that 10^(decimals + 10), the scale of <see cref="FineMoney"/>,
/// stays below 2^64 and every product the PnL and margin code forms fits in <see cref="Int128"/>.
/// </remarks>
public sealed record SettlementCurrency
{
    public const int MaxDecimals = 9;

    public SettlementCurrency(string code, int decimals)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        if (decimals is < 0 or > MaxDecimals)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"must be 0..{MaxDecimals}");
        }

        Code = code;
        Decimals = decimals;
        UnitsPerCoin = WideMath.Pow10(decimals);
    }

    public string Code { get; }

    public int Decimals { get; }

    /// <summary>Minimal units in one whole coin: 10^<see cref="Decimals"/>.</summary>
    public long UnitsPerCoin { get; }

    /// <summary>Exact conversion; false when the amount has more decimals than the currency or does not fit.</summary>
    public bool TryToMoney(decimal amount, out Money money)
    {
        money = default;
        var limit = (decimal)long.MaxValue / UnitsPerCoin;
        if (amount > limit || amount < -limit)
        {
            return false;
        }

        var units = amount * UnitsPerCoin;
        if (units != decimal.Truncate(units))
        {
            return false;
        }

        money = new Money((long)units);
        return true;
    }

    public decimal ToDecimal(Money money) => (decimal)money.Units / UnitsPerCoin;

    public override string ToString() => Code;
}
