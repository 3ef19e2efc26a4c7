using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearline.Api.Hosting;

/// <summary>
/// Ready means: the host has started, is not stopping, and every <see cref="IReadinessCheck"/> says so. A check
/// that throws counts as not ready (and is logged), so a broken dependency shows as 503, never as 500.
/// </summary>
internal sealed partial class Readiness
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IReadinessCheck[] _checks;
    private readonly ILogger<Readiness> _logger;

    public Readiness(IHostApplicationLifetime lifetime, IEnumerable<IReadinessCheck> checks, ILogger<Readiness> logger)
    {
        _lifetime = lifetime;
        _checks = [.. checks];
        _logger = logger;
    }

    /// <returns>The names of what is not ready; empty when ready.</returns>
    public async ValueTask<IReadOnlyList<string>> FindNotReadyAsync(CancellationToken cancellationToken)
    {
        var failing = new List<string>();
        if (!_lifetime.ApplicationStarted.IsCancellationRequested)
        {
            failing.Add("host starting");
        }

        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            failing.Add("host stopping");
        }

        foreach (var check in _checks)
        {
            bool ready;
            try
            {
                ready = await check.IsReadyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogCheckFailed(_logger, check.Name, e);
                ready = false;
            }

            if (!ready)
            {
                failing.Add(check.Name);
            }
        }

        return failing;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} failed")]
    private static partial void LogCheckFailed(ILogger logger, string check, Exception exception);
}
