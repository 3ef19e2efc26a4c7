using System.Numerics;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Positions;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Risk.Tests.Positions;

/// <summary>A fill as the generators produce it: side, lots and price in ticks of the terms.</summary>
internal readonly record struct GeneratedFill(Side Side, int Lots, int PriceTicks);

/// <summary>Generators for position properties, and the exact value v(S, P) as a fraction for reference.</summary>
internal static class PositionGenerators
{
    /// <summary>
    /// BTC-PERPETUAL and BTC_USDC-PERPETUAL; an ETH-PERPETUAL-like inverse (1 USD lots, 0.05 tick); a linear contract
    /// settled in a 2-decimal currency, whose trade values round.
    /// </summary>
    public static readonly ContractTerms[] AllTerms =
    [
        Contracts.Inverse,
        Contracts.Linear,
        new(SettlementType.Inverse, new SettlementCurrency("ETH", 8), 100_000_000, 5_000_000),
        new(SettlementType.Linear, new SettlementCurrency("USDX", 2), 1_000_000, 1_000_000),
    ];

    public static Gen<ContractTerms> Terms { get; } = Gen.Elements(AllTerms);

    /// <summary>Mostly near one level, sometimes anywhere from one tick up, so inverse values get large.</summary>
    public static Gen<int> PriceTicks { get; } = Gen.Frequency((8, Gen.Choose(90_000, 110_000)), (2, Gen.Choose(1, 400_000)));

    public static Gen<Side> Sides { get; } = Gen.Elements(Side.Buy, Side.Sell);

    public static Gen<GeneratedFill> Fill { get; } =
        from side in Sides
        from lots in Gen.Frequency((6, Gen.Choose(1, 100)), (3, Gen.Choose(1, 5_000)), (1, Gen.Choose(1, 1_000_000)))
        from price in PriceTicks
        select new GeneratedFill(side, lots, price);

    public static QuotePrice Price(ContractTerms terms, int ticks) => terms.ToQuotePrice(new Price(ticks));

    public static long Signed(Side side, long lots) => side == Side.Buy ? lots : -lots;

    /// <summary>v(lots, price) exactly, in fine units, as numerator and (positive) denominator.</summary>
    public static (BigInteger Numerator, BigInteger Denominator) ExactValue(ContractTerms terms, long lots, QuotePrice price)
    {
        var amount = (BigInteger)lots * terms.LotAmountE8;
        var fineScale = BigInteger.Pow(10, terms.Currency.Decimals + FineMoney.ExtraDecimals);
        return terms.Settlement == SettlementType.Linear
            ? (amount * price.E8 * fineScale, BigInteger.Pow(10, 16))
            : (-amount * fineScale, price.E8);
    }
}
