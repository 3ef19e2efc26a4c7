namespace Clearline.Api.Hosting;

/// <summary>
/// Something the server needs before it can take traffic (the engine recovered, the journal open). Register
/// implementations in the service collection; <c>/health/ready</c> and <c>public/status</c> consult them all.
/// </summary>
public interface IReadinessCheck
{
    string Name { get; }

    ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken);
}
