using Clearline.Clearing;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Testing;

/// <summary>Records every event as-is (boxed), in order, so two books' streams can be compared event by event.</summary>
public readonly struct RecordingSink : IVenueEventSink
{
    public RecordingSink(List<object> events) => Events = events;

    public List<object> Events { get; }

    public void OnAccepted(in OrderAccepted e) => Events.Add(e);

    public void OnRejected(in CommandRejected e) => Events.Add(e);

    public void OnTrade(in Trade e) => Events.Add(e);

    public void OnCancelled(in OrderCancelled e) => Events.Add(e);

    public void OnAmended(in OrderAmended e) => Events.Add(e);

    public void OnLevelChanged(in BookLevelChanged e) => Events.Add(e);

    public void OnBalanceChanged(in BalanceChanged e) => Events.Add(e);

    public void OnPositionChanged(in PositionChanged e) => Events.Add(e);

    public void OnMarkPriceChanged(in MarkPriceChanged e) => Events.Add(e);

    public void OnLiquidationChanged(in LiquidationChanged e) => Events.Add(e);

    public void OnTradingPhaseChanged(in TradingPhaseChanged e) => Events.Add(e);

    public void OnPortfolioMarginChanged(in PortfolioMarginChanged e) => Events.Add(e);
    public void OnOptionListed(in OptionListed e) => Events.Add(e);
}
