using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Tests.Positions;

public sealed class ContractTermsTests
{
    [Fact]
    public void Built_from_instrument_specs()
    {
        Assert.Equal(SettlementType.Inverse, Contracts.Inverse.Settlement);
        Assert.Equal("BTC", Contracts.Inverse.Currency.Code);
        Assert.Equal(1_000_000_000, Contracts.Inverse.LotAmountE8);
        Assert.Equal(50_000_000, Contracts.Inverse.TickE8);
        Assert.Equal(Contracts.Usd(50_000), Contracts.Inverse.ToQuotePrice(new Price(100_000)));

        Assert.Equal(SettlementType.Linear, Contracts.Linear.Settlement);
        Assert.Equal("USDC", Contracts.Linear.Currency.Code);
        Assert.Equal(100_000, Contracts.Linear.LotAmountE8);
        Assert.Equal(100_000_000, Contracts.Linear.TickE8);
    }

    [Fact]
    public void Options_are_linear_in_the_premium_and_pay_it_in_whole_units()
    {
        var inverse = new InstrumentSpec(new InstrumentId(3), InstrumentName.Parse("BTC-27DEC24-50000-C"), new TickSizeSchedule(0.0001m), 1m, 0.1m, new Quantity(1000), new Price(100_000));
        var terms = ContractTerms.From(inverse, SettlementCurrencies.Default);
        Assert.Equal((SettlementType.Linear, "BTC", 10_000_000L, 10_000L), (terms.Settlement, terms.Currency.Code, terms.LotAmountE8, terms.TickE8));

        // 0.1 BTC of underlying at a premium of 0.0123 BTC per BTC: 0.00123 BTC, exactly.
        Assert.Equal(FineMoney.From(new Money(123_000)), terms.TradeValue(1, new QuotePrice(1_230_000)));

        // A lot of 0.1 at a tick of 10⁻⁸ BTC would trade in tenths of a satoshi.
        var tooFine = new InstrumentSpec(new InstrumentId(3), InstrumentName.Parse("BTC-27DEC24-50000-C"), new TickSizeSchedule(0.00000001m), 1m, 0.1m, new Quantity(1000), new Price(100_000));
        Assert.Throws<ArgumentException>(() => ContractTerms.From(tooFine, SettlementCurrencies.Default));
    }

    [Fact]
    public void Unknown_currencies_and_too_fine_lots_are_refused()
    {
        Assert.Throws<KeyNotFoundException>(() => ContractTerms.From(Contracts.InverseSpec, new SettlementCurrencies([new("USDC", 6)])));
        var tinyLot = new InstrumentSpec(new InstrumentId(4), InstrumentName.Parse("PEPE_USDC-PERPETUAL"), new TickSizeSchedule(0.000000001m), 1m, 1m, new Quantity(1000), new Price(100_000));
        Assert.Throws<ArgumentException>(() => ContractTerms.From(tinyLot, SettlementCurrencies.Default));
    }

    [Fact]
    public void Trade_values_are_opposite_for_buyer_and_seller_and_add_up_at_one_price()
    {
        var price = new QuotePrice(6_543_210_000_000);
        foreach (var terms in new[] { Contracts.Inverse, Contracts.Linear })
        {
            Assert.Equal(terms.TradeValue(7, price), -terms.TradeValue(-7, price));
            Assert.Equal(terms.TradeValue(7, price), terms.TradeValue(3, price) + terms.TradeValue(4, price));
        }
    }

    [Fact]
    public void Values_rise_with_price_for_a_long()
    {
        // Inverse: 10 USD at 50,000 is 0.0002 BTC = 2·10¹⁴ fine units, a long's value is its negative.
        Assert.Equal(new FineMoney(-200_000_000_000_000), Contracts.Inverse.TradeValue(1, Contracts.Usd(50_000)));
        Assert.Equal(new FineMoney(-200_000_000_000_000), Contracts.Inverse.MarkValue(1, Contracts.Usd(50_000)));
        // 10 USD at 60,000 = 0.000166666… BTC: the trade value rounds toward zero, the mark value down.
        Assert.Equal(new FineMoney(-166_666_666_666_666), Contracts.Inverse.TradeValue(1, Contracts.Usd(60_000)));
        Assert.Equal(new FineMoney(-166_666_666_666_667), Contracts.Inverse.MarkValue(1, Contracts.Usd(60_000)));
        Assert.Equal(new FineMoney(166_666_666_666_666), Contracts.Inverse.MarkValue(-1, Contracts.Usd(60_000)));
        // Linear: 0.001 BTC at 50,000 is 50 USDC = 5·10¹⁷ fine units (10⁻¹⁶ USDC).
        Assert.Equal(new FineMoney(500_000_000_000_000_000), Contracts.Linear.TradeValue(1, Contracts.Usd(50_000)));
        Assert.Equal(new FineMoney(-500_000_000_000_000_000), Contracts.Linear.MarkValue(-1, Contracts.Usd(50_000)));
    }

    [Fact]
    public void A_linear_currency_with_fewer_than_six_decimals_rounds_values_down()
    {
        var cents = new ContractTerms(SettlementType.Linear, new SettlementCurrency("USDX", 2), 1, 1);
        // 10⁻⁸ coin at 10⁻⁸ quote = 10⁻¹⁶ quote, in units of 10⁻¹² quote: 0.0001, so zero.
        Assert.Equal(FineMoney.Zero, cents.TradeValue(1, new QuotePrice(1)));
        Assert.Equal(new FineMoney(-1), cents.MarkValue(-1, new QuotePrice(1)));
        Assert.Equal(new FineMoney(12_345), cents.MarkValue(1, new QuotePrice(123_456_789)));
    }
}
