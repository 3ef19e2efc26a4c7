using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Risk.Funding;

namespace Clearline.Risk.Tests.Funding;

public sealed class FundingContractTests
{
    private static InstrumentSpec Spec(string name, decimal lotSize) => new(
        new InstrumentId(1),
        InstrumentName.Parse(name),
        new TickSizeSchedule(0.5m),
        contractSize: lotSize,
        lotSize: lotSize,
        maxOrderQuantity: new Quantity(1_000_000),
        maxPrice: new Price(1_000_000));

    [Fact]
    public void Reads_inverse_and_linear_perpetuals_from_their_specs()
    {
        Assert.Equal(FundingScenario.InverseBtc, FundingContract.FromSpec(Spec("BTC-PERPETUAL", 10m), 8));
        Assert.Equal(FundingScenario.LinearBtcUsdc, FundingContract.FromSpec(Spec("BTC_USDC-PERPETUAL", 0.001m), 6));
    }

    [Fact]
    public void Refuses_what_pays_no_funding_or_does_not_fit()
    {
        Assert.Throws<ArgumentException>(() => FundingContract.FromSpec(Spec("BTC-27DEC24", 10m), 8));
        Assert.Throws<ArgumentException>(() => FundingContract.FromSpec(Spec("BTC_USDC-PERPETUAL", 0.000000001m), 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FundingContract(SettlementType.Linear, 0, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FundingContract(SettlementType.Linear, 1, 19));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FundingContract((SettlementType)7, 1, 6));
    }

    [Theory]
    [InlineData(1, 1_500_000_000_000_000_000, -2)] // a long owes 1.5 units: pays 2
    [InlineData(-1, 1_500_000_000_000_000_000, 1)] // the short is owed 1.5: receives 1
    [InlineData(3, -1_000_000_000_000_000_000, 3)] // the index fell: longs are paid exactly
    [InlineData(0, 1_500_000_000_000_000_000, 0)]
    public void Credits_round_toward_the_payer(long lots, long indexMove, long credit)
    {
        var entry = new FundingIndex(-7);
        Assert.Equal(new Money(credit), new FundingIndex(entry.Value + indexMove).CreditSince(entry, lots));
    }
}
