namespace Clearline.Matching.Internal;

/// <summary>
/// Each account's resting orders in one book, as a doubly linked list over order slots in ascending id
/// (orders are appended as they rest, and ids only increase). Serves cancel-all. An account's entry is
/// freed when its last order leaves, so memory follows live orders, not every account ever seen.
/// </summary>
internal sealed class AccountOrders
{
    private readonly LongIntMap _listOf;
    private List[] _lists;
    private Link[] _links;
    private int _freeList = -1;
    private int _listCount;

    public AccountOrders(int orderCapacity)
    {
        _listOf = new LongIntMap(orderCapacity);
        _lists = new List[orderCapacity];
        _links = new Link[orderCapacity];
    }

    /// <summary>Follows the order pool's growth: one link per order slot.</summary>
    public void ResizeSlots(int orderCapacity) => Array.Resize(ref _links, orderCapacity);

    /// <summary>The account's oldest resting order, or -1.</summary>
    public int First(int account)
    {
        var list = _listOf.Get(account);
        return list < 0 ? -1 : _lists[list].Head;
    }

    public void Append(int account, int slot)
    {
        var index = _listOf.Get(account);
        if (index < 0)
        {
            index = NewList();
            _listOf.Add(account, index);
        }

        ref var list = ref _lists[index];
        _links[slot] = new Link { Prev = list.Tail, Next = -1 };
        if (list.Tail >= 0)
        {
            _links[list.Tail].Next = slot;
        }
        else
        {
            list.Head = slot;
        }

        list.Tail = slot;
    }

    public void Remove(int account, int slot)
    {
        var index = _listOf.Get(account);
        ref var list = ref _lists[index];
        var link = _links[slot];
        if (link.Prev >= 0)
        {
            _links[link.Prev].Next = link.Next;
        }
        else
        {
            list.Head = link.Next;
        }

        if (link.Next >= 0)
        {
            _links[link.Next].Prev = link.Prev;
        }
        else
        {
            list.Tail = link.Prev;
        }

        if (list.Head < 0)
        {
            _listOf.Remove(account);
            list.Tail = _freeList;
            _freeList = index;
        }
    }

    private int NewList()
    {
        int index;
        if (_freeList >= 0)
        {
            index = _freeList;
            _freeList = _lists[index].Tail;
        }
        else
        {
            if (_listCount == _lists.Length)
            {
                Array.Resize(ref _lists, _lists.Length * 2);
            }

            index = _listCount++;
        }

        _lists[index] = new List { Head = -1, Tail = -1 };
        return index;
    }

    /// <summary>A list's ends; a freed list keeps the next free index in Tail.</summary>
    private struct List
    {
        public int Head;
        public int Tail;
    }

    private struct Link
    {
        public int Prev;
        public int Next;
    }
}
