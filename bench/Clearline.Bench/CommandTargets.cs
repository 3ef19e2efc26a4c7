using System.Runtime.CompilerServices;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Matching;
using Clearline.Sequencing.Codecs;

namespace Clearline.Bench;

/// <summary>What a benchmark stream is replayed into: one book, or the engine that routes to many.</summary>
public interface ICommandTarget
{
    void Execute(in BenchCommand command, ref CountingSink sink);

    /// <summary>Lookahead, two commands ahead: the order index bucket of a command that addresses an order.</summary>
    void PrefetchFar(in BenchCommand command);

    /// <summary>Lookahead, one command ahead: the order and the price level the command will touch.</summary>
    void PrefetchNear(in BenchCommand command);

    /// <summary>Resting orders over all books.</summary>
    int OrderCount { get; }

    /// <summary>Non-empty price levels over all books and both sides (allocates; not for the hot path).</summary>
    int LevelCount { get; }
}

/// <summary>Turns a compact command into the book's command structs (part of the measured cost, as it would be for any engine).</summary>
internal static class CommandMapping
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NewOrder ToNewOrder(in BenchCommand c, InstrumentId instrument) =>
        new(instrument, new OrderId(c.OrderId), new AccountId(c.Account), c.Side, OrderType.Limit, TimeInForceOf(c.Op), new Price(c.Price), new Quantity(c.Quantity));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AmendOrder ToAmend(in BenchCommand c, InstrumentId instrument) =>
        new(instrument, new OrderId(c.OrderId), new AccountId(c.Account), new Price(c.Price));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CancelOrder ToCancel(in BenchCommand c, InstrumentId instrument) =>
        new(instrument, new OrderId(c.OrderId), new AccountId(c.Account));

    /// <summary>The command's <see cref="CommandCodec"/> bytes: what the journal holds for it once a pipeline has taken it.</summary>
    public static int Encode(in BenchCommand c, Span<byte> destination)
    {
        var instrument = new InstrumentId(c.Instrument);
        return c.Op switch
        {
            BenchOp.Move => CommandCodec.Encode(ToAmend(c, instrument), destination),
            BenchOp.Cancel => CommandCodec.Encode(ToCancel(c, instrument), destination),
            _ => CommandCodec.Encode(ToNewOrder(c, instrument), destination),
        };
    }

    private static TimeInForce TimeInForceOf(BenchOp op) => op switch
    {
        BenchOp.Ioc => TimeInForce.ImmediateOrCancel,
        BenchOp.Fok => TimeInForce.FillOrKill,
        _ => TimeInForce.GoodTilCancelled,
    };
}

/// <summary>Which lookahead hints each kind of command gets (<see cref="OrderBook.PrefetchIndex"/> and friends).</summary>
internal static class Lookahead
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Far(OrderBook book, in BenchCommand c)
    {
        if (c.Op is BenchOp.Move or BenchOp.Cancel)
        {
            book.PrefetchIndex(new OrderId(c.OrderId));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Near(OrderBook book, in BenchCommand c)
    {
        if (c.Op is BenchOp.Move or BenchOp.Cancel)
        {
            book.PrefetchOrder(new OrderId(c.OrderId));
        }

        if (c.Op is BenchOp.Move or BenchOp.Gtc)
        {
            book.PrefetchLevel(c.Side, new Price(c.Price));
        }
    }
}

/// <summary>Replays into a single <see cref="OrderBook"/>; the command's instrument is ignored.</summary>
public readonly struct BookTarget(OrderBook book) : ICommandTarget
{
    private readonly InstrumentId _instrument = book.Spec.Id;

    public OrderBook Book { get; } = book;

    public int OrderCount => Book.OrderCount;

    public int LevelCount => Book.GetLevels(Side.Buy).Count + Book.GetLevels(Side.Sell).Count;

    public void PrefetchFar(in BenchCommand command) => Lookahead.Far(Book, command);

    public void PrefetchNear(in BenchCommand command) => Lookahead.Near(Book, command);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Execute(in BenchCommand command, ref CountingSink sink)
    {
        switch (command.Op)
        {
            case BenchOp.Move:
                Book.Amend(CommandMapping.ToAmend(command, _instrument), ref sink);
                break;
            case BenchOp.Cancel:
                Book.Cancel(CommandMapping.ToCancel(command, _instrument), ref sink);
                break;
            default:
                Book.Submit(CommandMapping.ToNewOrder(command, _instrument), ref sink);
                break;
        }
    }
}

/// <summary>Replays into a <see cref="MatchingEngine"/>, which routes by the command's instrument.</summary>
public readonly struct EngineTarget(MatchingEngine engine, IReadOnlyList<InstrumentId> instruments) : ICommandTarget
{
    public MatchingEngine Engine { get; } = engine;

    public int OrderCount => Sum(b => b.OrderCount);

    public int LevelCount => Sum(b => b.GetLevels(Side.Buy).Count + b.GetLevels(Side.Sell).Count);

    public void PrefetchFar(in BenchCommand command)
    {
        if (Engine.TryGetBook(new InstrumentId(command.Instrument), out var book))
        {
            Lookahead.Far(book, command);
        }
    }

    public void PrefetchNear(in BenchCommand command)
    {
        if (Engine.TryGetBook(new InstrumentId(command.Instrument), out var book))
        {
            Lookahead.Near(book, command);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Execute(in BenchCommand command, ref CountingSink sink)
    {
        var instrument = new InstrumentId(command.Instrument);
        switch (command.Op)
        {
            case BenchOp.Move:
                Engine.Amend(CommandMapping.ToAmend(command, instrument), ref sink);
                break;
            case BenchOp.Cancel:
                Engine.Cancel(CommandMapping.ToCancel(command, instrument), ref sink);
                break;
            default:
                Engine.Submit(CommandMapping.ToNewOrder(command, instrument), ref sink);
                break;
        }
    }

    private int Sum(Func<OrderBook, int> value)
    {
        var total = 0;
        foreach (var id in instruments)
        {
            if (Engine.TryGetBook(id, out var book))
            {
                total += value(book);
            }
        }

        return total;
    }
}
