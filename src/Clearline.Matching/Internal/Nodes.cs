using Clearline.Domain;
using Clearline.Domain.Orders;

namespace Clearline.Matching.Internal;

/// <summary>A resting order in the book's pool (64 bytes). Links are slot indices, -1 for none. Invariant: Quantity = filled + Remaining.</summary>
internal struct OrderNode
{
    public long Id;
    public long Price;
    public long Quantity;
    public long Remaining;
    public long Visible;

    /// <summary>The iceberg slice size; 0 when the whole order shows.</summary>
    public long Display;
    public int Account;
    public int Prev;
    public int Next;
    public Side Side;
    public PostOnly PostOnly;
    public SelfTradePrevention SelfTradePrevention;
    public OrderStatus Status;
}

/// <summary>A price level: a FIFO of orders (Head is first in priority) and its displayed total. Empty when Count is 0 (Head and Tail are then stale).</summary>
internal struct LevelNode
{
    public long Displayed;
    public int Head;
    public int Tail;
    public int Count;
}

/// <summary>The incoming (taker) side of a match: a new order, or an amended one that lost priority.</summary>
internal struct Taker
{
    public long Id;
    public long Limit;
    public long Quantity;
    public long Remaining;
    public int Account;
    public Side Side;
    public SelfTradePrevention SelfTradePrevention;
    public OrderStatus Status;

    /// <summary>Set when a self-trade rule (cancel incoming, cancel both) ended the match.</summary>
    public bool StoppedBySelfTrade;
}
