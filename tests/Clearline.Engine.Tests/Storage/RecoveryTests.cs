using Clearline.Domain.Instruments;
using Clearline.Engine.Pipeline;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;
using Clearline.Sequencing.Snapshots;
using Clearline.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Engine.Tests.Storage;

public sealed class RecoveryTests : IDisposable
{
    private static readonly InstrumentSpec[] Markets = [TestMarkets.Perpetual(0), TestMarkets.Perpetual(1)];

    private readonly TempDirectory _directory = new();

    private DataDirectory Data => new(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_live_run_replays_to_its_own_state_hash_with_and_without_snapshots()
    {
        var live = new EngineState(Markets);
        var options = new PipelineOptions(Snapshots: new SnapshotPolicy(Data, Every: 700));
        using (var pipeline = new EnginePipeline(live, new JournalWriter(Data.Journal, 1, new JournalOptions(SegmentBytes: 16 << 10, Fsync: false)), new ManualClock(), options: options))
        {
            foreach (var command in RandomCommands.Generate(seed: 11, count: 4000))
            {
                var result = await (command switch
                {
                    Domain.Orders.NewOrder c => pipeline.SubmitAsync(c),
                    Domain.Orders.AmendOrder c => pipeline.SubmitAsync(c),
                    Domain.Orders.CancelOrder c => pipeline.SubmitAsync(c),
                    _ => pipeline.SubmitAsync((Domain.Orders.CancelAllOrders)command),
                });
                Assert.True(result.IsDurable);
            }
        }

        var (full, fullReport) = EngineRecovery.Recover(Data, Markets, useSnapshots: false);
        var (fromSnapshot, snapshotReport) = EngineRecovery.Recover(Data, Markets);

        Assert.Equal(4000, live.LastSequence);
        Assert.Equal(live.ComputeStateHash().Root, full.ComputeStateHash().Root);
        Assert.Equal(live.ComputeStateHash().Root, fromSnapshot.ComputeStateHash().Root);
        Assert.Null(fullReport.SnapshotSequence);
        Assert.NotNull(snapshotReport.SnapshotSequence);
        Assert.Equal(4000 - snapshotReport.SnapshotSequence, snapshotReport.ReplayedCommands);
        Assert.True(fullReport.Journal.Segments > 1);
    }

    [Fact]
    public void Snapshot_plus_tail_equals_full_replay_equals_the_live_state_over_random_streams()
    {
        var runs = 0;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(60),
            Prop.ForAll(EngineScenarios.Arbitrary(lengthPerMarket: 60), Arb.From(Gen.Choose(0, 100)), (scenario, cutPercent) =>
            {
                using var directory = new TempDirectory();
                var data = new DataDirectory(directory.Path);
                var live = new EngineState(scenario.Specs, scenario.Limits);
                var commands = scenario.Resolve();
                var cut = commands.Count * cutPercent / 100;
                using (var journal = new JournalWriter(data.Journal, 1, new JournalOptions(SegmentBytes: 2048, Fsync: false)))
                {
                    Span<byte> record = stackalloc byte[CommandRecord.MaxSize];
                    foreach (var command in commands)
                    {
                        var sequence = live.LastSequence + 1;
                        journal.Append(sequence, record[..CommandRecord.Write(record, Feed.TimestampOf(sequence), command)]);
                        journal.Commit();
                        live.Apply(command);
                        if (live.LastSequence == cut)
                        {
                            Snapshots.Write(data, live);
                        }
                    }
                }

                var (full, _) = EngineRecovery.Recover(data, scenario.Specs, scenario.Limits, useSnapshots: false);
                var (fromSnapshot, report) = EngineRecovery.Recover(data, scenario.Specs, scenario.Limits);
                Assert.Equal(cut == 0 ? null : cut, report.SnapshotSequence);
                Assert.Equal(live.ComputeStateHash().Root, full.ComputeStateHash().Root);
                Assert.Equal(live.ComputeStateHash().Root, fromSnapshot.ComputeStateHash().Root);
                Assert.Equal(live.CaptureBooks(), fromSnapshot.CaptureBooks());
                runs++;
            }));
        Assert.Equal(60, runs);
    }

