using Clearline.Domain;
using Clearline.Risk.Positions;

namespace Clearline.Risk.Margin;

/// <summary>
/// One account's stake in one instrument as the margin rules see it: the position, the mark, and its resting
/// orders reduced to what the rules use (lots per side and the open loss of orders priced through the mark).
/// </summary>
/// <remarks>
/// The engine can keep these aggregates as orders rest, fill and cancel, so a margin question costs O(1) per
/// instrument; <see cref="Create"/> builds them from the levels once. The open loss depends on the mark, so a mark
/// change means rebuilding it from the orders priced through the new mark.
/// </remarks>
public readonly record struct InstrumentExposure
{
    public InstrumentExposure(InstrumentRisk risk, Position position, QuotePrice mark, long buyLots, long sellLots, FineMoney openLoss)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentOutOfRangeException.ThrowIfNegative(buyLots);
        ArgumentOutOfRangeException.ThrowIfNegative(sellLots);
        ArgumentOutOfRangeException.ThrowIfNegative(openLoss.Units);
        if (!mark.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark, "a mark price must be positive");
        }

        Risk = risk;
        Position = position;
        Mark = mark;
        BuyLots = buyLots;
        SellLots = sellLots;
        OpenLoss = openLoss;
    }

    public InstrumentRisk Risk { get; }

    public Position Position { get; }

    public QuotePrice Mark { get; }

    /// <summary>Σ resting buy lots.</summary>
    public long BuyLots { get; }

    /// <summary>Σ resting sell lots.</summary>
    public long SellLots { get; }

    /// <summary>Σ <see cref="MarginCalculator.OpenLoss"/> over the resting orders, both sides.</summary>
    public FineMoney OpenLoss { get; }

    public MarginRequirement PositionMargin => MarginCalculator.ForPosition(Risk, Position.Size, Mark);

    public Money OrdersMargin => MarginCalculator.ForOpenOrders(Risk, Position.Size, BuyLots, SellLots, OpenLoss, Mark);

    /// <summary>
    /// <see cref="OrdersMargin"/> given the position's own initial margin (<see cref="PositionMargin"/>'s), which a
    /// caller may hold already, with the outcomes margined through the caller's memo.
    /// </summary>
    public Money OrdersMarginGiven(Money positionInitial, ref InitialMarginMemo memo) =>
        MarginCalculator.ForOpenOrders(Risk, Position.Size, BuyLots, SellLots, OpenLoss, Mark, positionInitial, ref memo);

    public Money Unrealised => Position.Unrealised(Risk.Terms, Mark);

    public static InstrumentExposure Create(InstrumentRisk risk, Position position, QuotePrice mark, ReadOnlySpan<OrderLevel> buys, ReadOnlySpan<OrderLevel> sells)
    {
        var exposure = new InstrumentExposure(risk, position, mark, 0, 0, FineMoney.Zero);
        foreach (var level in buys)
        {
            exposure = exposure.WithOrder(Side.Buy, level.Quantity, level.Price);
        }

        foreach (var level in sells)
        {
            exposure = exposure.WithOrder(Side.Sell, level.Quantity, level.Price);
        }

        return exposure;
    }

    /// <summary>The exposure with one more resting order, as a pre-trade check needs it.</summary>
    public InstrumentExposure WithOrder(Side side, Quantity quantity, QuotePrice price) => Change(side, quantity, price, 1);

    /// <summary>The exposure without (part of) a resting order it counts: an amendment's check takes the old order out first.</summary>
    public InstrumentExposure WithoutOrder(Side side, Quantity quantity, QuotePrice price) => Change(side, quantity, price, -1);

    /// <summary>The exposure at another mark, with the open loss of its resting orders at that mark (computed by the caller).</summary>
    public InstrumentExposure AtMark(QuotePrice mark, FineMoney openLoss) => new(Risk, Position, mark, BuyLots, SellLots, openLoss);

    private InstrumentExposure Change(Side side, Quantity quantity, QuotePrice price, int sign)
    {
        if (!quantity.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "an order must be positive");
        }

        var loss = MarginCalculator.OpenLoss(Risk.Terms, side, quantity, price, Mark);
        var lots = sign > 0 ? quantity.Lots : -quantity.Lots;
        return side == Side.Buy
            ? new InstrumentExposure(Risk, Position, Mark, checked(BuyLots + lots), SellLots, sign > 0 ? OpenLoss + loss : OpenLoss - loss)
            : new InstrumentExposure(Risk, Position, Mark, BuyLots, checked(SellLots + lots), sign > 0 ? OpenLoss + loss : OpenLoss - loss);
    }
}
