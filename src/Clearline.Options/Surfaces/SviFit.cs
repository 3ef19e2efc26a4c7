using Clearline.Options.Numerics;

namespace Clearline.Options.Surfaces;

/// <summary>A fitted slice and its weighted root-mean-square error in total variance.</summary>
public sealed record SviFitResult(SviSlice Slice, double RootMeanSquareError);

/// <summary>
/// Weighted least-squares fit of a raw SVI slice to quotes: Levenberg–Marquardt on the five parameters with a fixed
/// number of iterations, so the result is a deterministic function of the quotes (same operations in the same order
/// on every machine; exp from <see cref="DeterministicMath"/>). The constraints b ≥ 0, σ > 0 and |ρ| &lt; 1 hold by
/// construction: the iteration runs on (a, m, ln b, ln σ, r) with ρ = r/√(1 + r²). The other constraints
/// (<see cref="SviSlice.ParameterViolation"/>) and the absence of arbitrage (<see cref="SviArbitrage"/>) are the
/// caller's to check on the result.
/// </summary>
public static class SviFit
{
    private const int Parameters = 5;

    /// <summary>Iterations of the damped Gauss–Newton step; each is five Jacobian columns over the quotes and a 5×5 solve.</summary>
    private const int Iterations = 200;

    public static SviFitResult Fit(ReadOnlySpan<SviQuote> quotes, double years)
    {
        if (quotes.Length < Parameters)
        {
            throw new ArgumentException($"an SVI slice has {Parameters} parameters: at least {Parameters} quotes are needed, not {quotes.Length}", nameof(quotes));
        }

        // Start: the vertex at the lowest quote, a flat-ish smile through it.
        var lowest = 0;
        for (var i = 1; i < quotes.Length; i++)
        {
            if (quotes[i].TotalVariance < quotes[lowest].TotalVariance)
            {
                lowest = i;
            }
        }

        Span<double> theta = [0.5 * quotes[lowest].TotalVariance, quotes[lowest].LogMoneyness, DeterministicMath.Log(0.1), DeterministicMath.Log(0.1), 0.0];
        Span<double> trial = stackalloc double[Parameters];
        Span<double> normal = stackalloc double[Parameters * Parameters];
        Span<double> gradient = stackalloc double[Parameters];
        Span<double> step = stackalloc double[Parameters];
        var cost = Cost(quotes, theta, years);
        var damping = 1e-3;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            NormalEquations(quotes, theta, years, normal, gradient);
            for (var i = 0; i < Parameters; i++)
            {
                normal[(i * Parameters) + i] *= 1 + damping;
            }

            if (!LinearSystem.TrySolve(normal, gradient, step))
            {
                damping *= 10;
                continue;
            }

            for (var i = 0; i < Parameters; i++)
            {
                trial[i] = theta[i] - step[i];
            }

            var trialCost = Cost(quotes, trial, years);
            if (trialCost < cost)
            {
                trial.CopyTo(theta);
                cost = trialCost;
                damping = Math.Max(damping / 3, 1e-12);
            }
            else
            {
                damping = Math.Min(damping * 3, 1e12);
            }
        }

        var totalWeight = 0.0;
        foreach (var quote in quotes)
        {
            totalWeight += quote.Weight;
        }

        return new SviFitResult(Slice(theta, years), Math.Sqrt(cost / totalWeight));
    }

    private static SviSlice Slice(ReadOnlySpan<double> theta, double years) =>
        new(theta[0], DeterministicMath.Exp(theta[2]), theta[4] / Math.Sqrt(1 + (theta[4] * theta[4])), theta[1], DeterministicMath.Exp(theta[3]), years);

    /// <summary>Σ weight·(w(k) − quote)².</summary>
    private static double Cost(ReadOnlySpan<SviQuote> quotes, ReadOnlySpan<double> theta, double years)
    {
        var slice = Slice(theta, years);
        var cost = 0.0;
        foreach (var quote in quotes)
        {
            var residual = slice.TotalVariance(quote.LogMoneyness) - quote.TotalVariance;
            cost += quote.Weight * residual * residual;
        }

        return cost;
    }

    /// <summary>JᵀWJ and JᵀW·residual for the Jacobian of w(k) in (a, m, ln b, ln σ, r).</summary>
    private static void NormalEquations(ReadOnlySpan<SviQuote> quotes, ReadOnlySpan<double> theta, double years, Span<double> normal, Span<double> gradient)
    {
        normal.Clear();
        gradient.Clear();
        var slice = Slice(theta, years);
        var rhoSlope = 1 / ((1 + (theta[4] * theta[4])) * Math.Sqrt(1 + (theta[4] * theta[4]))); // dρ/dr
        Span<double> row = stackalloc double[Parameters];
        foreach (var quote in quotes)
        {
            var d = quote.LogMoneyness - slice.M;
            var root = Math.Sqrt((d * d) + (slice.Sigma * slice.Sigma));
            row[0] = 1;
            row[1] = -slice.B * (slice.Rho + (d / root));
            row[2] = slice.B * ((slice.Rho * d) + root);
            row[3] = slice.B * slice.Sigma * slice.Sigma / root;
            row[4] = slice.B * d * rhoSlope;
            var residual = slice.TotalVariance(quote.LogMoneyness) - quote.TotalVariance;
            for (var i = 0; i < Parameters; i++)
            {
                gradient[i] += quote.Weight * row[i] * residual;
                for (var j = 0; j < Parameters; j++)
                {
                    normal[(i * Parameters) + j] += quote.Weight * row[i] * row[j];
                }
            }
        }
    }
}
