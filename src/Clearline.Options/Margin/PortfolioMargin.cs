using System.Numerics;

namespace Clearline.Options.Margin;

/// <summary>
/// Portfolio margin by scenarios (derivatives.md §1.4): every instrument has a risk array, the P&amp;L of one contract
/// under each scenario (<see cref="RiskArray"/>, recomputed when its mark or IV changes); an account's maintenance
/// margin is the worst loss of its position-weighted sum of arrays plus contingencies, and its initial margin that ×
/// the initial factor. The scenarios: <see cref="PortfolioMarginParameters.PriceStepsPerSide"/> evenly spaced price
/// moves on each side of 0 up to ±<see cref="PortfolioMarginParameters.PriceRange"/>, each with the volatility up,
/// unchanged and down; then the extended table, volatility up, P&amp;L × its weight, for the whole portfolio (so a
/// hedge counts there as well). The default weights are about 0.16/|move|: a linear future's weighted P&amp;L there is
/// at most that of the ±16% move, so what makes an extended scenario the worst is convexity, short far-out-of-the-money
/// options above all (and the coin P&amp;L of an inverse future on a large fall, which is convex too).
/// </summary>
public sealed class PortfolioMargin
{
    /// <summary>Arrays are summed on the stack; this bounds a configuration far beyond any published one (35 scenarios).</summary>
    private const int MaximumScenarios = 512;

    private readonly MarginScenario[] _scenarios;

    public PortfolioMargin(PortfolioMarginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameters.PriceStepsPerSide);
        Parameters = parameters;
        var steps = parameters.PriceStepsPerSide;
        var extended = parameters.ExtendedMoves;
        var scenarios = new List<MarginScenario>(((2 * steps) + 1) * 3 + extended.Count);
        for (var step = -steps; step <= steps; step++)
        {
            // step/steps × range, not step × (range/steps): the end points are then exactly ±range.
            var move = step * parameters.PriceRange / steps;
            scenarios.Add(new MarginScenario(move, VolatilityScenario.Up, 1));
            scenarios.Add(new MarginScenario(move, VolatilityScenario.Unchanged, 1));
            scenarios.Add(new MarginScenario(move, VolatilityScenario.Down, 1));
        }

        foreach (var (move, weight) in extended)
        {
            scenarios.Add(new MarginScenario(move, VolatilityScenario.Up, weight));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(scenarios.Count, MaximumScenarios, nameof(parameters));
        _scenarios = [.. scenarios];
    }

    public PortfolioMarginParameters Parameters { get; }

    public ReadOnlySpan<MarginScenario> Scenarios => _scenarios;

    /// <summary>A risk array for <paramref name="instrument"/>, to be <see cref="RiskArray.Refresh"/>ed before use.</summary>
    public RiskArray CreateRiskArray(MarginInstrument instrument) => new(this, instrument);

    /// <summary>
    /// The margin of an account holding <paramref name="positions"/>, all in one settlement currency on one
    /// underlying, each instrument at most once. No pricing here: a pass over the cached arrays. The sums run in the
    /// order of <paramref name="positions"/>, so the caller gives them in a fixed order for a deterministic result.
    /// </summary>
    public PortfolioMarginResult Evaluate(ReadOnlySpan<MarginPosition> positions)
    {
        Span<double> total = stackalloc double[_scenarios.Length];
        total.Clear();
        double shortOptions = 0, longSpread = 0, shortSpread = 0;
        foreach (var (risk, contracts) in positions)
        {
            Accumulate(total, risk.Pnl.AsSpan(0, total.Length), contracts);

            if (contracts < 0)
            {
                shortOptions -= contracts * risk.ShortOptionCharge;
            }

            var spread = contracts * risk.SpreadCharge;
            if (spread > 0)
            {
                longSpread += spread;
            }
            else
            {
                shortSpread -= spread;
            }
        }

        var loss = 0.0;
        var worst = -1;
        for (var s = 0; s < total.Length; s++)
        {
            if (-total[s] > loss)
            {
                (loss, worst) = (-total[s], s);
            }
        }

        // Futures of different expiries offset each other only as far as long and short underlying match; the charge
        // is on that matched part.
        var futuresSpread = Math.Min(longSpread, shortSpread);
        var maintenance = loss + shortOptions + futuresSpread;
        return new PortfolioMarginResult(loss, worst, shortOptions, futuresSpread, maintenance, maintenance * Parameters.InitialFactor);
    }

    /// <summary>
    /// total += contracts × pnl, several scenarios at a time. Each lane is one scenario's own multiply and add (never
    /// fused), so the result is the same bits whatever the vector width of the machine.
    /// </summary>
    private static void Accumulate(Span<double> total, ReadOnlySpan<double> pnl, double contracts)
    {
        var s = 0;
        for (; s <= total.Length - Vector<double>.Count; s += Vector<double>.Count)
        {
            (new Vector<double>(total[s..]) + (new Vector<double>(pnl[s..]) * contracts)).CopyTo(total[s..]);
        }

        for (; s < total.Length; s++)
        {
            total[s] += contracts * pnl[s];
        }
    }
}
