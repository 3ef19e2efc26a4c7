using Clearline.Domain;
using Clearline.Domain.Instruments;

namespace Clearline.Risk.Positions;

/// <summary>
/// One account's position in one perpetual or future: a signed size in lots and the cost of the lots still held.
/// </summary>
/// <remarks>
/// <para><see cref="Cost"/> is the sum of the trade values (<see cref="ContractTerms.TradeValue"/>) of the lots held,
/// in <see cref="FineMoney"/>. It is the exact accumulator behind the average entry price: for linear contracts
/// Σ q·P (the arithmetic mean), for inverse ones −Σ Q/P (the harmonic mean, which is what makes
/// Q·(1/P0 − 1/P1) add up across fills). Unrealised PnL = v(size, mark) − cost.</para>
/// <para>A fill in the position's direction (or from flat) adds its value to the cost. A fill against it closes
/// lots: the cost of the lots still held is the old cost × remaining / old size, rounded toward negative infinity,
/// and realised PnL = new cost − old cost − fill value. A fill larger than the position closes it and opens the
/// rest at the fill price, as if it were two fills. So, for every account and every fill sequence,
/// Σ realised = cost − Σ fill values exactly: realised and unrealised together are the PnL of the fills, and the
/// only rounding left is that of each trade value and of booking <see cref="FineMoney"/> as <see cref="Money"/>.</para>
/// </remarks>
public readonly record struct Position(long Size, FineMoney Cost)
{
    public static Position Flat => default;

    public bool IsFlat => Size == 0;

    /// <summary>Applies one fill; the result holds the new position and the PnL it realised, in fine units.</summary>
    public PositionChange Apply(ContractTerms terms, Side side, Quantity quantity, QuotePrice price)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (!quantity.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "a fill must be positive");
        }

        var lots = side == Side.Buy ? quantity.Lots : -quantity.Lots;
        var value = terms.TradeValue(lots, price);
        var size = checked(Size + lots);
        if (Size == 0 || (Size > 0) == (lots > 0))
        {
            return new PositionChange(new Position(size, Cost + value), FineMoney.Zero);
        }

        // Against the position: keep the cost of the lots still held, or open the excess at the fill price.
        FineMoney cost;
        if (size == 0)
        {
            cost = FineMoney.Zero;
        }
        else if ((size > 0) == (Size > 0))
        {
            cost = new FineMoney(WideMath.MulDivFloor(Cost.Units, Math.Abs(size), Int128.Abs(Size)));
        }
        else
        {
            cost = terms.TradeValue(size, price);
        }

        return new PositionChange(new Position(size, cost), cost - Cost - value);
    }

    /// <summary>v(size, mark) − cost in fine units, the value marked by <see cref="ContractTerms.MarkValue"/> (never overstated).</summary>
    public FineMoney UnrealisedFine(ContractTerms terms, QuotePrice mark)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return Size == 0 ? FineMoney.Zero : terms.MarkValue(Size, mark) - Cost;
    }

    /// <summary>Unrealised PnL at <paramref name="mark"/> in minimal units, rounded toward negative infinity (gains down, losses up).</summary>
    public Money Unrealised(ContractTerms terms, QuotePrice mark) => UnrealisedFine(terms, mark).FloorToMoney();

    /// <summary>
    /// The average entry price the cost stands for (zero when flat), for display: |Σ q·P| / Σ q for linear,
    /// Σ Q / |Σ Q/P| for inverse, rounded to the nearest 10⁻⁸ (ties away from zero). Nothing is booked from it.
    /// </summary>
    public QuotePrice AverageEntryPrice(ContractTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (Size == 0 || Cost.Units == 0)
        {
            return QuotePrice.Zero;
        }

        var amount = Int128.Abs(terms.AmountE8(Size));
        var cost = Int128.Abs(Cost.Units);
        Int128 price;
        if (terms.Settlement == SettlementType.Inverse)
        {
            price = RoundHalfUp(checked(amount * terms.FineScale), cost);
        }
        else
        {
            // cost = amount·P·10^(d − 6) in these units (ContractTerms.LinearValue).
            var exponent = terms.Currency.Decimals + FineMoney.ExtraDecimals - 16;
            price = exponent >= 0
                ? RoundHalfUp(cost, checked(amount * WideMath.Pow10(exponent)))
                : RoundHalfUp(checked(cost * WideMath.Pow10(-exponent)), amount);
        }

        return new QuotePrice(WideMath.ToLong(price));
    }

    /// <summary>n / d rounded to the nearest integer, ties up, for n ≥ 0 and d &gt; 0.</summary>
    private static Int128 RoundHalfUp(Int128 n, Int128 d)
    {
        var remainder = n % d;
        return (n / d) + (remainder >= d - remainder ? 1 : 0);
    }
}
