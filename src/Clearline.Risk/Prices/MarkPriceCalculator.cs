namespace Clearline.Risk.Prices;

/// <summary>
/// The mark of a perpetual or dated future (derivatives.md §1.5): index + an exponential moving average, in
/// sequencer time, of the basis (fair book price − index), so a book move without an index move passes into the
/// mark only over about τ while index moves pass at once.
/// </summary>
/// <remarks>
/// The basis is a piecewise-constant signal: it changes only at updates, since neither book nor index changes
/// between commands. The EMA integrates it exactly that way: an update first decays the smoothed basis toward
/// the basis held since the previous update over the elapsed time, then holds the new sample. A sample is the raw
/// basis clamped to ± the cap of its index, or zero with an empty book or no index (no information, so the basis
/// decays toward zero; after an outage the mark restarts near the index instead of trusting an old premium).
/// The output basis is clamped again to the cap of the current index, since the index may have moved since the
/// samples were taken; that clamp changes only the output, never the EMA. The basis starts at zero, so a new
/// market's mark starts at its index. Single-threaded: one writer owns it.
/// </remarks>
public sealed class MarkPriceCalculator
{
    private readonly ExpDecay _decay;
    private long? _lastUpdate;
    private long _smoothed;
    private long _held;

    public MarkPriceCalculator(MarkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _decay = new ExpDecay(config.TimeConstantMicros);
    }

    public MarkConfig Config { get; }

    /// <summary>
    /// Advances to sequencer time <paramref name="nowMicros"/> (never earlier than the last update: a caller bug
    /// throws) and gives the mark. Call it on every index tick and every change of the fair price.
    /// </summary>
    /// <param name="nowMicros">Sequencer time.</param>
    /// <param name="index">The valid index, or null when there is none.</param>
    /// <param name="fairPrice">The book's fair price (mid, impact mid, ...), or null for an empty book.</param>
    public MarkResult Update(long nowMicros, QuotePrice? index, QuotePrice? fairPrice)
    {
        if (_lastUpdate is { } last)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(nowMicros, last);
            _smoothed = _held + _decay.Apply(checked(_smoothed - _held), nowMicros - last);
        }

        if (index is not { } indexPrice)
        {
            (_lastUpdate, _held) = (nowMicros, 0);
            return default;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(indexPrice.E8, nameof(index));
        if (fairPrice is { } fair)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fair.E8, nameof(fairPrice));
        }

        var cap = PriceMath.PpmOf(indexPrice.E8, Config.BasisCapPpm);
        (_lastUpdate, _held) = (nowMicros, fairPrice is { } book ? Math.Clamp(book.E8 - indexPrice.E8, -cap, cap) : 0);
        var basis = Math.Clamp(_smoothed, -cap, cap);
        return new MarkResult(indexPrice + new QuotePrice(basis), new QuotePrice(basis));
    }

    public MarkState CaptureState() => new(_lastUpdate, new QuotePrice(_smoothed), new QuotePrice(_held));

    /// <summary>A calculator that answers every later update exactly like the one that captured <paramref name="state"/>.</summary>
    public static MarkPriceCalculator Restore(MarkConfig config, MarkState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new MarkPriceCalculator(config)
        {
            _lastUpdate = state.LastUpdateMicros,
            _smoothed = state.SmoothedBasis.E8,
            _held = state.HeldBasis.E8,
        };
    }
}
