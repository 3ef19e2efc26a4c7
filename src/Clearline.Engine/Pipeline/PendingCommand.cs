using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Clearline.Engine.Pipeline;

/// <summary>
/// The awaitable behind <see cref="EnginePipeline.SubmitAsync(in Clearline.Domain.Orders.NewOrder)"/>: pooled
/// and reset after each use, so an awaited submission allocates nothing in steady state. Continuations run
/// on the thread pool, never on the publisher thread.
/// </summary>
internal sealed class PendingCommand(PendingCommandPool pool) : IValueTaskSource<CommandResult>, ICommandCompletion
{
    private ManualResetValueTaskSourceCore<CommandResult> _core = new() { RunContinuationsAsynchronously = true };

    public ValueTask<CommandResult> Task => new(this, _core.Version);

    public void Complete(long tag, in CommandResult result) => _core.SetResult(result);

    public CommandResult GetResult(short token)
    {
        var result = _core.GetResult(token);
        _core.Reset();
        pool.Return(this);
        return result;
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

internal sealed class PendingCommandPool
{
    private readonly ConcurrentQueue<PendingCommand> _free = new();

    public PendingCommand Rent() => _free.TryDequeue(out var pending) ? pending : new PendingCommand(this);

    public void Return(PendingCommand pending) => _free.Enqueue(pending);
}
