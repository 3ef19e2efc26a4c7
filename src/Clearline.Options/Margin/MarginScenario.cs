namespace Clearline.Options.Margin;

/// <summary>The volatility side of a portfolio-margin scenario.</summary>
public enum VolatilityScenario : byte
{
    Up = 0,
    Unchanged = 1,
    Down = 2,
}

/// <summary>One scenario: the underlying moved by <paramref name="Move"/> (−0.16 is −16%), the volatility shocked, the P&amp;L counted at <paramref name="Weight"/>.</summary>
public readonly record struct MarginScenario(double Move, VolatilityScenario Volatility, double Weight);
