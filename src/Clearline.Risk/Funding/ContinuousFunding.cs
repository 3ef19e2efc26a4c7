namespace Clearline.Risk.Funding;

/// <summary>
/// Deribit-style continuous funding of one perpetual: an 8-hour rate accrued over every microsecond of sequencer
/// time into a <see cref="FundingIndex"/>, from which each position settles what it owes.
/// </summary>
/// <remarks>
/// <para>
/// Accrual is exact: between changes of mark the state keeps Σ rate × Δt in ppb·µs, an integer, and the index is
/// always the value at the last mark change plus ⌊that sum × lot value at the mark / (10⁹ × 8 h)⌋, computed afresh.
/// So the index at a time depends only on the rates and marks in force, never on how often <see cref="Advance"/> was
/// called: advancing by a and then by b gives exactly what advancing by a + b does.
/// </para>
/// <para>
/// When the mark changes, the accrued value is folded into the index at the old mark and the sum restarts. That floor
/// is the only rounding of accrual: under 10⁻¹⁸ minimal unit per lot per mark change, and the same for longs and
/// shorts, so it never breaks the zero sum.
/// </para>
/// </remarks>
public sealed class ContinuousFunding
{
    /// <summary>Eight hours in microseconds: the period the rate is quoted for.</summary>
    public const long PeriodMicros = 8L * 60 * 60 * 1_000_000;

    private readonly ContinuousFundingConfig _config;
    private readonly FundingContract _contract;
    private long _lastMicros;
    private FundingRate _rate;
    private QuotePrice _mark;
    private FundingIndex _foldedIndex;
    private Int128 _rateTimeSinceFold;
    private FundingIndex _index;

    /// <summary>Starts with a zero index and a zero rate until the first <see cref="Update"/>.</summary>
    public ContinuousFunding(ContinuousFundingConfig config, FundingContract contract, long startMicros)
        : this(config, contract, new ContinuousFundingState(startMicros, FundingRate.Zero, QuotePrice.Zero, FundingIndex.Zero, 0))
    {
    }

    /// <summary>Continues from captured state exactly as the funding that captured it would.</summary>
    public ContinuousFunding(ContinuousFundingConfig config, FundingContract contract, ContinuousFundingState state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Mark < QuotePrice.Zero || (state.Mark == QuotePrice.Zero && (state.Rate != FundingRate.Zero || state.RateTimeSinceFold != 0)))
        {
            throw new ArgumentException("funding state accrues without a positive mark", nameof(state));
        }

        _config = config;
        _contract = contract;
        _lastMicros = state.LastMicros;
        _rate = state.Rate;
        _mark = state.Mark;
        _foldedIndex = state.FoldedIndex;
        _rateTimeSinceFold = state.RateTimeSinceFold;
        _index = _foldedIndex.Plus(_contract.IndexDelta(_rateTimeSinceFold, PeriodMicros, _mark));
    }

    /// <summary>The 8-hour rate in force (Deribit's <c>current_funding</c>).</summary>
    public FundingRate Rate => _rate;

    /// <summary>The mark at which funding is currently valued.</summary>
    public QuotePrice Mark => _mark;

    public long LastMicros => _lastMicros;

    /// <summary>The index as of <see cref="LastMicros"/>.</summary>
    public FundingIndex Index => _index;

    /// <summary>Accrues the rate in force up to <paramref name="nowMicros"/>, which must not lie before <see cref="LastMicros"/>.</summary>
    public void Advance(long nowMicros)
    {
        if (nowMicros < _lastMicros)
        {
            throw new ArgumentOutOfRangeException(nameof(nowMicros), nowMicros, $"funding has accrued up to {_lastMicros}");
        }

        if (_rate != FundingRate.Zero && nowMicros != _lastMicros)
        {
            _rateTimeSinceFold = checked(_rateTimeSinceFold + ((Int128)_rate.Ppb * (nowMicros - _lastMicros)));
            _index = _foldedIndex.Plus(_contract.IndexDelta(_rateTimeSinceFold, PeriodMicros, _mark));
        }

        _lastMicros = nowMicros;
    }

    /// <summary>
    /// Accrues up to <paramref name="nowMicros"/> at the old rate and mark, then sets the rate from the new
    /// <paramref name="mark"/> and <paramref name="index"/>; from here on funding is valued at the new mark.
    /// </summary>
    public void Update(long nowMicros, QuotePrice mark, QuotePrice index)
    {
        var rate = _config.RateFor(mark, index);
        Advance(nowMicros);
        if (mark != _mark)
        {
            _foldedIndex = _index;
            _rateTimeSinceFold = 0;
            _mark = mark;
        }

        _rate = rate;
    }

    public ContinuousFundingState Capture() => new(_lastMicros, _rate, _mark, _foldedIndex, _rateTimeSinceFold);
}
