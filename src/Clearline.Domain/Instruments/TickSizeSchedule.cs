namespace Clearline.Domain.Instruments;

/// <summary>
/// The price grid of an instrument. A <see cref="Price"/> counts minimal ticks (<see cref="TickSize"/>);
/// from each step's threshold upwards only multiples of that step's coarser tick are valid.
/// </summary>
/// <remarks>
/// Invariants, checked at construction: every tick size is a positive multiple of the minimal tick,
/// thresholds increase, and each threshold lies on its own step's grid, so the grid is aligned to zero.
/// </remarks>
public sealed class TickSizeSchedule
{
    private readonly long[] _stepFromTicks;
    private readonly long[] _stepMultiple;

    public TickSizeSchedule(decimal tickSize, IReadOnlyList<TickSizeStep>? steps = null)
    {
        if (tickSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tickSize), tickSize, "tick size must be positive");
        }

        TickSize = tickSize;
        Steps = steps is null ? [] : [.. steps];
        _stepFromTicks = new long[Steps.Count];
        _stepMultiple = new long[Steps.Count];
        var previousFrom = 0L;
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var multiple = WholeMultiple(step.TickSize, tickSize, "step tick size");
            var from = WholeMultiple(step.AbovePrice, tickSize, "step threshold");
            if (multiple < 1 || from <= previousFrom || from % multiple != 0)
            {
                throw new ArgumentException($"tick size step {step} must have a coarser tick, a rising threshold and a threshold on its own grid", nameof(steps));
            }

            _stepFromTicks[i] = from;
            _stepMultiple[i] = multiple;
            previousFrom = from;
        }
    }

    /// <summary>The value of one minimal tick in quote units.</summary>
    public decimal TickSize { get; }

    public IReadOnlyList<TickSizeStep> Steps { get; }

    /// <summary>True when the price is positive and a multiple of the tick size that applies at its level.</summary>
    public bool IsOnGrid(Price price)
    {
        if (price.Ticks <= 0)
        {
            return false;
        }

        // Most instruments have no steps; skip the division (tens of cycles) when the minimal tick applies.
        var multiple = _stepFromTicks.Length == 0 ? 1 : MultipleAt(price.Ticks);
        return multiple == 1 || price.Ticks % multiple == 0;
    }

    /// <summary>The smallest valid price strictly above <paramref name="price"/>.</summary>
    public Price NextUp(Price price)
    {
        var ticks = Math.Max(price.Ticks, 0);
        var multiple = MultipleAt(ticks);
        var next = checked((ticks / multiple + 1) * multiple);
        // Crossing into a coarser step: the threshold itself is on both grids, so snap to it.
        var nextStep = NextThresholdAbove(ticks);
        return new Price(nextStep > 0 && next > nextStep ? nextStep : next);
    }

    /// <summary>The largest valid price strictly below <paramref name="price"/>, or zero when there is none.</summary>
    public Price NextDown(Price price)
    {
        if (price.Ticks <= 1)
        {
            return Price.Zero;
        }

        var ticks = price.Ticks - 1;

        var multiple = MultipleAt(ticks);
        return new Price(ticks / multiple * multiple);
    }

    /// <summary>Converts a quoted price; false when it is not positive or not on the grid.</summary>
    public bool TryToPrice(decimal value, out Price price)
    {
        price = default;
        if (value <= 0)
        {
            return false;
        }

        if (!TryDivideWhole(value, TickSize, out var ticks))
        {
            return false;
        }

        price = new Price(ticks);
        return IsOnGrid(price);
    }

    /// <summary>value / unit as a whole long; false when it is fractional or does not fit (never throws).</summary>
    internal static bool TryDivideWhole(decimal value, decimal unit, out long whole)
    {
        whole = 0;
        decimal ratio;
        try
        {
            ratio = value / unit;
        }
        catch (OverflowException)
        {
            return false;
        }

        if (ratio != decimal.Truncate(ratio) || ratio > long.MaxValue || ratio < long.MinValue)
        {
            return false;
        }

        whole = (long)ratio;
        return true;
    }

    public decimal ToDecimal(Price price) => price.Ticks * TickSize;

    private long MultipleAt(long ticks)
    {
        var multiple = 1L;
        for (var i = 0; i < _stepFromTicks.Length && ticks >= _stepFromTicks[i]; i++)
        {
            multiple = _stepMultiple[i];
        }

        return multiple;
    }

    private long NextThresholdAbove(long ticks)
    {
        foreach (var from in _stepFromTicks)
        {
            if (from > ticks)
            {
                return from;
            }
        }

        return 0;
    }

    private static long WholeMultiple(decimal value, decimal unit, string what) =>
        TryDivideWhole(value, unit, out var ratio) && ratio >= 1
            ? ratio
            : throw new ArgumentException($"{what} {value} is not a whole multiple of the tick size {unit}");
}
