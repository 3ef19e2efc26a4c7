using Clearline.Domain;
using Clearline.Risk.Positions;
using static Clearline.Risk.Tests.Contracts;

namespace Clearline.Risk.Tests.Positions;

/// <summary>
/// Hand-computed open, add, partial close and flip, for BTC-PERPETUAL (inverse, PnL in BTC) and
/// BTC_USDC-PERPETUAL (linear, PnL in USDC). Fine units: 10⁻¹⁸ BTC and 10⁻¹⁶ USDC.
/// </summary>
public sealed class PositionExamplesTests
{
    [Fact]
    public void Inverse_open_add_reduce_flip()
    {
        // Buy 10,000 USD at 50,000: cost −0.2 BTC.
        var step = Position.Flat.Apply(Inverse, Side.Buy, Lots(1000), Usd(50_000));
        Assert.Equal(new Position(1000, new FineMoney(-200_000_000_000_000_000)), step.Position);
        Assert.Equal(FineMoney.Zero, step.Realised);

        // Add 10,000 USD at 40,000 (0.25 BTC): the entry is the harmonic mean 2 / (1/50,000 + 1/40,000).
        step = step.Position.Apply(Inverse, Side.Buy, Lots(1000), Usd(40_000));
        Assert.Equal(new Position(2000, new FineMoney(-450_000_000_000_000_000)), step.Position);
        Assert.Equal(new QuotePrice(4_444_444_444_444), step.Position.AverageEntryPrice(Inverse));

        // Sell 5,000 USD at 60,000: 5,000·(1/44,444.4… − 1/60,000) = 0.0291666… BTC. The fill is worth
        // 500 × ⌊10/60,000 BTC⌋ = 0.083333333333333 BTC; a quarter of the cost is released.
        step = step.Position.Apply(Inverse, Side.Sell, Lots(500), Usd(60_000));
        Assert.Equal(new Position(1500, new FineMoney(-337_500_000_000_000_000)), step.Position);
        Assert.Equal(new FineMoney(29_166_666_666_667_000), step.Realised);
        Assert.Equal(new Money(2_916_666), step.Realised.FloorToMoney(out var residual));
        Assert.Equal(new FineMoney(6_666_667_000), residual);

        // Sell 25,000 USD at 50,000: closes 15,000 USD (0.3375 BTC in, 0.3 BTC out) and opens a 10,000 USD short at 50,000.
        step = step.Position.Apply(Inverse, Side.Sell, Lots(2500), Usd(50_000));
        Assert.Equal(new Position(-1000, new FineMoney(200_000_000_000_000_000)), step.Position);
        Assert.Equal(new FineMoney(37_500_000_000_000_000), step.Realised);
        Assert.Equal(new Money(3_750_000), step.Realised.FloorToMoney());
        Assert.Equal(Usd(50_000), step.Position.AverageEntryPrice(Inverse));

        // The short at 40,000: −10,000·(1/50,000 − 1/40,000) = +0.05 BTC; at 62,500: −0.04 BTC.
        Assert.Equal(new Money(5_000_000), step.Position.Unrealised(Inverse, Usd(40_000)));
        Assert.Equal(new Money(-4_000_000), step.Position.Unrealised(Inverse, Usd(62_500)));
    }

    [Fact]
    public void Linear_open_add_reduce_flip()
    {
        // Buy 1 BTC at 50,000 and 1 BTC at 40,000: cost 90,000 USDC, entry 45,000.
        var step = Position.Flat.Apply(Linear, Side.Buy, Lots(1000), Usd(50_000));
        step = step.Position.Apply(Linear, Side.Buy, Lots(1000), Usd(40_000));
        Assert.Equal(new Position(2000, Fine(90_000, 16)), step.Position);
        Assert.Equal(Usd(45_000), step.Position.AverageEntryPrice(Linear));
        Assert.Equal(new Money(10_000_000_000), step.Position.Unrealised(Linear, Usd(50_000)));

        // Sell 0.5 BTC at 60,000: 0.5 × 15,000 = 7,500 USDC.
        step = step.Position.Apply(Linear, Side.Sell, Lots(500), Usd(60_000));
        Assert.Equal(new Position(1500, Fine(67_500, 16)), step.Position);
        Assert.Equal(new Money(7_500_000_000), step.Realised.FloorToMoney(out var residual));
        Assert.Equal(FineMoney.Zero, residual);

        // Sell 2.5 BTC at 50,000: closes 1.5 BTC (+7,500 USDC), opens a 1 BTC short at 50,000.
        step = step.Position.Apply(Linear, Side.Sell, Lots(2500), Usd(50_000));
        Assert.Equal(new Position(-1000, Fine(-50_000, 16)), step.Position);
        Assert.Equal(new Money(7_500_000_000), step.Realised.FloorToMoney());
        Assert.Equal(new Money(10_000_000_000), step.Position.Unrealised(Linear, Usd(40_000)));
        Assert.Equal(new Money(-2_345_678_900), step.Position.Unrealised(Linear, new QuotePrice(5_234_567_890_000)));
    }

