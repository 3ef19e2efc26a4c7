using System.Runtime.CompilerServices;
using Clearline.Domain;

namespace Clearline.Risk.Margin;

/// <summary>
/// The last few position initial margins of one instrument at one mark, by size. An order reservation margins the
/// position with the buys filled and with the sells filled; a new order, a cancel or an amendment moves only one of
/// them, and its check and its booking ask the same sizes again, so most answers come from here. A pure cache: it
/// never changes a result, and it starts over when the mark moves. Options, whose margin rates move with their
/// forward, are not kept.
/// </summary>
public struct InitialMarginMemo
{
    private const int Capacity = 4;

    private long _markE8;
    private int _count;
    private int _next;
    private Entries _entries;

    /// <summary><see cref="MarginCalculator.ForPosition"/>'s initial margin for <paramref name="size"/> at <paramref name="mark"/>.</summary>
    internal Money InitialFor(InstrumentRisk risk, long size, QuotePrice mark)
    {
        if (risk.Option is not null)
        {
            return MarginCalculator.InitialForPosition(risk, size, mark);
        }

        if (_markE8 != mark.E8)
        {
            (_markE8, _count, _next) = (mark.E8, 0, 0);
        }

        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Size == size)
            {
                return _entries[i].Initial;
            }
        }

        var initial = MarginCalculator.InitialForPosition(risk, size, mark);
        _entries[_next] = (size, initial);
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        return initial;
    }

    [InlineArray(Capacity)]
    private struct Entries
    {
        private (long Size, Money Initial) _element;
    }
}
