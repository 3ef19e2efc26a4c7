using Clearline.Domain;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using FsCheck;
using FsCheck.Fluent;
using static Clearline.Risk.Tests.Contracts;

namespace Clearline.Risk.Tests.Margin;

public sealed class PreTradeCheckTests
{
    private static readonly InstrumentRisk Limited = new(Inverse, DeribitBtc, 2000);

    private static InstrumentExposure Exposure(InstrumentRisk risk, long position, long buys = 0, long sells = 0) =>
        new(risk, position == 0 ? Position.Flat : Position.Flat.Apply(risk.Terms, position > 0 ? Side.Buy : Side.Sell, Lots(Math.Abs(position)), Usd(50_000)).Position, Usd(50_000), buys, sells, FineMoney.Zero);

    [Fact]
    public void Orders_are_refused_when_their_margin_does_not_fit_the_available_funds()
    {
        // Flat: a 10,000 USD bid reserves 400,200 sat.
        var exposure = Exposure(InverseRisk, 0);
        var exactly = MarginSummary.Compute(new Money(400_200), [exposure]);
        Assert.Equal(PreTradeRejection.None, PreTradeCheck.WouldExceed(exactly, exposure, Side.Buy, Lots(1000), Usd(50_000)));
        var short1 = MarginSummary.Compute(new Money(400_199), [exposure]);
        Assert.Equal(PreTradeRejection.NotEnoughFunds, PreTradeCheck.WouldExceed(short1, exposure, Side.Buy, Lots(1000), Usd(50_000)));
        // Bidding through the mark also needs its open loss: 0.2 BTC at 50,000 vs 1/50,500 of 10,000 USD.
        Assert.Equal(PreTradeRejection.NotEnoughFunds, PreTradeCheck.WouldExceed(exactly, exposure, Side.Buy, Lots(1000), Usd(50_500)));
    }

    [Fact]
    public void Orders_that_do_not_raise_the_margin_pass_even_when_funds_are_short()
    {
        // Offering 5,000 USD while 10,000 USD is bid: the bids stay the worse side.
        var flat = Exposure(InverseRisk, 0, buys: 1000);
        var broke = MarginSummary.Compute(new Money(-1), [flat]);
        Assert.Equal(PreTradeRejection.None, PreTradeCheck.WouldExceed(broke, flat, Side.Sell, Lots(500), Usd(50_000)));
        Assert.Equal(PreTradeRejection.NotEnoughFunds, PreTradeCheck.WouldExceed(broke, flat, Side.Sell, Lots(1001), Usd(50_000)));

        // Any order that only reduces a long, priced at or above the mark, passes whatever the balance.
        var scenario =
            from size in Gen.Choose(1, 1_000_000)
            from restingShare in Gen.Choose(0, 99)
            from buys in Gen.Choose(0, 1_000_000)
            from premium in Gen.Choose(0, 10_000)
            from balance in Gen.Choose(-100_000_000, 100_000_000)
            select (size, resting: size * (long)restingShare / 100, buys, premium, balance);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(scenario), s =>
        {
            var exposure = Exposure(InverseRisk, s.size, s.buys, s.resting);
            var account = MarginSummary.Compute(new Money(s.balance), [exposure]);
            var quantity = Lots(Math.Max(1, s.size - s.resting));
            Assert.Equal(PreTradeRejection.None, PreTradeCheck.WouldExceed(account, exposure, Side.Sell, quantity, new QuotePrice(Usd(50_000).E8 + s.premium)));
        }));
    }

    [Fact]
    public void Position_limit_counts_every_resting_order_on_the_side()
    {
        var rich = new Money(100_000_000_000);
        var exposure = Exposure(Limited, 1500, buys: 400);
        var account = MarginSummary.Compute(rich, [exposure]);
        Assert.Equal(PreTradeRejection.None, PreTradeCheck.WouldExceed(account, exposure, Side.Buy, Lots(100), Usd(50_000)));
        Assert.Equal(PreTradeRejection.MaxPositionExceeded, PreTradeCheck.WouldExceed(account, exposure, Side.Buy, Lots(101), Usd(50_000)));
        Assert.Equal(PreTradeRejection.None, PreTradeCheck.WouldExceed(account, exposure, Side.Sell, Lots(3500), Usd(50_000)));
        Assert.Equal(PreTradeRejection.MaxPositionExceeded, PreTradeCheck.WouldExceed(account, exposure, Side.Sell, Lots(3501), Usd(50_000)));

        // Above a lowered limit, reducing still passes and growing does not.
        var over = Exposure(Limited, 3000);
        var overAccount = MarginSummary.Compute(rich, [over]);
        Assert.Equal(PreTradeRejection.None, PreTradeCheck.WouldExceed(overAccount, over, Side.Sell, Lots(100), Usd(50_000)));
        Assert.Equal(PreTradeRejection.MaxPositionExceeded, PreTradeCheck.WouldExceed(overAccount, over, Side.Buy, Lots(1), Usd(50_000)));
    }

    [Fact]
    public void The_position_limit_is_checked_before_funds()
    {
        var exposure = Exposure(Limited, 0);
        var broke = MarginSummary.Compute(Money.Zero, [exposure]);
        Assert.Equal(PreTradeRejection.MaxPositionExceeded, PreTradeCheck.WouldExceed(broke, exposure, Side.Buy, Lots(2001), Usd(50_000)));
        Assert.Equal(PreTradeRejection.NotEnoughFunds, PreTradeCheck.WouldExceed(broke, exposure, Side.Buy, Lots(2000), Usd(50_000)));
    }
}
