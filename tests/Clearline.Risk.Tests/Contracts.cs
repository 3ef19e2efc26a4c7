using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Tests;

/// <summary>The Deribit-shaped instruments and margin tiers the tests use.</summary>
internal static class Contracts
{
    /// <summary>BTC-PERPETUAL: 10 USD per lot, tick 0.5 USD, settled in BTC (8 decimals).</summary>
    public static readonly InstrumentSpec InverseSpec = new(
        new InstrumentId(1), InstrumentName.Parse("BTC-PERPETUAL"), new TickSizeSchedule(0.5m), 10m, 10m, new Quantity(1_000_000), new Price(2_000_000));

    /// <summary>BTC_USDC-PERPETUAL: 0.001 BTC per lot, tick 1 USDC, settled in USDC (6 decimals).</summary>
    public static readonly InstrumentSpec LinearSpec = new(
        new InstrumentId(2), InstrumentName.Parse("BTC_USDC-PERPETUAL"), new TickSizeSchedule(1m), 0.001m, 0.001m, new Quantity(1_000_000), new Price(1_000_000));

    public static readonly ContractTerms Inverse = ContractTerms.From(InverseSpec, SettlementCurrencies.Default);

    public static readonly ContractTerms Linear = ContractTerms.From(LinearSpec, SettlementCurrencies.Default);

    /// <summary>Deribit BTC standard margin: IM 2% and MM 1%, each + 0.005% per BTC of size, continuous.</summary>
    public static readonly MarginTiers DeribitBtc = new(2_000_000, 5_000, 1_000_000, 5_000);

    public static readonly InstrumentRisk InverseRisk = new(Inverse, DeribitBtc, 10_000_000);

    public static readonly InstrumentRisk LinearRisk = new(Linear, DeribitBtc, 10_000_000);

    public static QuotePrice Usd(long dollars) => new(dollars * QuotePrice.Scale);

    public static Quantity Lots(long lots) => new(lots);

    /// <summary>value × 10^exponent fine units, for amounts beyond a long literal (10¹⁶ fine units are 1 USDC).</summary>
    public static FineMoney Fine(long value, int exponent)
    {
        Int128 units = value;
        for (var i = 0; i < exponent; i++)
        {
            units *= 10;
        }

        return new FineMoney(units);
    }
}
