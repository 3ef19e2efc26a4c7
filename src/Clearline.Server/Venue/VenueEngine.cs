using Clearline.Api.Hosting;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Engine.Pipeline;
using Clearline.Engine.Storage;
using Clearline.Sequencing;
using Clearline.Sequencing.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearline.Server.Venue;

/// <summary>
/// The engine inside the server: at start, recovery from the data directory (newest verified snapshot + journal),
/// the read model seeded from the recovered state, then the pipeline with fsync'd group commit and periodic
/// snapshots; at stop, every command taken is finished and a final snapshot written, so the next start is quick.
/// Every change to the venue, the demo feed's included, goes through <see cref="EnginePipeline"/> as a command.
/// </summary>
internal sealed partial class VenueEngine(ServerOptions options, EngineConfiguration configuration, VenueView view, HistoryStore history, IClock clock, ILogger<VenueEngine> logger)
    : IHostedService, IReadinessCheck, IDisposable
{
    /// <summary>Commands between background snapshots.</summary>
    private const long SnapshotEvery = 50_000;

    private readonly DataDirectory _data = new(options.DataDirectory);
    private EnginePipeline? _pipeline;
    private EngineState? _state;

    public string Name => "engine";

    /// <summary>The last command made durable; for tests and tools.</summary>
    public long DurableSequence => Pipeline.DurableSequence;

    private EnginePipeline Pipeline => Volatile.Read(ref _pipeline) ?? throw new InvalidOperationException("the engine has not started");

    /// <summary>
    /// The last sequence applied and the state's Merkle root, for tests that check a run of requests changed nothing.
    /// The engine thread owns the state, so it is read here only while the pipeline is idle: the caller has awaited
    /// every command it submitted (an acknowledgement comes after the engine's writes, so they are visible) and submits
    /// none until this returns. Commands are applied only once durable, and the last sequence moves at the end of one,
    /// so a durable sequence ahead of the state's, or one that moved while hashing, means the engine was not idle: that
    /// throws rather than answer with a half-applied state.
    /// </summary>
    internal (long Sequence, Hash256 Root) IdleStateHash()
    {
        var state = _state ?? throw new InvalidOperationException("the engine has not started");
        var durable = Pipeline.DurableSequence;
        if (state.LastSequence != durable)
        {
            throw new InvalidOperationException($"the engine is busy: sequence {durable} is durable but {state.LastSequence} is the last applied");
        }

        var root = state.ComputeStateHash().Root;
        return Pipeline.DurableSequence == durable ? (durable, root) : throw new InvalidOperationException("a command became durable while the state was hashed");
    }

    public ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref _pipeline) is { Fault: null });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var log = new LogWriter(logger);
        var (state, report) = EngineRecovery.Recover(_data, configuration.Markets, configuration.Limits, log: log, clearing: configuration.Clearing);
        LogRecovered(state.LastSequence, report.SnapshotSequence, report.ReplayedCommands);
        CatchUpHistory(state.LastSequence);
        // The read model numbers new trades after the last one committed.
        await history.FlushAsync().ConfigureAwait(false);
        view.Seed(state);
        _state = state;
        var journal = new JournalWriter(_data.Journal, state.LastSequence + 1);
        Volatile.Write(ref _pipeline, new EnginePipeline(state, journal, clock, view, new PipelineOptions(Snapshots: new SnapshotPolicy(_data, SnapshotEvery))));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pipeline, null) is not { } pipeline)
        {
            return;
        }

        pipeline.Dispose();
        if (pipeline.Fault is { } fault)
        {
            LogFaulted(fault);
        }
        else if (_state is { } state)
        {
            var (path, hash) = Snapshots.Write(_data, state);
            LogStopped(state.LastSequence, hash, path);
            // Every event has reached the read model: history is complete up to the last command.
            view.SaveOpenOrders();
            history.Through(state.LastSequence);
        }

        await history.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>History is not the system of record: when it cannot be caught up, the venue starts and says what is missing.</summary>
    private void CatchUpHistory(long lastSequence)
    {
        var from = history.HighWater;
        try
        {
            if (HistoryCatchUp.Run(_data, configuration, history, lastSequence) is > 0 and var replayed)
            {
                LogHistoryCaughtUp(replayed, from, lastSequence);
            }
        }
        catch (Exception e) when (e is JournalCorruptException or InvalidOperationException or InvalidDataException)
        {
            LogHistoryGap(e, from, lastSequence);
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _pipeline, null)?.Dispose();

    public ValueTask<CommandResult> SubmitAsync(in NewOrder command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in AmendOrder command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in CancelOrder command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in CancelAllOrders command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in Deposit command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in IndexQuote command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in PriceTick command) => Pipeline.SubmitAsync(command);

    /// <summary>The operator's platform-wide halt; no API method sends it.</summary>
    public ValueTask<CommandResult> SubmitAsync(in SetTradingHalt command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in SetIsolatedMargin command) => Pipeline.SubmitAsync(command);

    public ValueTask<CommandResult> SubmitAsync(in SetMarginModel command) => Pipeline.SubmitAsync(command);

    /// <summary>The operator's volatility surface for one option expiry; the demo feeder sends it, no API method does.</summary>
    public ValueTask<CommandResult> SubmitAsync(in SetVolatilitySurface command) => Pipeline.SubmitAsync(command);

    /// <summary>The operator lists an option of a configured chain; no API method sends it.</summary>
    public ValueTask<CommandResult> SubmitAsync(in ListOption command) => Pipeline.SubmitAsync(command);

    /// <summary>The operator delists an option without open interest; no API method sends it.</summary>
    public ValueTask<CommandResult> SubmitAsync(in DelistOption command) => Pipeline.SubmitAsync(command);

    [LoggerMessage(Level = LogLevel.Information, Message = "engine recovered at sequence {Sequence} (snapshot {Snapshot}, {Replayed} journal commands replayed)")]
    private partial void LogRecovered(long sequence, long? snapshot, long replayed);

    [LoggerMessage(Level = LogLevel.Information, Message = "history caught up: {Replayed} journal commands replayed, history was complete up to sequence {From} of {To}")]
    private partial void LogHistoryCaughtUp(long replayed, long from, long to);

    [LoggerMessage(Level = LogLevel.Error, Message = "history could not be caught up: orders and trades of commands {From} to {To} may be missing from it")]
    private partial void LogHistoryGap(Exception fault, long from, long to);

    [LoggerMessage(Level = LogLevel.Information, Message = "engine stopped at sequence {Sequence}, state hash {Hash}, snapshot {Snapshot}")]
    private partial void LogStopped(long sequence, StateHash hash, string snapshot);

    [LoggerMessage(Level = LogLevel.Error, Message = "engine pipeline failed; the journal holds every acknowledged command and the next start recovers them")]
    private partial void LogFaulted(Exception fault);

    /// <summary>Recovery reports line by line to a TextWriter; this passes each line to the log.</summary>
    private sealed partial class LogWriter(ILogger logger) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value) => LogLine(logger, value ?? "");

        [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
        private static partial void LogLine(ILogger logger, string line);
    }
}
