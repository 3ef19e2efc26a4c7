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
/// ends at the first price update at or after its end. Beside the window of marks it keeps the window's running
/// lowest and highest as monotonic deques (derived data, rebuilt on restore), so a mark costs O(1) amortised
/// however long the window.
/// </summary>
internal sealed class CircuitBreaker(CircuitBreakerConfig config)
{
    private readonly Queue<(long Micros, long MarkE8)> _window = new();
    private readonly SampleDeque _lows = new();
    private readonly SampleDeque _highs = new();

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

        _lows.Expire(now - config.WindowMicros);
        _highs.Expire(now - config.WindowMicros);
        Add((now, mark.E8));
        if (Phase != TradingPhase.Halted && MovedTooFar())
        {
            // Measuring starts afresh after the halt: the move that tripped it is history.
            (Phase, PhaseEndsMicros) = (TradingPhase.Halted, now + config.HaltMicros);
            _window.Clear();
            _lows.Clear();
            _highs.Clear();
            Add((now, mark.E8));
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
        _lows.Clear();
        _highs.Clear();
        foreach (var sample in state.Window)
        {
            Add(sample);
        }

        (Phase, PhaseEndsMicros) = (state.Phase, state.PhaseEndsMicros);
    }

    private void Add((long Micros, long MarkE8) sample)
    {
        _window.Enqueue(sample);
        _lows.Push(sample, keepBelow: true);
        _highs.Push(sample, keepBelow: false);
    }

    private bool MovedTooFar()
    {
        long low = _lows.Front.MarkE8, high = _highs.Front.MarkE8;
        return (Int128)(high - low) * 1_000_000 > (Int128)low * config.MovePpm;
    }

    /// <summary>
    /// A window's running extreme: samples in time order whose marks only rise (for the lowest) or only fall (for the
    /// highest), so the front is the extreme. A ring buffer that grows, never shrinks: no allocation in steady state.
    /// </summary>
    private sealed class SampleDeque
    {
        private (long Micros, long MarkE8)[] _items = new (long, long)[16];
        private int _head;
        private int _count;

        public (long Micros, long MarkE8) Front => _items[_head];

        /// <summary>Appends the sample after dropping the samples at the back it makes irrelevant: those not below it (<paramref name="keepBelow"/>) or not above it.</summary>
        public void Push((long Micros, long MarkE8) sample, bool keepBelow)
        {
            while (_count > 0 && (keepBelow ? Back.MarkE8 >= sample.MarkE8 : Back.MarkE8 <= sample.MarkE8))
            {
                _count--;
            }

            if (_count == _items.Length)
            {
                var larger = new (long, long)[_items.Length * 2];
                for (var i = 0; i < _count; i++)
                {
                    larger[i] = _items[(_head + i) % _items.Length];
                }

                (_items, _head) = (larger, 0);
            }

            _items[(_head + _count) % _items.Length] = sample;
            _count++;
        }

        /// <summary>Drops samples older than <paramref name="oldestMicros"/> from the front, as the window drops them.</summary>
        public void Expire(long oldestMicros)
        {
            while (_count > 0 && Front.Micros < oldestMicros)
            {
                _head = (_head + 1) % _items.Length;
                _count--;
            }
        }

        public void Clear() => (_head, _count) = (0, 0);

        private (long Micros, long MarkE8) Back => _items[(_head + _count - 1) % _items.Length];
    }
}
