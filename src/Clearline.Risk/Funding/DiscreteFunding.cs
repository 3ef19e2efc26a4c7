namespace Clearline.Risk.Funding;

/// <summary>
/// Binance-style discrete funding of one perpetual: premium samples are averaged over each interval, and at each
/// funding timestamp the <see cref="FundingIndex"/> jumps by F × lot value at the mark. A position settles against the
/// index exactly as under continuous funding, so it pays a jump only if it was open when the jump happened.
/// </summary>
/// <remarks>
/// The engine settles a due timestamp (<see cref="TrySettle"/>) before applying any command stamped at or after it, so
/// the positions that pay are those held just before the first such command. The jump is rounded toward −∞ to 10⁻¹⁸
/// minimal unit per lot; longs and shorts read the same index, so the zero sum is untouched.
/// </remarks>
public sealed class DiscreteFunding
{
    private readonly DiscreteFundingConfig _config;
    private readonly FundingContract _contract;
    private long _lastMicros;
    private long _nextFundingMicros;
    private long _sampleCount;
    private Int128 _premiumSum;
    private Int128 _weightedPremiumSum;
    private FundingIndex _index;
    private FundingRate _lastRate;

    /// <summary>Starts with a zero index; the first funding timestamp is the first one after <paramref name="startMicros"/>.</summary>
    public DiscreteFunding(DiscreteFundingConfig config, FundingContract contract, long startMicros)
        : this(config, contract, new DiscreteFundingState(startMicros, NextTimestamp(config, startMicros), 0, 0, 0, FundingIndex.Zero, FundingRate.Zero))
    {
    }

    /// <summary>Continues from captured state exactly as the funding that captured it would.</summary>
    public DiscreteFunding(DiscreteFundingConfig config, FundingContract contract, DiscreteFundingState state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(state);
        if (state.SampleCount < 0 || (state.SampleCount == 0 && (state.PremiumSum != 0 || state.WeightedPremiumSum != 0)))
        {
            throw new ArgumentException("funding state has an impossible sample count", nameof(state));
        }

        if (config.NextTimestampAfter(state.NextFundingMicros - 1) != state.NextFundingMicros)
        {
            throw new ArgumentException($"funding timestamp {state.NextFundingMicros} is not on the configured schedule", nameof(state));
        }

        _config = config;
        _contract = contract;
        _lastMicros = state.LastMicros;
        _nextFundingMicros = state.NextFundingMicros;
        _sampleCount = state.SampleCount;
        _premiumSum = state.PremiumSum;
        _weightedPremiumSum = state.WeightedPremiumSum;
        _index = state.Index;
        _lastRate = state.LastRate;
    }

    public long NextFundingMicros => _nextFundingMicros;

    /// <summary>The index after the latest settlement.</summary>
    public FundingIndex Index => _index;

    /// <summary>F of the latest settlement.</summary>
    public FundingRate LastRate => _lastRate;

    /// <summary>The interval's average premium so far, truncated toward zero; zero before the first sample.</summary>
    public FundingRate AveragePremium
    {
        get
        {
            if (_sampleCount == 0)
            {
                return FundingRate.Zero;
            }

            var average = _config.Weighting == PremiumWeighting.Equal
                ? _premiumSum / _sampleCount
                : _weightedPremiumSum / ((Int128)_sampleCount * (_sampleCount + 1) / 2);
            return new FundingRate((long)average);
        }
    }

    /// <summary>F if the interval ended now (Binance's predicted funding rate).</summary>
    public FundingRate PredictedRate => _config.RateFor(AveragePremium);

    /// <summary>
    /// Adds a premium sample (e.g. <see cref="Premium.OfImpactPrices"/>) to the current interval. A due timestamp must
    /// be settled first, so a sample never lands in an interval that has ended.
    /// </summary>
    public void AddSample(long nowMicros, FundingRate premium)
    {
        RequireNotBefore(nowMicros);
        if (nowMicros >= _nextFundingMicros)
        {
            throw new InvalidOperationException($"funding at {_nextFundingMicros} is due: settle it before sampling at {nowMicros}");
        }

        var count = checked(_sampleCount + 1);
        var premiumSum = checked(_premiumSum + premium.Ppb);
        var weightedSum = checked(_weightedPremiumSum + ((Int128)count * premium.Ppb));
        _sampleCount = count;
        _premiumSum = premiumSum;
        _weightedPremiumSum = weightedSum;
        _lastMicros = nowMicros;
    }

    /// <summary>
    /// Settles the next funding timestamp if it is due at <paramref name="nowMicros"/>: F from the interval's samples
    /// (P̄ = 0 for an interval without any), the index advanced by F × lot value at <paramref name="mark"/>, and a new
    /// interval begun. Settles at most one timestamp, so the engine calls it until it returns false and reports each.
    /// </summary>
    public bool TrySettle(long nowMicros, QuotePrice mark, out FundingRate rate)
    {
        RequireNotBefore(nowMicros);
        if (nowMicros < _nextFundingMicros)
        {
            rate = default;
            return false;
        }

        if (!mark.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark, "must be positive");
        }

        rate = PredictedRate;
        _index = _index.Plus(_contract.IndexDelta(rate.Ppb, 1, mark));
        _lastRate = rate;
        _nextFundingMicros = checked(_nextFundingMicros + _config.IntervalMicros);
        _sampleCount = 0;
        _premiumSum = 0;
        _weightedPremiumSum = 0;
        _lastMicros = nowMicros;
        return true;
    }

    public DiscreteFundingState Capture() =>
        new(_lastMicros, _nextFundingMicros, _sampleCount, _premiumSum, _weightedPremiumSum, _index, _lastRate);

    private static long NextTimestamp(DiscreteFundingConfig config, long startMicros)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.NextTimestampAfter(startMicros);
    }

    private void RequireNotBefore(long nowMicros)
    {
        if (nowMicros < _lastMicros)
        {
            throw new ArgumentOutOfRangeException(nameof(nowMicros), nowMicros, $"funding has seen time {_lastMicros}");
        }
    }
}
