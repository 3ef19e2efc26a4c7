using System.Numerics;
using Clearline.Domain;
using Clearline.Risk.Positions;
using FsCheck;
using FsCheck.Fluent;
using static Clearline.Risk.Tests.Positions.PositionGenerators;

namespace Clearline.Risk.Tests.Positions;

public sealed class PositionPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithQuietOnSuccess(true);

    /// <summary>Opened in any pieces at one price and closed in any pieces at that price: nothing is realised, to the fine unit.</summary>
    [Fact]
    public void Closing_at_the_entry_price_realises_zero()
    {
        var scenario =
            from terms in Terms
            from side in Sides
            from price in PriceTicks
            from opens in Gen.NonEmptyListOf(Gen.Choose(1, 50_000))
            from closes in Gen.ListOf(Gen.Choose(1, 50_000))
            select (terms, side, price, opens, closes);
        Check.One(Quick.WithMaxTest(500), Prop.ForAll(Arb.From(scenario), s =>
        {
            var price = Price(s.terms, s.price);
            var position = Position.Flat;
            foreach (var lots in s.opens)
            {
                position = position.Apply(s.terms, s.side, new Quantity(lots), price).Position;
            }

            Assert.Equal(price, position.AverageEntryPrice(s.terms));
            var remaining = Math.Abs(position.Size);
            foreach (var lots in s.closes.Append(int.MaxValue))
            {
                var close = Math.Min(remaining, lots);
                if (close == 0)
                {
                    break;
                }

                var change = position.Apply(s.terms, s.side.Opposite(), new Quantity(close), price);
                Assert.Equal(FineMoney.Zero, change.Realised);
                position = change.Position;
                remaining -= close;
            }

            Assert.Equal(Position.Flat, position);
        }));
    }

    /// <summary>
    /// For any fill sequence: Σ realised = final cost − Σ fill values exactly (in fine units), and the booked realised
    /// PnL plus the booked unrealised PnL at a mark equals the PnL computed exactly from the fills,
    /// Σ v(fill, mark) − v(fill, price), within the stated bound: every booking rounds down by less than one minimal
    /// unit, each trade value by less than one fine unit per lot, the mark value by less than one fine unit.
    /// </summary>
    [Fact]
    public void Realised_plus_unrealised_is_the_pnl_of_the_fills()
    {
        var scenario =
            from terms in Terms
            from fills in Gen.NonEmptyListOf(Fill)
            from mark in PriceTicks
            select (terms, fills, mark);
        Check.One(Quick.WithMaxTest(1000), Prop.ForAll(Arb.From(scenario), s =>
        {
            var mark = Price(s.terms, s.mark);
            var position = Position.Flat;
            var realisedFine = FineMoney.Zero;
            var fillValues = FineMoney.Zero;
            var bookedUnits = BigInteger.Zero;
            var roundings = 1;
            BigInteger lotsTraded = 0;
            BigInteger directNumerator = 0;
            BigInteger directDenominator = 1;
            foreach (var fill in s.fills)
            {
                var price = Price(s.terms, fill.PriceTicks);
                var lots = Signed(fill.Side, fill.Lots);
                var change = position.Apply(s.terms, fill.Side, new Quantity(fill.Lots), price);
                realisedFine += change.Realised;
                fillValues += s.terms.TradeValue(lots, price);
                bookedUnits += change.Realised.FloorToMoney().Units;
                roundings += change.Realised == FineMoney.Zero ? 0 : 1;
                lotsTraded += fill.Lots;
                position = change.Position;

                var (atMark, markDenominator) = ExactValue(s.terms, lots, mark);
                var (atPrice, priceDenominator) = ExactValue(s.terms, lots, price);
                (directNumerator, directDenominator) = Add(directNumerator, directDenominator, (atMark * priceDenominator) - (atPrice * markDenominator), markDenominator * priceDenominator);
            }

            Assert.Equal(position.Cost - fillValues, realisedFine);
            bookedUnits += position.Unrealised(s.terms, mark).Units;

            // direct − booked, in fine units, times the denominator.
            var difference = directNumerator - (bookedUnits * FineMoney.PerMoneyUnit * directDenominator);
            Assert.True(difference >= -lotsTraded * directDenominator, $"booked more than earned: {difference}/{directDenominator}");
            Assert.True(difference <= ((roundings * FineMoney.PerMoneyUnit) + lotsTraded + 1) * directDenominator, $"booked too little: {difference}/{directDenominator}");
        }));
    }

    /// <summary>
    /// Trades between four accounts, then everyone closes: at every step Σ sizes = 0 and
    /// 10¹⁰ · Σ booked realised + residual = Σ cost of open positions; at the end the residual is a whole, non-negative
    /// number of minimal units and booked realised plus residual is exactly zero.
    /// </summary>
    [Fact]
    public void Counterparties_and_the_residual_account_sum_to_zero()
    {
        var trade =
            from buyer in Gen.Choose(0, 3)
            from offset in Gen.Choose(1, 3)
            from fill in Fill
            select (buyer, seller: (buyer + offset) % 4, fill.Lots, fill.PriceTicks);
        var scenario =
            from terms in Terms
            from trades in Gen.ListOf(trade)
            from closePrice in PriceTicks
            select (terms, trades, closePrice);
        Check.One(Quick.WithMaxTest(500), Prop.ForAll(Arb.From(scenario), s =>
        {
            var positions = new Position[4];
            var booked = new Money[4];
            var residual = FineMoney.Zero;

            void Trade(int buyer, int seller, long lots, QuotePrice price)
            {
                var outcome = TradeSettlement.Settle(s.terms, positions[buyer], positions[seller], new Quantity(lots), price);
                Assert.InRange(outcome.Residual.Units, 0, (2 * FineMoney.PerMoneyUnit) - 1);
                (positions[buyer], positions[seller]) = (outcome.Buyer, outcome.Seller);
                booked[buyer] += outcome.BuyerRealised;
                booked[seller] += outcome.SellerRealised;
                residual += outcome.Residual;
                Assert.Equal(0, positions.Sum(p => p.Size));
                var openCost = positions.Aggregate(FineMoney.Zero, (sum, p) => sum + p.Cost);
                Assert.Equal(openCost, FineMoney.From(booked.Aggregate(Money.Zero, (sum, m) => sum + m)) + residual);
            }

            foreach (var (buyer, seller, lots, price) in s.trades)
            {
                Trade(buyer, seller, lots, Price(s.terms, price));
            }

            var close = Price(s.terms, s.closePrice);
            while (Array.FindIndex(positions, p => p.Size < 0) is var shortIndex and >= 0)
            {
                var longIndex = Array.FindIndex(positions, p => p.Size > 0);
                Trade(shortIndex, longIndex, Math.Min(-positions[shortIndex].Size, positions[longIndex].Size), close);
            }

            Assert.All(positions, p => Assert.Equal(Position.Flat, p));
            var whole = residual.FloorToMoney(out var fraction);
            Assert.Equal(FineMoney.Zero, fraction);
            Assert.True(whole >= Money.Zero);
            Assert.Equal(Money.Zero, booked.Aggregate(whole, (sum, m) => sum + m));
        }));
    }

    private static (BigInteger, BigInteger) Add(BigInteger a, BigInteger b, BigInteger c, BigInteger d)
    {
        var numerator = (a * d) + (c * b);
        var denominator = b * d;
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return gcd.IsZero || gcd.IsOne ? (numerator, denominator) : (numerator / gcd, denominator / gcd);
    }
}
