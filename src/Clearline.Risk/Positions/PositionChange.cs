namespace Clearline.Risk.Positions;

/// <summary>A position after a fill and the PnL the fill realised, in fine units (<see cref="FineMoney.FloorToMoney(out FineMoney)"/> books it).</summary>
public readonly record struct PositionChange(Position Position, FineMoney Realised);
