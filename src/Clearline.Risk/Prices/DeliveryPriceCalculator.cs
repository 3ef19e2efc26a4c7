namespace Clearline.Risk.Prices;

/// <summary>
/// A dated future's delivery price: the time-weighted average of its index over the settlement window that ends at
/// expiry (Deribit: the last 30 minutes). Between two observations the index counts as the value seen at the first,
/// the way the engine holds it; time without a valid index is left out of the average. Integer arithmetic in
/// sequencer microseconds, rounded to the nearest 10⁻⁸ as every average here is (<see cref="PriceMath"/>).
/// </summary>
public sealed class DeliveryPriceCalculator
{
    public DeliveryPriceCalculator(long expiryMicros, long windowMicros)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMicros);
        ArgumentOutOfRangeException.ThrowIfLessThan(expiryMicros, windowMicros);
        ExpiryMicros = expiryMicros;
        WindowStartMicros = expiryMicros - windowMicros;
    }

    public long ExpiryMicros { get; }

    public long WindowStartMicros { get; }

    public DeliveryPriceState State { get; private set; } = new(0, null, 0, 0, null);

    /// <summary>The fixed delivery price; null until <see cref="Deliver"/>.</summary>
    public QuotePrice? DeliveryPrice => State.Delivered;

    /// <summary>
    /// Counts the index held since the previous observation for its part inside the window, then holds
    /// <paramref name="index"/> (null: no valid index) from <paramref name="now"/> on. Ignored once delivered.
    /// </summary>
    public void Observe(long now, QuotePrice? index)
    {
        var s = State;
        if (s.Delivered is not null)
        {
            return;
        }

        if (now < s.LastMicros)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, $"sequencer time went back from {s.LastMicros}");
        }

        var span = Math.Min(now, ExpiryMicros) - Math.Max(s.LastMicros, WindowStartMicros);
        State = s.Held is { } held && span > 0
            ? new(now, index, s.Weighted + ((Int128)held.E8 * span), s.CoveredMicros + span, null)
            : s with { LastMicros = now, Held = index };
    }

    /// <summary>
    /// Fixes the delivery price at or after expiry: the window's average, or <paramref name="fallback"/> (the last
    /// mark) when the index was valid at no time in the window. Call <see cref="Observe"/> at the same time first.
    /// </summary>
    public QuotePrice Deliver(QuotePrice fallback)
    {
        if (State.LastMicros < ExpiryMicros)
        {
            throw new InvalidOperationException($"delivery is due at {ExpiryMicros}, not before; last observed {State.LastMicros}");
        }

        var price = State.Delivered ?? (State.CoveredMicros > 0 ? new QuotePrice(PriceMath.DivideRounded(State.Weighted, State.CoveredMicros)) : fallback);
        State = State with { Delivered = price };
        return price;
    }

    /// <summary>Takes a captured state back, after checking it is one an observer reaches.</summary>
    public void Restore(DeliveryPriceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var valid = state.LastMicros >= 0 && state.CoveredMicros >= 0 && state.Weighted >= 0
            && state.CoveredMicros <= ExpiryMicros - WindowStartMicros
            && (state.CoveredMicros == 0) == (state.Weighted == 0)
            && state.Held is not { E8: <= 0 } && state.Delivered is not { E8: < 0 };
        State = valid ? state : throw new InvalidDataException("delivery price state is not one an observer reaches");
    }
}

/// <summary>
/// A delivery price calculator's complete state: when the index was last seen and its value then (null: none
/// valid), Σ index × µs and the µs counted so far within the window, and the delivery price once fixed.
/// </summary>
public sealed record DeliveryPriceState(long LastMicros, QuotePrice? Held, Int128 Weighted, long CoveredMicros, QuotePrice? Delivered);
