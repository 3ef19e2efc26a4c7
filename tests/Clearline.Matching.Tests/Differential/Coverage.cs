using Clearline.Domain.Orders;
using Clearline.Testing;

namespace Clearline.Matching.Tests.Differential;

/// <summary>
/// Counts what the generated streams actually exercised, so a generator that stops reaching a rule
/// fails the run instead of silently testing less.
/// </summary>
public sealed class Coverage
{
    private readonly Dictionary<string, long> _counts = [];
    private readonly Lock _lock = new();

    /// <summary>Everything a run must have seen at least once.</summary>
    public static IEnumerable<string> Required =>
        Enum.GetValues<RejectReason>().Where(r => r <= RejectReason.BookFull).Select(r => $"reject:{r}")
            .Concat(Enum.GetValues<CancelReason>().Select(r => $"cancel:{r}"))
            .Concat(Enum.GetValues<SelfTradePrevention>().Where(m => m != SelfTradePrevention.Off).Select(m => $"stp:{m}"))
            .Concat(["trade", "amend:lost", "amend:kept", "amend:lost+trade", "iceberg:replenished", "fok:filled", "fok:killed",
                "postonly:repriced", "level:gone", "market:traded", "decrement:partial", "decrement:incoming-gone"]);

    public IReadOnlyDictionary<string, long> Counts
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, long>(_counts);
            }
        }
    }

    public static void Observe(Dictionary<string, long> counts, BookCommand command, IReadOnlyList<object> events)
    {
        ArgumentNullException.ThrowIfNull(counts);
        void Count(string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

        var makers = new HashSet<long>();
        var traded = false;
        var fokKilled = false;
        foreach (var e in events)
        {
            switch (e)
            {
                case CommandRejected r:
                    Count($"reject:{r.Reason}");
                    break;
                case OrderCancelled c:
                    Count($"cancel:{c.Reason}");
                    fokKilled |= c.Reason == CancelReason.FillOrKill;
                    if (c.Reason == CancelReason.SelfTradePrevention && command is SubmitCommand s)
                    {
                        Count($"stp:{s.Order.SelfTradePrevention}");
                        if (s.Order.SelfTradePrevention == SelfTradePrevention.DecrementBoth && c.Remaining.IsPositive)
                        {
                            Count("decrement:partial");
                        }

                        if (s.Order.SelfTradePrevention == SelfTradePrevention.DecrementBoth && c.Order == s.Order.Id && c.Remaining.IsZero)
                        {
                            Count("decrement:incoming-gone");
                        }
                    }

                    break;
                case Trade t:
                    Count("trade");
                    traded = true;
                    if (!makers.Add(t.MakerOrder.Value))
                    {
                        Count("iceberg:replenished");
                    }

                    break;
                case OrderAmended a:
                    Count(a.LostPriority ? "amend:lost" : "amend:kept");
                    break;
                case OrderAccepted accepted when command is SubmitCommand placed && accepted.Order.Price != placed.Order.Price:
                    Count("postonly:repriced");
                    break;
                case BookLevelChanged { OrderCount: 0 }:
                    Count("level:gone");
                    break;
                default:
                    break;
            }
        }

        if (command is SubmitCommand submit && events.Count > 0 && events[0] is OrderAccepted)
        {
            if (submit.Order.TimeInForce == TimeInForce.FillOrKill)
            {
                Count(fokKilled ? "fok:killed" : traded ? "fok:filled" : "fok:other");
            }

            if (submit.Order.Type == OrderType.Market && traded)
            {
                Count("market:traded");
            }
        }

        if (command is AmendCommand && traded)
        {
            Count("amend:lost+trade");
        }
    }

    public void Merge(Dictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        lock (_lock)
        {
            foreach (var (key, value) in counts)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + value;
            }
        }
    }
}
