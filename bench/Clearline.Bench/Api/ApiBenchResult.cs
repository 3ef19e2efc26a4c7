using System.Text;
using System.Text.Json;

namespace Clearline.Bench.Api;

/// <summary>How <c>bench api</c> runs.</summary>
/// <param name="Connections">WebSocket connections of the load generator, all signed in as the demo trader.</param>
/// <param name="Window">Requests in flight per connection when saturating.</param>
/// <param name="Seconds">Length of each measured pass.</param>
/// <param name="Warmup">Length of the unmeasured pass before the closed-loop measures.</param>
/// <param name="Runs">Saturation and order-book passes; the median is reported.</param>
/// <param name="Rates">Offered order-entry rates (requests/s, all connections together) for the latency passes.</param>
/// <param name="HttpClients">Concurrent keep-alive HTTP clients asking for the order book.</param>
/// <param name="DataDirectory">Scratch data directory for the venue (deleted before and after).</param>
/// <param name="Seed">Seeds the order flow and the demo market.</param>
public sealed record ApiBenchOptions(
    int Connections,
    int Window,
    double Seconds,
    double Warmup,
    int Runs,
    IReadOnlyList<int> Rates,
    int HttpClients,
    string DataDirectory,
    int Seed);

/// <summary>What the answers in one pass said: by kind, fills among the crossing orders, and errors by code.</summary>
public sealed record OrderMix(long Passive, long Crossing, long Filled, long Cancels, IReadOnlyDictionary<int, long> Errors)
{
    public long Answered => Passive + Crossing + Cancels + Errors.Values.Sum();
}

/// <summary>
/// Closed-loop passes, <see cref="ApiBenchOptions.Window"/> requests in flight on every connection: answers/s of each
/// pass, and the mix and send-to-answer round trips of the median pass (closed loop: the load adapts to the server,
/// so these round trips are not at a fixed rate).
/// </summary>
public sealed record OrderEntryThroughput(int Connections, int Window, double Seconds, IReadOnlyList<double> Runs, OrderMix Mix, LatencySummary RoundTrip)
{
    public double Median => Bench.Risk.RiskBenchResult.Median(Runs);
}

/// <summary>An open-loop pass: request i due at start + i/rate, its round trip timed from that due time.</summary>
public sealed record OrderEntryLatency(int OfferedRate, double AchievedRate, long Requests, OrderMix Mix, LatencySummary RoundTrip);

/// <summary>Closed-loop <c>public/get_order_book</c> over HTTP/1.1 keep-alive connections, one request at a time each.</summary>
public sealed record OrderBookThroughput(int Clients, string Request, double Seconds, IReadOnlyList<double> Runs, long Failed, LatencySummary RoundTrip)
{
    public double Median => Bench.Risk.RiskBenchResult.Median(Runs);
}

public sealed record ApiBenchResult(OrderEntryThroughput Throughput, IReadOnlyList<OrderEntryLatency> Latency, OrderBookThroughput OrderBook)
{
    /// <summary>
    /// One JSON object per line, each with <c>"benchmark":"api"</c> and a <c>"measure"</c>: <c>order_entry_throughput</c>,
    /// <c>order_entry_latency</c> (one per offered rate) and <c>order_book_throughput</c>. Rates per second, round trips in µs.
    /// </summary>
    public IEnumerable<string> ToJsonLines()
    {
        var t = Throughput;
        yield return Line("order_entry_throughput", json =>
        {
            json.WriteNumber("connections", t.Connections);
            json.WriteNumber("window", t.Window);
            WritePasses(json, "orders_s", t.Seconds, t.Runs, t.Median);
            WriteMix(json, t.Mix);
            WritePercentiles(json, "round_trip_us", t.RoundTrip);
        });

        foreach (var l in Latency)
        {
            yield return Line("order_entry_latency", json =>
            {
                json.WriteNumber("connections", t.Connections);
                json.WriteNumber("offered_orders_s", l.OfferedRate);
                json.WriteNumber("achieved_orders_s", Math.Round(l.AchievedRate));
                json.WriteNumber("requests", l.Requests);
                WriteMix(json, l.Mix);
                WritePercentiles(json, "from_due_us", l.RoundTrip);
            });
        }

        var b = OrderBook;
        yield return Line("order_book_throughput", json =>
        {
            json.WriteNumber("clients", b.Clients);
            json.WriteString("request", b.Request);
            WritePasses(json, "requests_s", b.Seconds, b.Runs, b.Median);
            json.WriteNumber("failed", b.Failed);
            WritePercentiles(json, "round_trip_us", b.RoundTrip);
        });
    }

    private static string Line(string measure, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("benchmark", "api");
            json.WriteString("measure", measure);
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMix(Utf8JsonWriter json, OrderMix mix)
    {
        json.WriteNumber("answered", mix.Answered);
        json.WriteNumber("passive", mix.Passive);
        json.WriteNumber("crossing", mix.Crossing);
        json.WriteNumber("filled", mix.Filled);
        json.WriteNumber("cancels", mix.Cancels);
        json.WriteStartObject("errors");
        foreach (var (code, count) in mix.Errors.OrderBy(e => e.Key))
        {
            json.WriteNumber(code.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
        }

        json.WriteEndObject();
    }

    /// <summary>A closed-loop measure's passes: their length and number, the median rate and each pass's, per second.</summary>
    private static void WritePasses(Utf8JsonWriter json, string unit, double seconds, IReadOnlyList<double> runs, double median)
    {
        json.WriteNumber("seconds", seconds);
        json.WriteNumber("runs", runs.Count);
        json.WriteNumber("median_" + unit, Math.Round(median));
        json.WriteStartArray("runs_" + unit);
        foreach (var run in runs)
        {
            json.WriteNumberValue(Math.Round(run));
        }

        json.WriteEndArray();
    }

    private static void WritePercentiles(Utf8JsonWriter json, string name, LatencySummary summary)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50", Micros(summary.P50));
        json.WriteNumber("p90", Micros(summary.P90));
        json.WriteNumber("p99", Micros(summary.P99));
        json.WriteNumber("p999", Micros(summary.P999));
        json.WriteNumber("max", Micros(summary.Max));
        json.WriteEndObject();
    }

    private static double Micros(long nanoseconds) => Math.Round(nanoseconds / 1000.0, 1);
}
