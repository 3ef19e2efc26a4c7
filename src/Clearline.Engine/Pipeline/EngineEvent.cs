using System.Runtime.InteropServices;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Engine.Pipeline;

public enum EngineEventKind : byte
{
    Accepted,
    Rejected,
    Trade,
    Cancelled,
    Amended,
    LevelChanged,
    BalanceChanged,
    PositionChanged,
    MarkPriceChanged,
    LiquidationChanged,
    TradingPhaseChanged,
    PortfolioMarginChanged,
    OptionListed,
}

/// <summary>
/// One engine event with the sequence and sequencer timestamp of the command that caused it. A tagged
/// union so the event ring is one pre-allocated array of plain structs; read the member that
/// <see cref="Kind"/> names (the others overlap it and hold garbage).
/// </summary>
[StructLayout(LayoutKind.Explicit)]
public readonly struct EngineEvent
{
    [FieldOffset(0)]
    private readonly long _sequence;

    [FieldOffset(8)]
    private readonly long _timestamp;

    [FieldOffset(16)]
    private readonly EngineEventKind _kind;

    [FieldOffset(24)]
    private readonly OrderAccepted _accepted;

    [FieldOffset(24)]
    private readonly CommandRejected _rejected;

    [FieldOffset(24)]
    private readonly Trade _trade;

    [FieldOffset(24)]
    private readonly OrderCancelled _cancelled;

    [FieldOffset(24)]
    private readonly OrderAmended _amended;

    [FieldOffset(24)]
    private readonly BookLevelChanged _levelChanged;

    [FieldOffset(24)]
    private readonly BalanceChanged _balanceChanged;

    [FieldOffset(24)]
    private readonly PositionChanged _positionChanged;

    [FieldOffset(24)]
    private readonly MarkPriceChanged _markPriceChanged;

    [FieldOffset(24)]
    private readonly LiquidationChanged _liquidationChanged;

    [FieldOffset(24)]
    private readonly TradingPhaseChanged _tradingPhaseChanged;

    [FieldOffset(24)]
    private readonly PortfolioMarginChanged _portfolioMarginChanged;

    [FieldOffset(24)]
    private readonly OptionListed _optionListed;

    public EngineEvent(long sequence, long timestamp, in OrderAccepted e) : this(sequence, timestamp, EngineEventKind.Accepted) => _accepted = e;

    public EngineEvent(long sequence, long timestamp, in CommandRejected e) : this(sequence, timestamp, EngineEventKind.Rejected) => _rejected = e;

    public EngineEvent(long sequence, long timestamp, in Trade e) : this(sequence, timestamp, EngineEventKind.Trade) => _trade = e;

    public EngineEvent(long sequence, long timestamp, in OrderCancelled e) : this(sequence, timestamp, EngineEventKind.Cancelled) => _cancelled = e;

    public EngineEvent(long sequence, long timestamp, in OrderAmended e) : this(sequence, timestamp, EngineEventKind.Amended) => _amended = e;

    public EngineEvent(long sequence, long timestamp, in BookLevelChanged e) : this(sequence, timestamp, EngineEventKind.LevelChanged) => _levelChanged = e;

    public EngineEvent(long sequence, long timestamp, in BalanceChanged e) : this(sequence, timestamp, EngineEventKind.BalanceChanged) => _balanceChanged = e;

    public EngineEvent(long sequence, long timestamp, in PositionChanged e) : this(sequence, timestamp, EngineEventKind.PositionChanged) => _positionChanged = e;

    public EngineEvent(long sequence, long timestamp, in MarkPriceChanged e) : this(sequence, timestamp, EngineEventKind.MarkPriceChanged) => _markPriceChanged = e;

    public EngineEvent(long sequence, long timestamp, in LiquidationChanged e) : this(sequence, timestamp, EngineEventKind.LiquidationChanged) => _liquidationChanged = e;

    public EngineEvent(long sequence, long timestamp, in TradingPhaseChanged e) : this(sequence, timestamp, EngineEventKind.TradingPhaseChanged) => _tradingPhaseChanged = e;

    public EngineEvent(long sequence, long timestamp, in PortfolioMarginChanged e) : this(sequence, timestamp, EngineEventKind.PortfolioMarginChanged) => _portfolioMarginChanged = e;

    public EngineEvent(long sequence, long timestamp, in OptionListed e) : this(sequence, timestamp, EngineEventKind.OptionListed) => _optionListed = e;

    private EngineEvent(long sequence, long timestamp, EngineEventKind kind)
    {
        _sequence = sequence;
        _timestamp = timestamp;
        _kind = kind;
    }

    public long Sequence => _sequence;

    public long Timestamp => _timestamp;

    public EngineEventKind Kind => _kind;

    public OrderAccepted Accepted => Read(EngineEventKind.Accepted, _accepted);

    public CommandRejected Rejected => Read(EngineEventKind.Rejected, _rejected);

    public Trade Trade => Read(EngineEventKind.Trade, _trade);

    public OrderCancelled Cancelled => Read(EngineEventKind.Cancelled, _cancelled);

    public OrderAmended Amended => Read(EngineEventKind.Amended, _amended);

    public BookLevelChanged LevelChanged => Read(EngineEventKind.LevelChanged, _levelChanged);

    public BalanceChanged BalanceChanged => Read(EngineEventKind.BalanceChanged, _balanceChanged);

    public PositionChanged PositionChanged => Read(EngineEventKind.PositionChanged, _positionChanged);

    public MarkPriceChanged MarkPriceChanged => Read(EngineEventKind.MarkPriceChanged, _markPriceChanged);

    public LiquidationChanged LiquidationChanged => Read(EngineEventKind.LiquidationChanged, _liquidationChanged);

    public TradingPhaseChanged TradingPhaseChanged => Read(EngineEventKind.TradingPhaseChanged, _tradingPhaseChanged);

    public PortfolioMarginChanged PortfolioMarginChanged => Read(EngineEventKind.PortfolioMarginChanged, _portfolioMarginChanged);

    public OptionListed OptionListed => Read(EngineEventKind.OptionListed, _optionListed);

    /// <summary>The event as its own record struct, boxed: for tests and tools, not hot paths.</summary>
    public object ToRecord() => _kind switch
    {
        EngineEventKind.Accepted => _accepted,
        EngineEventKind.Rejected => _rejected,
        EngineEventKind.Trade => _trade,
        EngineEventKind.Cancelled => _cancelled,
        EngineEventKind.Amended => _amended,
        EngineEventKind.LevelChanged => _levelChanged,
        EngineEventKind.BalanceChanged => _balanceChanged,
        EngineEventKind.PositionChanged => _positionChanged,
        EngineEventKind.MarkPriceChanged => _markPriceChanged,
        EngineEventKind.LiquidationChanged => _liquidationChanged,
        EngineEventKind.TradingPhaseChanged => _tradingPhaseChanged,
        EngineEventKind.OptionListed => _optionListed,
        _ => _portfolioMarginChanged,
    };

    private T Read<T>(EngineEventKind kind, T value) =>
        _kind == kind ? value : throw new InvalidOperationException($"this is a {_kind} event, not {kind}");
}

/// <summary>
/// A downstream consumer (market data, user streams, history). Called on the publisher thread with events
/// in sequence order, in batches; a span is only valid during the call. Every event of a command is
/// delivered before that command's acknowledgement. A slow consumer slows the engine (bounded memory),
/// so consumers should copy what they need and return.
/// </summary>
public interface IEngineEventConsumer
{
    void OnEvents(ReadOnlySpan<EngineEvent> events);
}
