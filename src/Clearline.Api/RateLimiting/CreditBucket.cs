namespace Clearline.Api.RateLimiting;

/// <summary>
/// A token bucket of credits, refilled continuously from the monotonic timestamp of a <see cref="TimeProvider"/>
/// (injectable, so tests decide when time passes). Starts full. Integer arithmetic throughout: the refill is
/// computed from the ticks elapsed and only the ticks it accounts for are consumed, so no credit is lost to
/// rounding between calls.
/// </summary>
internal sealed class CreditBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly long _max;
    private readonly long _refillPerSecond;
    private readonly long _ticksToFill;
    private long _credits;
    private long _lastTimestamp;

    public CreditBucket(CreditLimits limits, TimeProvider clock)
    {
        _clock = clock;
        _max = limits.MaxCredits;
        _refillPerSecond = limits.RefillPerSecond;
        _ticksToFill = (long)Math.Ceiling((double)_max * clock.TimestampFrequency / _refillPerSecond);
        _credits = _max;
        _lastTimestamp = clock.GetTimestamp();
    }

    /// <summary>Takes <paramref name="cost"/> credits if the bucket holds them; a refused request takes nothing.</summary>
    public bool TryConsume(long cost)
    {
        lock (_lock)
        {
            Refill();
            if (_credits < cost)
            {
                return false;
            }

            _credits -= cost;
            return true;
        }
    }

    /// <summary>Full again, so dropping the bucket and starting a new one later changes nothing.</summary>
    public bool IsFull
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _credits == _max;
            }
        }
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        var elapsed = now - _lastTimestamp;
        if (elapsed <= 0)
        {
            return;
        }

        if (elapsed >= _ticksToFill)
        {
            _credits = _max;
            _lastTimestamp = now;
            return;
        }

        // elapsed < _ticksToFill keeps the product within range: about max × frequency.
        var frequency = _clock.TimestampFrequency;
        var gained = elapsed * _refillPerSecond / frequency;
        if (gained == 0)
        {
            return;
        }

        _credits = Math.Min(_max, _credits + gained);
        _lastTimestamp = _credits == _max ? now : _lastTimestamp + (gained * frequency / _refillPerSecond);
    }
}
