using System.Diagnostics;
using System.Globalization;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Engine;

namespace Clearline.Cli;

/// <summary>What a replayed state holds, for a person: per market the resting orders per side and the best prices, then the total.</summary>
internal static class StateSummary
{
    public static void Print(TextWriter output, EngineState state)
    {
        output.WriteLine(state.LastSequence == 0
            ? "state: empty (no command applied)"
            : $"state at sequence {state.LastSequence} (sequencer time {Format(state.LastTimestamp)}):");
        var total = 0L;
        foreach (var spec in state.Markets)
        {
            if (!state.Matching.TryGetBook(spec.Id, out var book))
            {
                throw new UnreachableException($"listed market {spec.Id} has no book");
            }

            var bids = book.CountOrders(Side.Buy);
            var asks = book.CountOrders(Side.Sell);
            total += bids + asks;
            output.WriteLine($"  {spec.Name} (id {spec.Id}): {bids:N0} bid(s), {asks:N0} ask(s); best bid {Price(spec.Ticks, book.BestBid)}, best ask {Price(spec.Ticks, book.BestAsk)}");
        }

        output.WriteLine($"  total: {total:N0} resting order(s) in {state.Markets.Count} market(s)");
    }

    private static string Price(TickSizeSchedule ticks, Price? price) =>
        price is { } p ? ticks.ToDecimal(p).ToString(CultureInfo.InvariantCulture) : "none";

    /// <summary>ISO 8601 UTC when a date can hold it (a damaged journal may carry any timestamp), else raw microseconds.</summary>
    private static string Format(long microseconds) =>
        microseconds <= (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond
            ? DateTime.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
            : $"{microseconds} µs";
}
