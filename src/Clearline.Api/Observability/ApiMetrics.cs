using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Clearline.Api.Observability;

/// <summary>
/// The server's metrics, written in the Prometheus text format by hand (there are three): requests by method
/// and outcome code, open WebSocket connections, and request latency. Requests for methods that do not exist are
/// counted under <c>method="unknown"</c>, so a client cannot create label values at will.
/// </summary>
public sealed class ApiMetrics
{
    /// <summary>The method label of requests that named no registered method.</summary>
    public const string UnknownMethod = "unknown";

    private readonly ConcurrentDictionary<(string Method, int Code), StrongBox<long>> _requests = new();
    private readonly LatencyHistogram _latency = new();
    private long _webSocketConnections;

    internal void RecordRequest(string method, int code, long elapsedUs)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((method, code), static _ => new StrongBox<long>()).Value);
        _latency.Observe(elapsedUs);
    }

    internal void WebSocketOpened() => Interlocked.Increment(ref _webSocketConnections);

    internal void WebSocketClosed() => Interlocked.Decrement(ref _webSocketConnections);

    public long WebSocketConnections => Volatile.Read(ref _webSocketConnections);

    /// <summary>The Prometheus text exposition (format 0.0.4), series sorted so that output is stable.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP clearline_api_requests_total JSON-RPC requests answered, by method and code (0 = success).\n");
        text.Append("# TYPE clearline_api_requests_total counter\n");
        foreach (var ((method, code), count) in _requests.OrderBy(p => p.Key.Method, StringComparer.Ordinal).ThenBy(p => p.Key.Code))
        {
            text.Append(CultureInfo.InvariantCulture, $"clearline_api_requests_total{{method=\"{method}\",code=\"{code}\"}} {Volatile.Read(ref count.Value)}\n");
        }

        text.Append("# HELP clearline_api_websocket_connections Open WebSocket connections.\n");
        text.Append("# TYPE clearline_api_websocket_connections gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"clearline_api_websocket_connections {WebSocketConnections}\n");

        var (cumulative, sumUs) = _latency.Snapshot();
        text.Append("# HELP clearline_api_request_duration_seconds Time from receiving a request to having its answer.\n");
        text.Append("# TYPE clearline_api_request_duration_seconds histogram\n");
        for (var i = 0; i < LatencyHistogram.BoundsUs.Length; i++)
        {
            var bound = LatencyHistogram.BoundsUs[i] / 1e6;
            text.Append(CultureInfo.InvariantCulture, $"clearline_api_request_duration_seconds_bucket{{le=\"{bound:0.######}\"}} {cumulative[i]}\n");
        }

        var total = cumulative[^1];
        text.Append(CultureInfo.InvariantCulture, $"clearline_api_request_duration_seconds_bucket{{le=\"+Inf\"}} {total}\n");
        text.Append(CultureInfo.InvariantCulture, $"clearline_api_request_duration_seconds_sum {sumUs / 1e6:0.######}\n");
        text.Append(CultureInfo.InvariantCulture, $"clearline_api_request_duration_seconds_count {total}\n");
        return text.ToString();
    }
}