    [Fact]
    public void A_snapshot_that_does_not_verify_is_ignored_for_an_older_one()
    {
        var live = WriteJournal(count: 900, snapshotsAt: [300, 600]);
        var newest = SnapshotStore.List(Data.Snapshots)[0];
        Assert.True(SnapshotStore.TryRead(newest.Path, out var header, out var payload, out _));

        // A well-formed file whose state does not hash to what it claims.
        var wrongHash = new byte[32];
        SnapshotStore.Write(Data.Snapshots, header with { StateHash = wrongHash }, payload);
        var log = new StringWriter();
        var (state, report) = EngineRecovery.Recover(Data, Markets, log: log);

        Assert.Equal(300, report.SnapshotSequence);
        Assert.Contains("state hash", Assert.Single(report.IgnoredSnapshots), StringComparison.Ordinal);
        Assert.Contains("ignoring snapshot 00000000000000000600.snapshot", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(live.ComputeStateHash().Root, state.ComputeStateHash().Root);
    }

    [Fact]
    public void A_damaged_snapshot_file_falls_back_to_a_full_replay_when_it_is_the_only_one()
    {
        var live = WriteJournal(count: 500, snapshotsAt: [250]);
        var path = SnapshotStore.List(Data.Snapshots)[0].Path;
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var (state, report) = EngineRecovery.Recover(Data, Markets);

        Assert.Null(report.SnapshotSequence);
        Assert.Single(report.IgnoredSnapshots);
        Assert.Equal(500, report.ReplayedCommands);
        Assert.Equal(live.ComputeStateHash().Root, state.ComputeStateHash().Root);
    }

    [Fact]
    public void A_torn_final_record_is_cut_and_everything_before_it_recovers()
    {
        var live = WriteJournal(count: 300, snapshotsAt: []);
        var segment = Directory.GetFiles(Data.Journal).Order(StringComparer.Ordinal).Last();
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write([40, 0, 0, 0, 45, 1, 0, 0]);
        }

        var log = new StringWriter();
        var (state, report) = EngineRecovery.Recover(Data, Markets, log: log);

        Assert.NotNull(report.Journal.TruncatedTail);
        Assert.Contains("torn tail", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(300, state.LastSequence);
        Assert.Equal(live.ComputeStateHash().Root, state.ComputeStateHash().Root);
    }

    [Fact]
    public void Damage_before_the_tail_stops_recovery_naming_file_and_offset()
    {
        WriteJournal(count: 300, snapshotsAt: []);
        var segment = Directory.GetFiles(Data.Journal).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(segment);
        bytes[JournalFormat.SegmentHeaderSize + JournalFormat.RecordHeaderSize + 3] ^= 0x01;
        File.WriteAllBytes(segment, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => EngineRecovery.Recover(Data, Markets, useSnapshots: false));

        Assert.Equal(segment, error.File);
        Assert.Equal(JournalFormat.SegmentHeaderSize, error.Offset);
    }

    /// <summary>Journals <paramref name="count"/> random commands, applying them to a live state and snapshotting at the given sequences.</summary>
    private EngineState WriteJournal(int count, long[] snapshotsAt)
    {
        var live = new EngineState(Markets);
        using var journal = new JournalWriter(Data.Journal, 1, new JournalOptions(SegmentBytes: 4096, Fsync: false));
        Span<byte> command = stackalloc byte[CommandCodec.MaxSize];
        Span<byte> record = stackalloc byte[CommandRecord.MaxSize];
        foreach (var c in RandomCommands.Generate(seed: 5, count: count))
        {
            var sequence = live.LastSequence + 1;
            var bytes = command[..RandomCommands.Encode(c, command)];
            journal.Append(sequence, record[..CommandRecord.Write(record, Feed.TimestampOf(sequence), bytes)]);
            journal.Commit();
            live.Apply(bytes.ToArray());
            if (snapshotsAt.Contains(sequence))
            {
                Snapshots.Write(Data, live);
            }
        }

        return live;
    }
}
