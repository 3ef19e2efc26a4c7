namespace Clearline.Risk.Prices;

/// <summary>
/// Realised volatility of a mark in sequencer time, in exact integer arithmetic: each move's return r (millionths of
/// the previous mark, truncated) adds r² to a sum that decays as e^(−Δt/τ) (<see cref="ExpDecay"/>), so the sum is the
/// squared returns of about the last τ, weighted by age. Variance per unit time is that sum over τ, however often
/// the mark moves; annualised, σ = √(sum × year / τ), in millionths (800,000 = 80%).
/// </summary>
public sealed class RealisedVolatility
{
    private const long YearMicros = 365L * 24 * 3_600 * 1_000_000;
    private const long Ppm = 1_000_000;

    private readonly ExpDecay _decay;
    private readonly long _timeConstantMicros;

    public RealisedVolatility(long timeConstantMicros)
    {
        _decay = new ExpDecay(timeConstantMicros);
        _timeConstantMicros = timeConstantMicros;
    }

    public RealisedVolatilityState State { get; private set; } = new(0, 0, 0);

    /// <summary>Annualised volatility in millionths, rounded down.</summary>
    public long AnnualisedPpm => (long)SquareRoot((UInt128)State.DecayedSquares * YearMicros / (ulong)_timeConstantMicros);

    /// <summary>Takes the mark at <paramref name="now"/>; the first mark only sets the reference.</summary>
    public void Observe(long now, QuotePrice mark)
    {
        var s = State;
        if (!mark.IsPositive || now < s.LastMicros)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark, $"a positive mark at or after {s.LastMicros}");
        }

        if (s.LastMarkE8 == 0)
        {
            State = new(now, mark.E8, 0);
            return;
        }

        // A move is capped at ±100% of the mark so that r² (at most 10¹²) and the sum stay far inside a long.
        var r = (long)Int128.Clamp((Int128)(mark.E8 - s.LastMarkE8) * Ppm / s.LastMarkE8, -Ppm, Ppm);
        var decayed = _decay.Apply(s.DecayedSquares, now - s.LastMicros);
        State = new(now, mark.E8, decayed > long.MaxValue - (r * r) ? long.MaxValue : decayed + (r * r)); // saturates, never wraps
    }

    public void Restore(RealisedVolatilityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var valid = state.LastMicros >= 0 && state.LastMarkE8 >= 0 && state.DecayedSquares >= 0 && (state.LastMarkE8 != 0 || state.DecayedSquares == 0);
        State = valid ? state : throw new InvalidDataException("realised volatility state is not one an observer reaches");
    }

    /// <summary>⌊√n⌋ by Newton's method on integers, from a start above the root.</summary>
    private static UInt128 SquareRoot(UInt128 n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = UInt128.One << ((128 - (int)UInt128.LeadingZeroCount(n) + 1) / 2);
        while (true)
        {
            var next = (x + (n / x)) / 2;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }
}

/// <summary>When the mark was last seen, its value then (0 before the first), and the decayed sum of squared returns in ppm².</summary>
public sealed record RealisedVolatilityState(long LastMicros, long LastMarkE8, long DecayedSquares);
