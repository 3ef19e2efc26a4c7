namespace Clearline.Options.Surfaces;

/// <summary>
/// One expiry's volatility smile in Gatheral's raw SVI form (2004): total implied variance w(k) = σ_imp²·T as a
/// function of log-moneyness k = ln(K/F), w(k) = a + b·(ρ(k − m) + √((k − m)² + σ²)).
/// </summary>
/// <param name="A">Vertical level.</param>
/// <param name="B">Slope of the wings (≥ 0).</param>
/// <param name="Rho">Skew, −1 &lt; ρ &lt; 1.</param>
/// <param name="M">Horizontal shift.</param>
/// <param name="Sigma">Smoothness at the vertex (> 0).</param>
/// <param name="Years">Time to this slice's expiry.</param>
public sealed record SviSlice(double A, double B, double Rho, double M, double Sigma, double Years)
{
    /// <summary>
    /// The parameter constraints of a valid raw SVI slice: b ≥ 0, |ρ| &lt; 1, σ > 0, T > 0, the minimum total variance
    /// a + b·σ·√(1 − ρ²) ≥ 0, and Lee's moment bound on the wings, b·(1 + |ρ|) ≤ 4/T. Null when all hold.
    /// </summary>
    public string? ParameterViolation()
    {
        if (!(B >= 0) || !(Math.Abs(Rho) < 1) || !(Sigma > 0) || !(Years > 0) || !double.IsFinite(A) || !double.IsFinite(M))
        {
            return "parameters out of range: need b ≥ 0, |ρ| < 1, σ > 0, T > 0, finite a and m";
        }

        if (A + (B * Sigma * Math.Sqrt(1 - (Rho * Rho))) < 0)
        {
            return "negative minimum total variance: a + b·σ·√(1 − ρ²) < 0";
        }

        return B * (1 + Math.Abs(Rho)) > 4.0 / Years ? "wings too steep: b·(1 + |ρ|) > 4/T (Lee's moment bound)" : null;
    }

    public double TotalVariance(double k)
    {
        var d = k - M;
        return A + (B * ((Rho * d) + Math.Sqrt((d * d) + (Sigma * Sigma))));
    }

    /// <summary>The Black-76 volatility at log-moneyness k: √(w(k)/T).</summary>
    public double ImpliedVolatility(double k) => Math.Sqrt(TotalVariance(k) / Years);

    /// <summary>
    /// Durrleman's butterfly density factor g(k) = (1 − k·w'/(2w))² − (w'²/4)·(1/w + 1/4) + w''/2: the risk-neutral
    /// density implied by the slice is non-negative at k exactly when g(k) ≥ 0 (and w > 0).
    /// </summary>
    public double ButterflyDensityFactor(double k)
    {
        var d = k - M;
        var root = Math.Sqrt((d * d) + (Sigma * Sigma));
        var w = TotalVariance(k);
        var slope = B * (Rho + (d / root));
        var curvature = B * Sigma * Sigma / (root * root * root);
        var skew = 1 - (k * slope / (2 * w));
        return (skew * skew) - (slope * slope / 4 * ((1 / w) + 0.25)) + (curvature / 2);
    }
}
