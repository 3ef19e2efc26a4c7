using Clearline.Domain.Orders;

namespace Clearline.Matching;

/// <summary>
/// Receives a book's events in order. Books take the sink as a generic struct parameter, so the JIT
/// specialises each call site and the events cost no virtual call and no allocation.
/// </summary>
public interface IMatchingEventSink
{
    void OnAccepted(in OrderAccepted e);

    void OnRejected(in CommandRejected e);

    void OnTrade(in Trade e);

    void OnCancelled(in OrderCancelled e);

    void OnAmended(in OrderAmended e);

    void OnLevelChanged(in BookLevelChanged e);
}

/// <summary>Drops every event: for replays, which only rebuild state.</summary>
public readonly struct NoEvents : IMatchingEventSink
{
    public void OnAccepted(in OrderAccepted e)
    {
    }

    public void OnRejected(in CommandRejected e)
    {
    }

    public void OnTrade(in Trade e)
    {
    }

    public void OnCancelled(in OrderCancelled e)
    {
    }

    public void OnAmended(in OrderAmended e)
    {
    }

    public void OnLevelChanged(in BookLevelChanged e)
    {
    }
}
