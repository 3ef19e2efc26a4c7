using Clearline.Domain;

namespace Clearline.Risk.Margin;

/// <summary>
/// What one exposure adds to its pool's <see cref="MarginSummary"/>. Keeping it beside the exposure lets a mark move
/// take the old contribution out by subtraction and compute only the new one.
/// </summary>
public readonly record struct MarginContribution(Money Unrealised, Money PositionInitial, Money OrdersInitial, Money Maintenance)
{
    public static MarginContribution Of(in InstrumentExposure exposure)
    {
        var position = exposure.PositionMargin;
        return new MarginContribution(exposure.Unrealised, position.Initial, exposure.OrdersMargin, position.Maintenance);
    }
}
