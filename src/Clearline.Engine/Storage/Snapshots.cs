using Clearline.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Matching;
using Clearline.Sequencing.Snapshots;

namespace Clearline.Engine.Storage;

/// <summary>
/// An engine state detached from the live one at a command boundary: the engine thread pays only for
/// copying the books (<see cref="EngineState.CaptureBooks"/>); encoding, hashing and writing happen elsewhere.
/// </summary>
public sealed class CapturedState
{
    private readonly IReadOnlyList<InstrumentSpec> _markets;
    private readonly EngineLimits _limits;
    private readonly IReadOnlyList<BookState> _books;
    private readonly ClearingConfig? _clearing;
    private readonly ClearingState? _clearingState;

    /// <summary>Engine thread: copies what a snapshot needs (the books, and clearing's plain state).</summary>
    public CapturedState(EngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _markets = state.ConfiguredMarkets;
        _limits = state.Limits;
        _books = state.CaptureBooks();
        _clearing = state.Clearing?.Config;
        _clearingState = state.Clearing?.CaptureState();
        Sequence = state.LastSequence;
        Timestamp = state.LastTimestamp;
    }

    public long Sequence { get; }

    public long Timestamp { get; }

    /// <summary>Any thread: rebuilds the captured state as an engine of its own (it keeps no reference to the live one).</summary>
    public EngineState Rebuild() => EngineState.Restore(_markets, _limits, Sequence, Timestamp, _books, _clearing, _clearingState);
}

/// <summary>Writes and prunes snapshots of engine state.</summary>
public static class Snapshots
{
    /// <summary>Snapshots kept: more than one, so a newest that fails verification still leaves an older one.</summary>
    public const int Keep = 3;

    /// <summary>Encodes, hashes and writes a snapshot atomically; returns its path and state hash.</summary>
    public static (string Path, StateHash Hash) Write(DataDirectory data, EngineState state)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(state);
        var hash = state.ComputeStateHash();
        var path = SnapshotStore.Write(data.Snapshots, new SnapshotHeader(state.LastSequence, state.LastTimestamp, hash.Root.ToArray()), EngineStateCodec.Encode(state));
        SnapshotStore.Prune(data.Snapshots, Keep);
        return (path, hash);
    }
}
