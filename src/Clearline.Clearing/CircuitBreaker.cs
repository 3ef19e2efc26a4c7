using Clearline.Domain.Clearing;
using Clearline.Risk;

namespace Clearline.Clearing;

/// <summary>
/// When an instrument halts: its mark moving by more than <see cref="MovePpm"/> millionths (highest over lowest mark
/// seen) within <see cref="WindowMicros"/> of sequencer time. It stays halted for <see cref="HaltMicros"/>, then takes
/// only orders that cannot add risk for <see cref="ReduceOnlyMicros"/>.
/// </summary>
public sealed record CircuitBreakerConfig
{
    public CircuitBreakerConfig(int movePpm, long windowMicros, long haltMicros, long reduceOnlyMicros)
    {
        MovePpm = movePpm > 0 ? movePpm : throw new ArgumentOutOfRangeException(nameof(movePpm), movePpm, "must be positive");
        WindowMicros = windowMicros > 0 ? windowMicros : throw new ArgumentOutOfRangeException(nameof(windowMicros), windowMicros, "must be positive");
        HaltMicros = haltMicros > 0 ? haltMicros : throw new ArgumentOutOfRangeException(nameof(haltMicros), haltMicros, "must be positive");
        ReduceOnlyMicros = reduceOnlyMicros >= 0 ? reduceOnlyMicros : throw new ArgumentOutOfRangeException(nameof(reduceOnlyMicros), reduceOnlyMicros, "must not be negative");
    }

    public int MovePpm { get; }

    public long WindowMicros { get; }

    public long HaltMicros { get; }

    public long ReduceOnlyMicros { get; }
}

/// <summary>A breaker's state: the marks of the window, oldest first, and the phase with when it ends (0 while open).</summary>
public sealed record CircuitBreakerState(IReadOnlyList<(long Micros, long MarkE8)> Window, TradingPhase Phase, long PhaseEndsMicros)
{
    public bool Equals(CircuitBreakerState? other) =>
        other is not null && Window.SequenceEqual(other.Window) && Phase == other.Phase && PhaseEndsMicros == other.PhaseEndsMicros;

    public override int GetHashCode() => HashCode.Combine(Window.Count, Phase, PhaseEndsMicros);
}

/// <summary>
/// One instrument's breaker, fed every mark at sequencer time. Phases change only when a mark arrives, so a halt
/// ends at the first price update at or after its end.
/// </summary>
internal sealed class CircuitBreaker(CircuitBreakerConfig config)
{
    private readonly Queue<(long Micros, long MarkE8)> _window = new();

    public TradingPhase Phase { get; private set; } = TradingPhase.Open;

    public long PhaseEndsMicros { get; private set; }

    /// <summary>Takes the mark at <paramref name="now"/>; true when the phase changed.</summary>
    public bool Observe(long now, QuotePrice mark)
    {
        var before = Phase;
        while (Phase != TradingPhase.Open && now >= PhaseEndsMicros)
        {
            (Phase, PhaseEndsMicros) = Phase == TradingPhase.Halted && config.ReduceOnlyMicros > 0
                ? (TradingPhase.ReduceOnly, PhaseEndsMicros + config.ReduceOnlyMicros)
                : (TradingPhase.Open, 0);
        }

        while (_window.Count > 0 && now - _window.Peek().Micros > config.WindowMicros)
        {
            _window.Dequeue();
        }

        _window.Enqueue((now, mark.E8));
        if (Phase != TradingPhase.Halted && MovedTooFar())
        {
            // Measuring starts afresh after the halt: the move that tripped it is history.
            (Phase, PhaseEndsMicros) = (TradingPhase.Halted, now + config.HaltMicros);
            _window.Clear();
            _window.Enqueue((now, mark.E8));
        }

        return Phase != before;
    }

    public CircuitBreakerState Capture() => new([.. _window], Phase, PhaseEndsMicros);

    public void Restore(CircuitBreakerState state)
    {
        if (state.Phase is not (TradingPhase.Open or TradingPhase.Halted or TradingPhase.ReduceOnly) || (state.Phase == TradingPhase.Open) != (state.PhaseEndsMicros == 0) || state.Window.Any(s => s.MarkE8 <= 0))
        {
            throw new InvalidDataException("circuit breaker state is not one a breaker reaches");
        }

        _window.Clear();
        foreach (var sample in state.Window)
        {
            _window.Enqueue(sample);
        }

        (Phase, PhaseEndsMicros) = (state.Phase, state.PhaseEndsMicros);
    }

    private bool MovedTooFar()
    {
        long low = long.MaxValue, high = 0;
        foreach (var (_, markE8) in _window)
        {
            low = Math.Min(low, markE8);
            high = Math.Max(high, markE8);
        }

        return (Int128)(high - low) * 1_000_000 > (Int128)low * config.MovePpm;
    }
}
