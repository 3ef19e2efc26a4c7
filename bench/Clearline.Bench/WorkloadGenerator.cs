using Clearline.Domain.Instruments;

namespace Clearline.Bench;

/// <summary>What the generator's own model saw over the measured stream (not the prefill).</summary>
public sealed record GeneratorStats(
    long Gtc,
    long Ioc,
    long Cancel,
    long Move,
    long TradingCommands,
    long Trades,
    double AverageOrders,
    int MinOrders,
    int MaxOrders,
    double AverageLevels,
    int EndOrders,
    int EndLevels,
    double AverageSpreadTicks,
    long MaxBestDistanceFromMid)
{
    public long Commands => Gtc + Ioc + Cancel + Move;

    public double TradeRatio => Commands == 0 ? 0 : TradingCommands / (double)Commands;
}

/// <summary>
/// A pre-generated stream: <see cref="PrefillCount"/> commands that build the book, then the measured ones.
/// Books are created with room for <see cref="InitialCapacity"/> orders, sized for the expected book as a
/// venue would, so the measured stream runs on warmed pools.
/// </summary>
public sealed record Workload(
    string Name,
    IReadOnlyList<InstrumentSpec> Instruments,
    BenchCommand[] Commands,
    int PrefillCount,
    int BookCapacity,
    int InitialCapacity,
    GeneratorStats? Stats)
{
    public int MeasuredCount => Commands.Length - PrefillCount;

    public bool MultiSymbol => Instruments.Count > 1;
}

public static class WorkloadGenerator
{

    public static Workload Generate(WorkloadProfile profile, int commands, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(commands);
        var master = new Prng(seed);
        var symbols = new SymbolGenerator[profile.Symbols];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = new SymbolGenerator(i, profile, Prng.Derive(seed, (ulong)i + 1));
        }

        var prefill = profile.TargetOrders * profile.Symbols;
        var stream = new BenchCommand[prefill + commands];
        long nextId = 1;
        var n = 0;

        // Prefill: passive GTC orders, round-robin over the symbols, no trades.
        for (var round = 0; round < profile.TargetOrders; round++)
        {
            foreach (var symbol in symbols)
            {
                stream[n++] = symbol.NextPrefill(nextId++, master.NextInclusive(1, profile.Accounts));
            }
        }

        long gtc = 0, ioc = 0, cancel = 0, move = 0, trading = 0, trades = 0;
        double orderSum = 0, levelSum = 0, spreadSum = 0;
        var minOrders = int.MaxValue;
        var maxOrders = 0;
        long maxDistance = 0;
        var orders = Sum(symbols, s => s.Book.OrderCount);
        var levels = Sum(symbols, s => s.Book.LevelCount);
        for (var i = 0; i < commands; i++)
        {
            var symbol = symbols.Length == 1 ? symbols[0] : symbols[master.Next(symbols.Length)];
            var book = symbol.Book;
            orders -= book.OrderCount;
            levels -= book.LevelCount;
            var command = symbol.Next(nextId, master.NextInclusive(1, profile.Accounts), out var commandTrades);
            orders += book.OrderCount;
            levels += book.LevelCount;
            stream[n++] = command;
            switch (command.Op)
            {
                case BenchOp.Gtc: gtc++; nextId++; break;
                case BenchOp.Ioc: ioc++; nextId++; break;
                case BenchOp.Cancel: cancel++; break;
                default: move++; break;
            }

            trades += commandTrades;
            trading += commandTrades > 0 ? 1 : 0;
            orderSum += orders;
            levelSum += levels;
            minOrders = Math.Min(minOrders, orders);
            maxOrders = Math.Max(maxOrders, orders);
            if (book.BestBid >= 0 && book.BestAsk >= 0)
            {
                spreadSum += book.BestAsk - book.BestBid;
                maxDistance = Math.Max(maxDistance, Math.Max(symbol.Mid - book.BestBid, book.BestAsk - symbol.Mid));
            }
        }

        var stats = new GeneratorStats(
            gtc, ioc, cancel, move, trading, trades,
            orderSum / commands, minOrders, maxOrders, levelSum / commands,
            orders, levels, spreadSum / commands, maxDistance);
        return new Workload(profile.Name, profile.CreateInstruments(), stream, prefill, profile.Limits.MaxRestingOrdersPerBook, profile.Limits.InitialCapacityPerBook, stats);
    }

    private static int Sum(SymbolGenerator[] symbols, Func<SymbolGenerator, int> value)
    {
        var total = 0;
        foreach (var symbol in symbols)
        {
            total += value(symbol);
        }

        return total;
    }
}
