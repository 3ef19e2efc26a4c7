using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Bench;

/// <summary>
/// Counts events and sums traded lots: minimal work, but every event changes state that is printed at the
/// end, so the JIT cannot drop the calls or what the book computed for them.
/// </summary>
public struct CountingSink : IMatchingEventSink
{
    public long Accepted { get; private set; }
    public long Rejected { get; private set; }
    public long Trades { get; private set; }
    public long TradedLots { get; private set; }
    public long Cancelled { get; private set; }
    public long Amended { get; private set; }
    public long LevelChanges { get; private set; }
    public long LevelLots { get; private set; }

    /// <summary>Every event, so a pass can tell whether a command did anything.</summary>
    public readonly long Events => Accepted + Rejected + Trades + Cancelled + Amended + LevelChanges;

    public void OnAccepted(in OrderAccepted e) => Accepted++;

    public void OnRejected(in CommandRejected e) => Rejected++;

    public void OnTrade(in Trade e)
    {
        Trades++;
        TradedLots += e.Quantity.Lots;
    }

    public void OnCancelled(in OrderCancelled e) => Cancelled++;

    public void OnAmended(in OrderAmended e) => Amended++;

    public void OnLevelChanged(in BookLevelChanged e)
    {
        LevelChanges++;
        LevelLots += e.DisplayedQuantity.Lots;
    }
}
