using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Clearline.Api.RateLimiting;
using Clearline.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Clearline.Bench.Api;

/// <summary>
/// The venue as <c>clearline serve</c> runs it (Kestrel on loopback, the engine with clearing, journal fsync'd at every
/// group commit, a scratch data directory), driven in the same process by a load generator that shares its cores:
/// <list type="number">
/// <item>order entry over WebSockets, closed loop: every connection keeps a window of requests in flight (the
/// saturation throughput);</item>
/// <item>order entry at fixed offered rates, open loop: request i due at start + i/rate, its round trip timed from
/// that due time, so a stall is charged to every request it delays (no coordinated omission);</item>
/// <item><c>public/get_order_book</c> over HTTP from concurrent keep-alive clients.</item>
/// </list>
/// The demo market runs: it is what gives the markets an index (quotes go stale after 10 s, and without an index the
/// engine refuses every order that adds risk) and a quoted book for the crossing orders to trade with and for the
/// order book to show. It adds about a hundred commands a second, a fraction of a percent of the load measured.
/// Credit limits are lifted: Deribit's would allow 5 orders a second.
/// </summary>
public static class ApiBench
{
    private static readonly string[] Traded = ["BTC-PERPETUAL", "ETH-PERPETUAL"];

    public static async Task<ApiBenchResult> RunAsync(ApiBenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (Directory.Exists(options.DataDirectory))
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }

        var app = VenueServer.Build(
            new ServerOptions
            {
                DataDirectory = options.DataDirectory,
                Urls = "http://127.0.0.1:0",
                Seed = options.Seed,
                ConfigureApi = api =>
                {
                    var unlimited = new CreditLimits(1_000_000_000, 1_000_000_000, 1);
                    api.GeneralCredits = unlimited;
                    api.MatchingEngineCredits = unlimited;
                    api.ConnectionCredits = unlimited;
                    api.MaxWebSocketConnectionsPerAddress = Math.Max(api.MaxWebSocketConnectionsPerAddress, options.Connections + 1);
                },
            },
            ["--Logging:LogLevel:Default=Warning"]);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            var (clientId, clientSecret) = VenueServer.DemoCredentialsOf(app);
            using var http = new HttpClient { BaseAddress = address };
            var instruments = await TradedInstrumentsAsync(http).ConfigureAwait(false);
            using var stopMarks = new CancellationTokenSource();
            var marks = FollowMarksAsync(http, instruments, stopMarks.Token);
            log.WriteLine($"venue on {address} (data in {options.DataDirectory}, journal fsync'd at every group commit, demo market on); load generator in the same process, {Environment.ProcessorCount} processor(s) shared");