    [Fact]
    public void Losses_round_up_and_gains_down()
    {
        // 10 USD from 60,000 (cost ⌊10/60,000 BTC⌋ in fine units) marked at 50,000: 0.0000333… BTC, 3,333.33 sat,
        // lost by a long and gained by a short.
        var longPosition = Position.Flat.Apply(Inverse, Side.Buy, Lots(1), Usd(60_000)).Position;
        var shortPosition = Position.Flat.Apply(Inverse, Side.Sell, Lots(1), Usd(60_000)).Position;
        Assert.Equal(new Money(-3_334), longPosition.Unrealised(Inverse, Usd(50_000)));
        Assert.Equal(new Money(3_333), shortPosition.Unrealised(Inverse, Usd(50_000)));

        var close = longPosition.Apply(Inverse, Side.Sell, Lots(1), Usd(50_000));
        Assert.Equal(new FineMoney(-33_333_333_333_334), close.Realised);
        Assert.Equal(new Money(-3_334), close.Realised.FloorToMoney(out var residual));
        Assert.Equal(new FineMoney(6_666_666_666), residual);
    }

    [Fact]
    public void A_flip_is_a_close_then_an_open()
    {
        var start = Position.Flat.Apply(Inverse, Side.Buy, Lots(700), Usd(51_234)).Position;
        var flip = start.Apply(Inverse, Side.Sell, Lots(1000), Usd(48_765));
        var close = start.Apply(Inverse, Side.Sell, Lots(700), Usd(48_765));
        var open = close.Position.Apply(Inverse, Side.Sell, Lots(300), Usd(48_765));
        Assert.Equal(open.Position, flip.Position);
        Assert.Equal(close.Realised + open.Realised, flip.Realised);
        Assert.Equal(Position.Flat.Apply(Inverse, Side.Sell, Lots(300), Usd(48_765)).Position, flip.Position);
    }

    [Fact]
    public void Both_sides_of_a_trade_settle_with_the_residual_to_the_venue()
    {
        // The buyer closes a 10 USD short from 60,000; the seller opens one at 50,000.
        var buyer = Position.Flat.Apply(Inverse, Side.Sell, Lots(1), Usd(60_000)).Position;
        var seller = Position.Flat;
        var outcome = TradeSettlement.Settle(Inverse, buyer, seller, Lots(1), Usd(50_000));
        Assert.Equal(Position.Flat, outcome.Buyer);
        Assert.Equal(new Position(-1, new FineMoney(200_000_000_000_000)), outcome.Seller);
        Assert.Equal(new Money(3_333), outcome.BuyerRealised);
        Assert.Equal(Money.Zero, outcome.SellerRealised);
        Assert.Equal(new FineMoney(3_333_333_334), outcome.Residual);
        // 10¹⁰·Σ booked + residual = the change in Σ cost of open positions.
        Assert.Equal(outcome.Seller.Cost - buyer.Cost, FineMoney.From(outcome.BuyerRealised + outcome.SellerRealised) + outcome.Residual);
    }

    [Fact]
    public void Bad_fills_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Position.Flat.Apply(Inverse, Side.Buy, Quantity.Zero, Usd(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Position.Flat.Apply(Inverse, Side.Buy, Lots(1), QuotePrice.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Position.Flat.Apply(Linear, Side.Sell, Lots(1), new QuotePrice(-1)));
    }
}
