using Clearline.Domain;

namespace Clearline.Bench;

/// <summary>
/// The generator's own model of one book: just enough of the matching rules (docs/matching.md) for
/// plain limit orders with self-trade prevention off — price-time priority, trades at the maker's
/// price, a moved order loses priority and may take liquidity — to know which orders are live, where
/// the best prices are and which commands will trade. Prices live on a dense array over a fixed band.
/// It is never timed; the harness checks its predictions against the real book.
/// </summary>
public sealed class ShadowBook
{
    private const int None = -1;

    // Per price index (price - MinPrice), per side: FIFO of order slots.
    private readonly int[][] _head;
    private readonly int[][] _tail;
    private readonly int[][] _levelOrders;

    // Order slots.
    private long[] _id;
    private int[] _account;
    private Side[] _side;
    private long[] _price;
    private long[] _remaining;
    private int[] _prev;
    private int[] _next;
    private int[] _livePosition;
    private int _slotCount;
    private int _freeSlot = None;

    // Live slots, for picking a random order in O(1).
    private int[] _live;

    public ShadowBook(long minPrice, long maxPrice, int expectedOrders)
    {
        if (minPrice < 1 || maxPrice <= minPrice || maxPrice - minPrice > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPrice), "the price band must be positive and not huge");
        }

        MinPrice = minPrice;
        MaxPrice = maxPrice;
        var width = (int)(maxPrice - minPrice + 1);
        _head = [NewFilled(width), NewFilled(width)];
        _tail = [NewFilled(width), NewFilled(width)];
        _levelOrders = [new int[width], new int[width]];
        var capacity = Math.Max(16, expectedOrders * 2);
        _id = new long[capacity];
        _account = new int[capacity];
        _side = new Side[capacity];
        _price = new long[capacity];
        _remaining = new long[capacity];
        _prev = new int[capacity];
        _next = new int[capacity];
        _livePosition = new int[capacity];
        _live = new int[capacity];
    }

    public long MinPrice { get; }

    public long MaxPrice { get; }

    public int OrderCount { get; private set; }

    /// <summary>Non-empty price levels, both sides.</summary>
    public int LevelCount { get; private set; }

    public long BestBid { get; private set; } = None;

    public long BestAsk { get; private set; } = None;

    public int LiveSlot(int index) => _live[index];

    public long IdOf(int slot) => _id[slot];

    public int AccountOf(int slot) => _account[slot];

    public Side SideOf(int slot) => _side[slot];

    public long PriceOf(int slot) => _price[slot];

    public long RemainingOf(int slot) => _remaining[slot];

    /// <summary>The best price of the side an order of <paramref name="side"/> would trade against, or -1.</summary>
    public long OppositeBest(Side side) => side == Side.Buy ? BestAsk : BestBid;

    /// <summary>
    /// Walks the side opposite to <paramref name="takerSide"/> in priority order over its first
    /// <paramref name="orders"/> orders and returns their total remaining and the worst price reached.
    /// </summary>
    public (long Quantity, long WorstPrice, int Orders) PeekOpposite(Side takerSide, int orders)
    {
        var makerSide = takerSide == Side.Buy ? 1 : 0;
        var price = takerSide == Side.Buy ? BestAsk : BestBid;
        long quantity = 0;
        var counted = 0;
        var worst = price;
        while (price != None && counted < orders)
        {
            for (var slot = _head[makerSide][Index(price)]; slot != None && counted < orders; slot = _next[slot])
            {
                quantity += _remaining[slot];
                counted++;
                worst = price;
            }

            price = NextLevel(makerSide, price);
        }

        return (quantity, worst, counted);
    }

    /// <summary>The remaining of the first order on the side opposite to <paramref name="takerSide"/>, or 0.</summary>
    public long FrontOppositeRemaining(Side takerSide)
    {
        var makerSide = takerSide == Side.Buy ? 1 : 0;
        var price = takerSide == Side.Buy ? BestAsk : BestBid;
        return price == None ? 0 : _remaining[_head[makerSide][Index(price)]];
    }

    /// <summary>A new limit order. Returns the number of trades; a GTC remainder rests.</summary>
    public int Submit(long id, int account, Side side, long price, long quantity, bool rest)
    {
        CheckPrice(price);
        var trades = Match(side, price, ref quantity);
        if (quantity > 0 && rest)
        {
            var slot = AllocateSlot();
            _id[slot] = id;
            _account[slot] = account;
            _side[slot] = side;
            _remaining[slot] = quantity;
            AddLive(slot);
            Rest(slot, price);
        }

        return trades;
    }

    public void Cancel(int slot)
    {
        Unlink(slot);
        RemoveLive(slot);
        FreeSlot(slot);
    }

    /// <summary>Moves an order to a new price (quantity kept). Returns the number of trades.</summary>
    public int Move(int slot, long newPrice)
    {
        CheckPrice(newPrice);
        if (newPrice == _price[slot])
        {
            return 0;
        }

        Unlink(slot);
        var quantity = _remaining[slot];
        var trades = Match(_side[slot], newPrice, ref quantity);
        if (quantity > 0)
        {
            _remaining[slot] = quantity;
            Rest(slot, newPrice);
        }
        else
        {
            RemoveLive(slot);
            FreeSlot(slot);
        }

        return trades;
    }

    private int Match(Side takerSide, long limit, ref long quantity)
    {
        var makerSide = takerSide == Side.Buy ? 1 : 0;
        var trades = 0;
        while (quantity > 0)
        {
            var best = takerSide == Side.Buy ? BestAsk : BestBid;
            if (best == None || (takerSide == Side.Buy ? best > limit : best < limit))
            {
                break;
            }

            var slot = _head[makerSide][Index(best)];
            var fill = Math.Min(quantity, _remaining[slot]);
            quantity -= fill;
            _remaining[slot] -= fill;
            trades++;
            if (_remaining[slot] == 0)
            {
                Unlink(slot);
                RemoveLive(slot);
                FreeSlot(slot);
            }
        }

        return trades;
    }

    private void Rest(int slot, long price)
    {
        var s = (int)_side[slot];
        var i = Index(price);
        _price[slot] = price;
        _next[slot] = None;
        _prev[slot] = _tail[s][i];
        if (_tail[s][i] == None)
        {
            _head[s][i] = slot;
            LevelCount++;
        }
        else
        {
            _next[_tail[s][i]] = slot;
        }

        _tail[s][i] = slot;
        _levelOrders[s][i]++;
        if (s == 0 && (BestBid == None || price > BestBid))
        {
            BestBid = price;
        }
        else if (s == 1 && (BestAsk == None || price < BestAsk))
        {
            BestAsk = price;
        }
    }

    private void Unlink(int slot)
    {
        var s = (int)_side[slot];
        var price = _price[slot];
        var i = Index(price);
        if (_prev[slot] == None)
        {
            _head[s][i] = _next[slot];
        }
        else
        {
            _next[_prev[slot]] = _next[slot];
        }

        if (_next[slot] == None)
        {
            _tail[s][i] = _prev[slot];
        }
        else
        {
            _prev[_next[slot]] = _prev[slot];
        }

        if (--_levelOrders[s][i] == 0)
        {
            LevelCount--;
            if (s == 0 && price == BestBid)
            {
                BestBid = NextLevel(0, price);
            }
            else if (s == 1 && price == BestAsk)
            {
                BestAsk = NextLevel(1, price);
            }
        }
    }

    /// <summary>The next non-empty level after <paramref name="price"/> away from the spread, or -1.</summary>
    private long NextLevel(int side, long price)
    {
        if (side == 0)
        {
            for (var p = price - 1; p >= MinPrice; p--)
            {
                if (_levelOrders[0][Index(p)] > 0)
                {
                    return p;
                }
            }
        }
        else
        {
            for (var p = price + 1; p <= MaxPrice; p++)
            {
                if (_levelOrders[1][Index(p)] > 0)
                {
                    return p;
                }
            }
        }

        return None;
    }

    private int AllocateSlot()
    {
        if (_freeSlot != None)
        {
            var slot = _freeSlot;
            _freeSlot = _next[slot];
            return slot;
        }

        if (_slotCount == _id.Length)
        {
            var capacity = _id.Length * 2;
            Array.Resize(ref _id, capacity);
            Array.Resize(ref _account, capacity);
            Array.Resize(ref _side, capacity);
            Array.Resize(ref _price, capacity);
            Array.Resize(ref _remaining, capacity);
            Array.Resize(ref _prev, capacity);
            Array.Resize(ref _next, capacity);
            Array.Resize(ref _livePosition, capacity);
            Array.Resize(ref _live, capacity);
        }

        return _slotCount++;
    }

    private void FreeSlot(int slot)
    {
        _next[slot] = _freeSlot;
        _freeSlot = slot;
    }

    private void AddLive(int slot)
    {
        _livePosition[slot] = OrderCount;
        _live[OrderCount++] = slot;
    }

    private void RemoveLive(int slot)
    {
        var position = _livePosition[slot];
        var last = _live[--OrderCount];
        _live[position] = last;
        _livePosition[last] = position;
    }

    private int Index(long price) => (int)(price - MinPrice);

    private void CheckPrice(long price)
    {
        if (price < MinPrice || price > MaxPrice)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, $"outside the generator's band [{MinPrice}, {MaxPrice}]");
        }
    }

    private static int[] NewFilled(int length)
    {
        var array = new int[length];
        Array.Fill(array, None);
        return array;
    }
}