            var connections = new List<OrderEntryConnection>();
            try
            {
                var webSocket = new UriBuilder(address) { Scheme = "ws", Path = "/ws/api/v2" }.Uri;
                for (var i = 0; i < options.Connections; i++)
                {
                    var flow = new OrderFlow(instruments, new Random(options.Seed + i));
                    connections.Add(await OrderEntryConnection.OpenAsync(webSocket, clientId, clientSecret, flow).ConfigureAwait(false));
                }

                var throughput = await SaturateAsync(connections, options, log).ConfigureAwait(false);
                var latency = new List<OrderEntryLatency>();
                foreach (var rate in options.Rates)
                {
                    latency.Add(await PaceAsync(connections, rate, options, log).ConfigureAwait(false));
                }

                var orderBook = await OrderBookAsync(address, options, log).ConfigureAwait(false);
                foreach (var connection in connections)
                {
                    await connection.CloseAsync().ConfigureAwait(false);
                }

                return new ApiBenchResult(throughput, latency, orderBook);
            }
            finally
            {
                await stopMarks.CancelAsync().ConfigureAwait(false);
                await marks.ConfigureAwait(false);
                connections.ForEach(c => c.Dispose());
            }
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }

    /// <summary>Every connection keeps <see cref="ApiBenchOptions.Window"/> requests in flight.</summary>
    private static async Task<OrderEntryThroughput> SaturateAsync(List<OrderEntryConnection> connections, ApiBenchOptions options, TextWriter log)
    {
        var runs = await ClosedLoopAsync(
            options,
            async (window, stop) =>
            {
                var tallies = connections.Select(_ => new AnswerTally(window)).ToArray();
                await Task.WhenAll(connections.Select((c, i) => c.SaturateAsync(options.Window, tallies[i], stop))).ConfigureAwait(false);
                return tallies;
            },
            tallies => tallies.Sum(t => t.Answered),
            (run, rate) => log.WriteLine(FormattableString.Invariant($"order entry, {connections.Count} connections × {options.Window} in flight, run {run}: {rate:N0} orders/s"))).ConfigureAwait(false);
        var median = runs.OrderBy(r => r.Rate).ElementAt(runs.Count / 2).Result;
        return new OrderEntryThroughput(connections.Count, options.Window, options.Seconds, [.. runs.Select(r => r.Rate)], Mix(median), RoundTrips(median));
    }

    /// <summary>Request i is due at start + i/rate on connection i mod n; the pacer sleeps to each due time (<see cref="Deadline"/>).</summary>
    private static async Task<OrderEntryLatency> PaceAsync(List<OrderEntryConnection> connections, int rate, ApiBenchOptions options, TextWriter log)
    {
        Settle();
        var total = (long)Math.Max(connections.Count, rate * options.Seconds);
        var n = connections.Count;
        var tallies = connections.Select(_ => new AnswerTally(MeasuringWindow.Always())).ToArray();
        var receiving = connections.Select((c, i) => c.ReceiveAsync((total / n) + (i < total % n ? 1 : 0), tallies[i])).ToArray();
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var pacer = new Thread(() =>
        {
            Deadline.PrepareThread();
            for (var i = 0L; i < total; i++)
            {
                var due = start + (long)(i * interval);
                Deadline.WaitUntil(due);
                connections[(int)(i % n)].SendDue(due);
            }
        })
        { Name = "clearline-bench-pacer", IsBackground = true };
        pacer.Start();
        await Task.WhenAll(receiving).ConfigureAwait(false);
        var achieved = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
        pacer.Join();

        var result = new OrderEntryLatency(rate, achieved, total, Mix(tallies), RoundTrips(tallies));
        log.WriteLine(FormattableString.Invariant($"order entry at {rate:N0}/s offered ({achieved:N0}/s achieved, {total:N0} requests): from due time p50 {result.RoundTrip.P50 / 1000.0:F0} µs, p99 {result.RoundTrip.P99 / 1000.0:F0} µs, p99.9 {result.RoundTrip.P999 / 1000.0:F0} µs"));
        return result;
    }

    /// <summary>Concurrent clients, each asking for the book again as soon as it has the answer.</summary>
    private static async Task<OrderBookThroughput> OrderBookAsync(Uri address, ApiBenchOptions options, TextWriter log)
    {
        const string request = "/api/v2/public/get_order_book?instrument_name=BTC-PERPETUAL";
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.HttpClients, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = address };
        var runs = await ClosedLoopAsync(
            options,
            (window, stop) => Task.WhenAll(Enumerable.Range(0, options.HttpClients).Select(_ => AskAsync(http, request, window, stop))),
            clients => clients.Sum(c => (long)c.RoundTrips.Count),
            (run, rate) => log.WriteLine(FormattableString.Invariant($"get_order_book, {options.HttpClients} keep-alive clients, run {run}: {rate:N0} requests/s"))).ConfigureAwait(false);
        var median = runs.OrderBy(r => r.Rate).ElementAt(runs.Count / 2).Result;
        return new OrderBookThroughput(
            options.HttpClients,
            request,
            options.Seconds,
            [.. runs.Select(r => r.Rate)],
            runs.Sum(r => r.Result.Sum(c => c.Failed)),
            LatencySummary.FromTicks([.. median.SelectMany(c => c.RoundTrips)], Stopwatch.Frequency));
    }

    /// <summary>
    /// A closed-loop load: <paramref name="start"/> runs until its token is cancelled, counting what is answered inside
    /// the window. First a warm-up pass of <see cref="ApiBenchOptions.Warmup"/> seconds that counts nothing (tiered JIT
    /// keeps recompiling the hot paths for several seconds), then <see cref="ApiBenchOptions.Runs"/> passes, each a
    /// second's ramp and <see cref="ApiBenchOptions.Seconds"/> measured.
    /// </summary>
    /// <returns>Each measured pass's rate (<paramref name="counted"/> per second of window) and result.</returns>
    private static async Task<List<(double Rate, T Result)>> ClosedLoopAsync<T>(
        ApiBenchOptions options, Func<MeasuringWindow, CancellationToken, Task<T>> start, Func<T, long> counted, Action<int, double> report)
    {
        var runs = new List<(double Rate, T Result)>();
        for (var run = 0; run <= options.Runs; run++)
        {
            Settle();
            var window = new MeasuringWindow();
            using var stop = new CancellationTokenSource();
            var pass = start(window, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(run == 0 ? options.Warmup : Math.Min(options.Seconds, 1))).ConfigureAwait(false);
            if (run > 0)
            {
                window.Open(Stopwatch.GetTimestamp());
                await Task.Delay(TimeSpan.FromSeconds(options.Seconds)).ConfigureAwait(false);
                window.Close(Stopwatch.GetTimestamp());
            }

            await stop.CancelAsync().ConfigureAwait(false);
            var result = await pass.ConfigureAwait(false);
            if (run > 0)
            {
                var rate = counted(result) / Stopwatch.GetElapsedTime(window.Start, window.End).TotalSeconds;
                runs.Add((rate, result));
                report(run, rate);
            }
        }

        return runs;
    }

    /// <summary>One client's loop; an answer counts as failed unless it is HTTP 200 with a result.</summary>
    private static async Task<(List<long> RoundTrips, long Failed)> AskAsync(HttpClient http, string request, MeasuringWindow window, CancellationToken stop)
    {
        var roundTrips = new List<long>();
        var failed = 0L;
        var uri = new Uri(request, UriKind.Relative);
        while (!stop.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(uri, CancellationToken.None).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            var answered = Stopwatch.GetTimestamp();
            if (!window.Contains(answered))
            {
                continue;
            }

            if (response.StatusCode == HttpStatusCode.OK && body.AsSpan().IndexOf("\"result\":{"u8) > 0)
            {
                roundTrips.Add(answered - sent);
            }
            else
            {
                failed++;
            }
        }

        return (roundTrips, failed);
    }

    /// <summary>The traded instruments' ticks and lots from <c>public/get_instruments</c>, once the demo market has marked and quoted them.</summary>
    private static async Task<TradedInstrument[]> TradedInstrumentsAsync(HttpClient http)
    {
        var listed = await GetResultAsync(http, "public/get_instruments").ConfigureAwait(false);
        var instruments = Traded.Select(name =>
        {
            var spec = listed.EnumerateArray().Single(i => i.GetProperty("instrument_name").GetString() == name);
            return new TradedInstrument(name, spec.GetProperty("tick_size").GetDecimal(), spec.GetProperty("min_trade_amount").GetDecimal());
        }).ToArray();

        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        foreach (var instrument in instruments)
        {
            while (!await UpdateMarkAsync(http, instrument).ConfigureAwait(false))
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"the demo market did not mark and quote {instrument.Name} within 30 s");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        return instruments;
    }

    /// <summary>Orders are priced off the mark; the demo index walks, so it is read again every 200 ms.</summary>
    private static async Task FollowMarksAsync(HttpClient http, TradedInstrument[] instruments, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                foreach (var instrument in instruments)
                {
                    await UpdateMarkAsync(http, instrument).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The benchmark is over.
        }
    }

    /// <returns>True once the instrument has a mark and quotes on both sides.</returns>
    private static async Task<bool> UpdateMarkAsync(HttpClient http, TradedInstrument instrument)
    {
        var ticker = await GetResultAsync(http, "public/ticker?instrument_name=" + instrument.Name).ConfigureAwait(false);
        if (ticker.GetProperty("mark_price").ValueKind != JsonValueKind.Number
            || ticker.GetProperty("best_bid_price").ValueKind != JsonValueKind.Number
            || ticker.GetProperty("best_ask_price").ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        instrument.MarkTicks = (long)Math.Round(ticker.GetProperty("mark_price").GetDecimal() / instrument.Tick);
        return true;
    }

    private static async Task<JsonElement> GetResultAsync(HttpClient http, string method)
    {
        using var answer = JsonDocument.Parse(await http.GetByteArrayAsync(new Uri("/api/v2/" + method, UriKind.Relative)).ConfigureAwait(false));
        return answer.RootElement.GetProperty("result").Clone();
    }

    private static OrderMix Mix(AnswerTally[] tallies) => new(
        tallies.Sum(t => t.Passive),
        tallies.Sum(t => t.Crossing),
        tallies.Sum(t => t.Filled),
        tallies.Sum(t => t.Cancels),
        tallies.SelectMany(t => t.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)));

    private static LatencySummary RoundTrips(AnswerTally[] tallies) =>
        LatencySummary.FromTicks([.. tallies.SelectMany(t => t.RoundTrips)], Stopwatch.Frequency);

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
