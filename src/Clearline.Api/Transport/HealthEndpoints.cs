using System.Text.Json;
using Clearline.Api.Hosting;
using Clearline.Api.Observability;
using Microsoft.AspNetCore.Http;

namespace Clearline.Api.Transport;

/// <summary><c>/health/live</c> (the process answers), <c>/health/ready</c> (it can take traffic: 200 or 503,
/// naming what is not ready) and <c>/metrics</c> (Prometheus text).</summary>
internal sealed class HealthEndpoints
{
    private readonly Readiness _readiness;
    private readonly ApiMetrics _metrics;

    public HealthEndpoints(Readiness readiness, ApiMetrics metrics)
    {
        _readiness = readiness;
        _metrics = metrics;
    }

    public static Task LiveAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"status":"live"}""", context.RequestAborted);
    }

    public async Task ReadyAsync(HttpContext context)
    {
        var notReady = await _readiness.FindNotReadyAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = notReady.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", notReady.Count == 0 ? "ready" : "not_ready");
        writer.WriteStartArray("not_ready");
        foreach (var name in notReady)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public Task MetricsAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4";
        return context.Response.WriteAsync(_metrics.ToPrometheusText(), context.RequestAborted);
    }
}
