using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;

namespace Clearline.Engine.Pipeline;

/// <summary>
/// The pre-allocated ring every stage works on in turn: producers write commands into slots, the
/// sequencer stamps and journals them, the engine records results, the publisher acknowledges and frees
/// the slots. Positions only grow; a slot is reused once the publisher has released its position, so
/// memory is fixed and a full ring is reported to the producer instead of growing.
/// </summary>
internal sealed class CommandRing
{
    /// <summary>Set in the claim counter when the ring closes: a claim can then no longer succeed.</summary>
    private const long ClosedBit = 1L << 62;

    private readonly CommandSlot[] _slots;
    private readonly long _mask;
    private PaddedLong _claimed;
    private PaddedLong _released;

    public CommandRing(int capacity)
    {
        if (capacity < 2 || !int.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the ring capacity must be a power of two, at least 2");
        }

        _slots = new CommandSlot[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    public bool IsClosed => (Volatile.Read(ref _claimed.Value) & ClosedBit) != 0;

    /// <summary>The number of positions ever claimed (the end of the producers' range).</summary>
    public long Claimed => Volatile.Read(ref _claimed.Value) & ~ClosedBit;

    public ref CommandSlot this[long position] => ref _slots[position & _mask];

    /// <summary>Claims the next position; false when the ring is full (<paramref name="closed"/> false) or closed.</summary>
    public bool TryClaim(out long position, out bool closed)
    {
        while (true)
        {
            var current = Volatile.Read(ref _claimed.Value);
            closed = (current & ClosedBit) != 0;
            if (closed || current - Volatile.Read(ref _released.Value) >= _slots.Length)
            {
                position = -1;
                return false;
            }

            if (Interlocked.CompareExchange(ref _claimed.Value, current + 1, current) == current)
            {
                position = current;
                return true;
            }
        }
    }

    /// <summary>Hands a written slot on to the sequencer.</summary>
    public void Publish(long position) => Volatile.Write(ref this[position].Published, position + 1);

    public bool IsPublished(long position) => Volatile.Read(ref this[position].Published) == position + 1;

    /// <summary>Frees every position below <paramref name="end"/> for reuse.</summary>
    public void Release(long end) => Volatile.Write(ref _released.Value, end);

    /// <summary>Stops all further claims; returns the final number of claimed positions.</summary>
    public long Close() => Interlocked.Or(ref _claimed.Value, ClosedBit) & ~ClosedBit;

    /// <summary>A counter alone on its cache lines, so producers and consumers do not false-share.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }
}

/// <summary>One command on its way through the pipeline.</summary>
internal struct CommandSlot
{
    /// <summary>Position + 1 once a producer has written the slot (so a reused slot never looks published early).</summary>
    public long Published;

    public CommandBytes Command;
    public byte Length;

    /// <summary>Set by the sequencer.</summary>
    public long Timestamp;

    /// <summary>Set by the engine.</summary>
    public CommandOutcome Outcome;
    public RejectReason Reason;

    public ICommandCompletion? Completion;
    public long Tag;
}

/// <summary>A command's <see cref="CommandCodec"/> bytes, held inline in its slot.</summary>
[InlineArray(CommandCodec.MaxSize)]
internal struct CommandBytes
{
    private byte _first;
}
