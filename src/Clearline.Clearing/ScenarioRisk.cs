using Clearline.Options.Margin;

namespace Clearline.Clearing;

/// <summary>One market's risk array, refreshed only when the state it is computed from has changed since.</summary>
internal sealed class ScenarioRisk(RiskArray array)
{
    private (double Forward, double Volatility, double Years) _inputs;

    public RiskArray At(double forward, double volatility, double years)
    {
        if ((forward, volatility, years) != _inputs)
        {
            array.Refresh(forward, volatility, years);
            _inputs = (forward, volatility, years);
        }

        return array;
    }
}
