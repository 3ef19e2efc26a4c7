using System.Diagnostics;
using System.Runtime.CompilerServices;
using Clearline.Options.Numerics;
using Clearline.Options.Pricing;

namespace Clearline.Bench.Options;

/// <summary>What <c>bench options</c> runs (docs/performance.md, "Options").</summary>
/// <param name="Contracts">Distinct contracts, cycled through by every measured loop.</param>
/// <param name="Evaluations">Price + Greeks evaluations per run (price-only and the exp/ln loops do the same number).</param>
/// <param name="Solves">Implied-volatility solves per run.</param>
/// <param name="Runs">Measured runs per measure; the median is reported.</param>
/// <param name="Seed">Seed of the contracts and of the margin accounts.</param>
/// <param name="MarginAccounts">Portfolio-margin accounts re-margined on every tick.</param>
/// <param name="MarginPositions">Option positions per portfolio-margin account.</param>
/// <param name="MarginEvaluations">Risk-array refreshes, and single-account margins, per run.</param>
/// <param name="MarginTicks">Ticks per run, each refreshing every risk array and re-margining every account.</param>
public sealed record OptionsBenchOptions(
    int Contracts,
    long Evaluations,
    long Solves,
    int Runs,
    ulong Seed,
    int MarginAccounts,
    int MarginPositions,
    long MarginEvaluations,
    long MarginTicks);

/// <summary>
/// Single-threaded throughput of the pricing kernel: Black-76 price + Greeks, price alone, implied volatility; and, as
/// the cost of determinism, the kernel's exp and ln beside the platform's in the same process. Measures are
/// interleaved run by run so machine load falls on all of them alike. Each loop adds the bit patterns of its results
/// (as 64-bit integers, wrapping) into a checksum, which keeps the work from being optimised away and changes with
/// any bit of any result: the same checksum on every machine shows the kernel is bit-identical there. Portfolio margin
/// (<see cref="MarginBook"/>): refreshing one instrument's risk array, one account's margin from the cached arrays, and
/// a tick: every risk array refreshed once, then every account re-margined.
/// </summary>
public static class OptionsBench
{
    public static OptionsBenchResult Run(OptionsBenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var contracts = OptionContracts.Generate(options.Contracts, options.Seed);
        var book = new MarginBook(options.MarginAccounts, options.MarginPositions, options.Seed);
        (string Name, long Operations, Func<OptionContracts, long, ulong> Loop)[] measures =
        [
            ("price_greeks", options.Evaluations, PriceAndGreeks),
            ("price", options.Evaluations, PriceOnly),
            ("implied_volatility", options.Solves, ImpliedVolatilities),
            ("exp_kernel", options.Evaluations, KernelExp),
            ("exp_platform", options.Evaluations, PlatformExp),
            ("log_kernel", options.Evaluations, KernelLog),
            ("log_platform", options.Evaluations, PlatformLog),
            ("pm_risk_array", options.MarginEvaluations, (_, n) => RiskArrays(book, n)),
            ("pm_account", options.MarginEvaluations, (_, n) => AccountMargins(book, n)),
            ("pm_tick", options.MarginTicks, (_, n) => Ticks(book, n)),
        ];

        // Warm-up: every loop for at least a second in all, so the measured runs use tiered-up code.
        var began = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(began).TotalSeconds < 1)
        {
            foreach (var (_, operations, loop) in measures)
            {
                loop(contracts, Math.Min(operations, 200_000));
            }
        }

        var rates = measures.Select(_ => new List<double>()).ToArray();
        var checksums = new ulong[measures.Length];
        var allocated = new long[measures.Length];
        for (var run = 0; run < options.Runs; run++)
        {
            for (var m = 0; m < measures.Length; m++)
            {
                var (name, operations, loop) = measures[m];
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                checksums[m] = loop(contracts, operations);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                allocated[m] = Math.Max(allocated[m], GC.GetAllocatedBytesForCurrentThread() - bytes);
                rates[m].Add(operations / seconds);
                log.WriteLine($"run {run + 1} {name}: {operations / seconds / 1e6:F2} M/s, {seconds * 1e9 / operations:F1} ns/op");
            }
        }

        return new OptionsBenchResult(
            options.Contracts,
            options.MarginAccounts,
            options.MarginPositions,
            [.. measures.Select((m, i) => new OptionsMeasure(m.Name, m.Operations, rates[i], allocated[i] / (double)m.Operations, checksums[i]))]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong PriceAndGreeks(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            var g = Black76.Evaluate(c.Types[i], OptionContracts.Forward, c.Strikes[i], c.Years[i], c.Volatilities[i], OptionContracts.Rate);
            sum += Bits(g.Price) + Bits(g.Delta) + Bits(g.Gamma) + Bits(g.Vega) + Bits(g.Theta) + Bits(g.Rho);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong PriceOnly(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            sum += Bits(Black76.Price(c.Types[i], OptionContracts.Forward, c.Strikes[i], c.Years[i], c.Volatilities[i], OptionContracts.Rate));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong ImpliedVolatilities(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            sum += Bits(ImpliedVolatility.Solve(c.Types[i], OptionContracts.Forward, c.Strikes[i], c.Years[i], c.Prices[i], OptionContracts.Rate).Volatility);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong KernelExp(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            sum += Bits(DeterministicMath.Exp(-c.Volatilities[i] * c.Strikes[i] * 1e-4));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong PlatformExp(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            sum += Bits(Math.Exp(-c.Volatilities[i] * c.Strikes[i] * 1e-4));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong KernelLog(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            sum += Bits(DeterministicMath.Log(c.Strikes[i]));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong PlatformLog(OptionContracts c, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == c.Count ? 0 : i + 1)
        {
            sum += Bits(Math.Log(c.Strikes[i]));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong RiskArrays(MarginBook book, long operations)
    {
        var sum = 0UL;
        for (long done = 0, i = 0; done < operations; done++, i = i + 1 == book.Instruments ? 0 : i + 1)
        {
            foreach (var pnl in book.RefreshOne((int)i, OptionContracts.Forward).ScenarioPnl)
            {
                sum += Bits(pnl);
            }
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong AccountMargins(MarginBook book, long operations)
    {
        var sum = 0UL;
        for (long done = 0, a = 0; done < operations; done++, a = a + 1 == book.Accounts ? 0 : a + 1)
        {
            sum += Bits(book.Evaluate((int)a).Maintenance);
        }

        return sum;
    }

    /// <summary>
    /// Ticks alternate the underlying between +1% and its starting forward, so every tick does the same work; the book
    /// is put back at the starting forward afterwards (not timed apart: one refresh, a small part of a run).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Ticks(MarginBook book, long operations)
    {
        var sum = 0UL;
        for (long tick = 0; tick < operations; tick++)
        {
            book.Refresh(tick % 2 == 0 ? OptionContracts.Forward * 1.01 : OptionContracts.Forward);
            for (var a = 0; a < book.Accounts; a++)
            {
                sum += Bits(book.Evaluate(a).Maintenance);
            }
        }

        book.Refresh(OptionContracts.Forward);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(double value) => (ulong)BitConverter.DoubleToInt64Bits(value);
}
