using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;
using Clearline.Testing;

namespace Clearline.Engine.Tests.Storage;

public sealed class EngineRecoveryTests : IDisposable
{
    private static readonly Domain.Instruments.InstrumentSpec[] Markets = [TestMarkets.Perpetual(0)];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// A run recovers at the snapshot's sequence S (nothing after it in the journal), its first commit opens segment
    /// S + 1 and writes the segment header, and the process is killed before the batch: that segment holds no
    /// record, which is an empty tail, not a lost journal.
    /// </summary>
    [Fact]
    public void A_segment_left_with_only_its_header_after_the_snapshot_is_an_empty_tail()
    {
        var data = new DataDirectory(_directory.Path);
        var state = new EngineState(Markets);
        using (var journal = new JournalWriter(data.Journal, 1))
        {
            for (var id = 1; id <= 3; id++)
            {
                Append(journal, state, NewOrder.Limit(Markets[0].Id, new OrderId(id), new AccountId(id), Side.Buy, new Price(100 + id), new Quantity(5)));
            }

            journal.Commit();
        }

        Snapshots.Write(data, state);
        var expected = state.ComputeStateHash().Root;
        using (var journal = new JournalWriter(data.Journal, 4))
        {
            Append(journal, state, new CancelAllOrders(new AccountId(1)));
            journal.Commit();
        }

        var segment = Path.Combine(data.Journal, JournalFormat.SegmentName(4));
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(JournalFormat.SegmentHeaderSize);
        }

        var (fromSnapshot, report) = EngineRecovery.Recover(data, Markets);
        var (replayed, _) = EngineRecovery.Recover(data, Markets, useSnapshots: false);

        Assert.Equal(3, report.SnapshotSequence);
        Assert.Equal(3, fromSnapshot.LastSequence);
        Assert.Equal(expected, fromSnapshot.ComputeStateHash().Root);
        Assert.Equal(expected, replayed.ComputeStateHash().Root);
    }

    [Fact]
    public void A_snapshot_without_any_journal_is_refused()
    {
        var data = new DataDirectory(_directory.Path);
        var state = new EngineState(Markets);
        using (var journal = new JournalWriter(data.Journal, 1))
        {
            Append(journal, state, NewOrder.Limit(Markets[0].Id, new OrderId(1), new AccountId(1), Side.Buy, new Price(100), new Quantity(5)));
            journal.Commit();
        }

        Snapshots.Write(data, state);
        Directory.Delete(data.Journal, recursive: true);

        var lost = Assert.Throws<JournalCorruptException>(() => EngineRecovery.Recover(data, Markets));
        Assert.Contains("the journal was lost", lost.Message, StringComparison.Ordinal);
    }

    /// <summary>Journals a command and applies it, as the pipeline does.</summary>
    private static void Append(JournalWriter journal, EngineState state, object command)
    {
        Span<byte> bytes = stackalloc byte[CommandCodec.MaxSize];
        bytes = bytes[..RandomCommands.Encode(command, bytes)];
        Span<byte> record = stackalloc byte[CommandRecord.MaxSize];
        var sequence = journal.NextSequence;
        var timestamp = Feed.TimestampOf(sequence);
        journal.Append(sequence, record[..CommandRecord.Write(record, timestamp, bytes)]);
        var sink = default(Clearing.NoVenueEvents);
        state.Apply(sequence, timestamp, bytes, ref sink);
    }
}
