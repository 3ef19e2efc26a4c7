using Clearline.Domain;
using Clearline.Domain.Instruments;

namespace Clearline.Risk.Positions;

/// <summary>
/// What one lot of a perpetual, future or option is worth, and in which currency it settles: the integer form of an
/// <see cref="InstrumentSpec"/> that position and margin math need.
/// </summary>
/// <remarks>
/// The value of a signed size S (lots, long &gt; 0) at price P, in the settlement currency:
/// linear v = S·a·P (a base coin per lot; PnL in the quote currency), inverse v = −S·a/P (a USD per lot; PnL in
/// coin). Both rise with the price for a long, so PnL is v(exit) − v(entry) for either kind, and
/// inverse PnL is Q·(1/P0 − 1/P1).
/// An option's price is its premium in the settlement currency per underlying (coin for an inverse option, USDC for a
/// linear one), so its terms are linear in the premium whatever its settlement: v = S·a·premium, a underlying per lot.
/// </remarks>
public sealed record ContractTerms
{
    /// <param name="settlement">Inverse or linear.</param>
    /// <param name="currency">The currency PnL and margin are paid in.</param>
    /// <param name="lotAmountE8">One lot's amount × 10⁸: USD for inverse (10 USD: 10⁹), base coin for linear (0.001 BTC: 10⁵).</param>
    /// <param name="tickE8">One minimal price tick as a <see cref="QuotePrice"/> (0.5 USD: 5·10⁷).</param>
    public ContractTerms(SettlementType settlement, SettlementCurrency currency, long lotAmountE8, long tickE8)
    {
        ArgumentNullException.ThrowIfNull(currency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lotAmountE8);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tickE8);
        if (!Enum.IsDefined(settlement))
        {
            throw new ArgumentOutOfRangeException(nameof(settlement), settlement, "undefined settlement type");
        }

        Settlement = settlement;
        Currency = currency;
        LotAmountE8 = lotAmountE8;
        TickE8 = tickE8;
        FineScale = WideMath.Pow10Wide(currency.Decimals + FineMoney.ExtraDecimals);
    }

    public SettlementType Settlement { get; }

    public SettlementCurrency Currency { get; }

    public long LotAmountE8 { get; }

    public long TickE8 { get; }

    /// <summary>
    /// The terms of an instrument: a perpetual or future as its settlement says, an option linear in its premium
    /// (remarks). An option's lot and minimal tick must make every trade value a whole number of minimal units, so that
    /// its premium is paid exactly.
    /// </summary>
    public static ContractTerms From(InstrumentSpec spec, SettlementCurrencies currencies)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(currencies);
        var currency = currencies.Get(spec.SettlementCurrency);
        var (lot, tick) = (ToE8(spec.LotSize, "lot size"), ToE8(spec.Ticks.TickSize, "tick size"));
        if (spec.Kind != InstrumentKind.Option)
        {
            return new ContractTerms(spec.Settlement, currency, lot, tick);
        }

        // lot × tick × 10^(d − 16) minimal units must be whole: lot × tick divisible by 10^(16 − d).
        var exponent = 16 - currency.Decimals;
        if (exponent > 0 && Math.BigMul(lot, tick) % WideMath.Pow10Wide(exponent) != 0)
        {
            throw new ArgumentException($"{spec.Name}: a lot of {spec.LotSize} at a tick of {spec.Ticks.TickSize} is not a whole number of minimal {currency.Code} units");
        }

        return new ContractTerms(SettlementType.Linear, currency, lot, tick);
    }

    public QuotePrice ToQuotePrice(Price price) => new(checked(price.Ticks * TickE8));

    /// <summary>
    /// The value of a trade of <paramref name="lots"/> (signed: a buy is positive) at <paramref name="price"/>:
    /// the per-lot value rounded toward zero, times the lots. The rule depends only on |lots| and the price, so
    /// buyer and seller book exactly opposite values, and values at one price add up exactly across fills.
    /// </summary>
    public FineMoney TradeValue(long lots, QuotePrice price)
    {
        var magnitude = checked(Int128.Abs(lots) * LotValue(price));
        return new FineMoney(IsLongValuePositive(lots) ? magnitude : -magnitude);
    }

    /// <summary>v(<paramref name="lots"/>, <paramref name="price"/>) exactly, rounded toward negative infinity: marking never overstates a value.</summary>
    public FineMoney MarkValue(long lots, QuotePrice price)
    {
        CheckPrice(price);
        var amount = AmountE8(lots);
        return new FineMoney(Settlement == SettlementType.Linear
            ? LinearValue(amount, price)
            : WideMath.MulDivFloor(-amount, FineScale, price.E8));
    }

    /// <summary>Fine units in one whole coin of the settlement currency: 10^(decimals + 10).</summary>
    internal Int128 FineScale { get; }

    /// <summary>Signed amount × 10⁸: USD for inverse, base coin for linear. Exact: a long times a long always fits Int128.</summary>
    internal Int128 AmountE8(long lots) => Math.BigMul(lots, LotAmountE8);

    /// <summary>|v| of one lot, rounded toward zero.</summary>
    private Int128 LotValue(QuotePrice price)
    {
        CheckPrice(price);
        return Settlement == SettlementType.Linear
            ? LinearValue(LotAmountE8, price)
            : WideMath.MulDivFloor(LotAmountE8, FineScale, price.E8);
    }

    /// <summary>
    /// amount·P in fine units: amount and price carry 8 decimals each, fine units d + 10, so the factor is
    /// 10^(d − 6): exact for d ≥ 6, rounded toward negative infinity below.
    /// </summary>
    private Int128 LinearValue(Int128 amountE8, QuotePrice price)
    {
        var exponent = Currency.Decimals + FineMoney.ExtraDecimals - 16;
        return exponent >= 0
            ? checked(amountE8 * price.E8 * WideMath.Pow10(exponent))
            : WideMath.MulDivFloor(amountE8, price.E8, WideMath.Pow10(-exponent));
    }

    private bool IsLongValuePositive(long lots) => (lots > 0) == (Settlement == SettlementType.Linear);

    private static void CheckPrice(QuotePrice price)
    {
        if (!price.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "a price must be positive");
        }
    }

    private static long ToE8(decimal value, string what)
    {
        var scaled = value is > 0 and <= (decimal)long.MaxValue / QuotePrice.Scale ? value * QuotePrice.Scale : 0;
        return scaled > 0 && scaled == decimal.Truncate(scaled)
            ? (long)scaled
            : throw new ArgumentException($"{what} {value} is not a positive multiple of 10^-8");
    }
}
