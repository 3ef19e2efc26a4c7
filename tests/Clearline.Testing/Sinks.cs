using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Testing;

/// <summary>Records every event as-is (boxed), in order, so two books' streams can be compared event by event.</summary>
public readonly struct RecordingSink : IMatchingEventSink
{
    public RecordingSink(List<object> events) => Events = events;

    public List<object> Events { get; }

    public void OnAccepted(in OrderAccepted e) => Events.Add(e);

    public void OnRejected(in CommandRejected e) => Events.Add(e);

    public void OnTrade(in Trade e) => Events.Add(e);

    public void OnCancelled(in OrderCancelled e) => Events.Add(e);

    public void OnAmended(in OrderAmended e) => Events.Add(e);

    public void OnLevelChanged(in BookLevelChanged e) => Events.Add(e);
}
