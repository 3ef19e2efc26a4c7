using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Unicode;

namespace Clearline.Bench.Api;

/// <summary>What an order-entry request is, for the mix and for what its answer means.</summary>
internal enum OrderRequestKind : byte
{
    /// <summary>A good-til-cancelled limit order 0.5–1.5% behind the mark: it rests.</summary>
    Passive,

    /// <summary>An immediate-or-cancel limit order 0.3% through the mark: it takes the demo market maker's quotes.</summary>
    Crossing,

    /// <summary>A cancel of the connection's oldest resting order.</summary>
    Cancel,
}

/// <summary>An instrument the load generator trades: its name, tick, one lot's amount, and its mark in ticks.</summary>
internal sealed class TradedInstrument(string name, decimal tick, decimal lot)
{
    private long _markTicks;

    public string Name => name;

    public decimal Tick => tick;

    public decimal Lot => lot;

    /// <summary>Refreshed from the venue's ticker while the benchmark runs, read by every connection.</summary>
    public long MarkTicks
    {
        get => Volatile.Read(ref _markTicks);
        set => Volatile.Write(ref _markTicks, value);
    }
}

/// <summary>
/// One connection's order flow, seeded: it keeps up to <see cref="MaxResting"/> orders resting (a market maker
/// moving its quotes: each new passive order, once the limit is reached, is paid for by cancelling the oldest), and
/// one new order in <see cref="CrossingShare"/> is an immediate-or-cancel order that trades. At steady state the mix
/// is about 47% passive orders, 5% crossing orders and 47% cancels, and the books stay bounded.
/// </summary>
internal sealed class OrderFlow(TradedInstrument[] instruments, Random random)
{
    public const int MaxResting = 16;
    public const double CrossingShare = 0.1;

    /// <summary>Orders the venue said are resting, oldest first: added by the receiving side, taken by the sending side.</summary>
    private readonly ConcurrentQueue<long> _resting = new();

    public void Rested(long orderId) => _resting.Enqueue(orderId);

    /// <summary>Writes the next request, JSON-RPC with <paramref name="id"/>, into <paramref name="buffer"/>.</summary>
    public (OrderRequestKind Kind, int Length) Next(long id, Span<byte> buffer)
    {
        int written;
        if (_resting.Count >= MaxResting && _resting.TryDequeue(out var oldest))
        {
            Fits(Utf8.TryWrite(buffer, CultureInfo.InvariantCulture, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"private/cancel","params":{"order_id":"{{{oldest}}}"}}""", out written));
            return (OrderRequestKind.Cancel, written);
        }

        var instrument = instruments[random.Next(instruments.Length)];
        var buy = random.Next(2) == 0;
        var crossing = random.NextDouble() < CrossingShare;

        // Behind the mark by 0.5–1.5% (never meets the demo quotes, 0.05–0.25% out), or through it by 0.3%.
        var offset = crossing ? -0.003 : 0.005 + (0.01 * random.NextDouble());
        var ticks = (long)Math.Round(instrument.MarkTicks * (buy ? 1 - offset : 1 + offset));
        var price = ticks * instrument.Tick;
        var method = buy ? "private/buy" : "private/sell";
        var timeInForce = crossing ? "immediate_or_cancel" : "good_til_cancelled";
        Fits(Utf8.TryWrite(buffer, CultureInfo.InvariantCulture, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"{{{method}}}","params":{"instrument_name":"{{{instrument.Name}}}","amount":{{{instrument.Lot}}},"type":"limit","price":{{{price}}},"time_in_force":"{{{timeInForce}}}"}}""", out written));
        return (crossing ? OrderRequestKind.Crossing : OrderRequestKind.Passive, written);
    }

    private static void Fits(bool written)
    {
        if (!written)
        {
            throw new InvalidOperationException("an order request outgrew its buffer");
        }
    }
}
