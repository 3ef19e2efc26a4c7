namespace Clearline.Engine.Pipeline;

/// <summary>
/// How a pipeline stage waits for work: spin briefly (work usually arrives within microseconds under
/// load), then sleep on an event until the upstream stage rings. On a two-core machine a stage that spun
/// forever would steal the core the stage it waits for needs, so idle stages must sleep.
/// </summary>
/// <remarks>
/// Lost wake-ups are prevented by ordering: the waiter announces it is asleep and re-checks its condition
/// before blocking; the producer publishes its cursor and then (after a full fence) looks for a sleeper.
/// </remarks>
internal sealed class Doorbell : IDisposable
{
    private const int SpinIterations = 30;

    private readonly ManualResetEventSlim _event = new(initialState: false, spinCount: 0);
    private int _sleeping;

    /// <summary>Wakes the waiting stage, if any. Call after publishing what it waits for.</summary>
    public void Ring()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) != 0)
        {
            _event.Set();
        }
    }

    /// <summary>Returns once <paramref name="ready"/> holds for <paramref name="state"/>.</summary>
    public void WaitUntil<TState>(TState state, Func<TState, bool> ready)
    {
        var spinner = default(SpinWait);
        for (var i = 0; i < SpinIterations; i++)
        {
            if (ready(state))
            {
                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        while (!ready(state))
        {
            _event.Reset();
            Interlocked.Exchange(ref _sleeping, 1);
            if (!ready(state))
            {
                _event.Wait();
            }

            Volatile.Write(ref _sleeping, 0);
        }
    }

    public void Dispose() => _event.Dispose();
}
