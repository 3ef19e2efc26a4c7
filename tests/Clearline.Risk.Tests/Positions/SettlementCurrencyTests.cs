using Clearline.Domain;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Tests.Positions;

public sealed class SettlementCurrencyTests
{
    [Fact]
    public void Defaults_hold_btc_eth_and_usdc()
    {
        var currencies = SettlementCurrencies.Default;
        Assert.Equal(["BTC", "ETH", "USDC"], currencies.All.Select(c => c.Code));
        Assert.Equal(100_000_000, currencies.Get("BTC").UnitsPerCoin);
        Assert.Equal(8, currencies.Get("ETH").Decimals);
        Assert.Equal(1_000_000, currencies.Get("USDC").UnitsPerCoin);
        Assert.False(currencies.TryGet("usdc", out _));
        Assert.Throws<KeyNotFoundException>(() => currencies.Get("SOL"));
    }

    [Theory]
    [InlineData("BTC", "0.00000001", 1)]
    [InlineData("BTC", "21000000", 2_100_000_000_000_000)]
    [InlineData("USDC", "-12.345678", -12_345_678)]
    public void Converts_exactly(string code, string amount, long units)
    {
        var currency = SettlementCurrencies.Default.Get(code);
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(currency.TryToMoney(value, out var money));
        Assert.Equal(new Money(units), money);
        Assert.Equal(value, currency.ToDecimal(money));
    }

    [Fact]
    public void Refuses_what_does_not_convert_exactly()
    {
        var usdc = SettlementCurrencies.Default.Get("USDC");
        Assert.False(usdc.TryToMoney(0.0000001m, out _));
        Assert.False(usdc.TryToMoney(decimal.MaxValue, out _));
        Assert.False(usdc.TryToMoney(decimal.MinValue, out _));
    }

    [Fact]
    public void Configuration_is_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SettlementCurrency("SOL", 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SettlementCurrency("X", -1));
        Assert.Throws<ArgumentException>(() => new SettlementCurrencies([new("BTC", 8), new("BTC", 6)]));
        Assert.Equal(9, new SettlementCurrencies([new("SOL", 9)]).Get("SOL").Decimals);
    }
}
