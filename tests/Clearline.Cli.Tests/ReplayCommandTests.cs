using System.Globalization;
using Clearline.Domain;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Snapshots;

namespace Clearline.Cli.Tests;

/// <summary><c>clearline replay</c>: the state a data directory holds, however it is rebuilt, and clean failures.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly SampleDataDirectory _data = new(commands: 3_000);

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Replay_prints_the_state_hash_and_books_of_applying_the_commands_directly()
    {
        var expected = _data.ApplyDirectly();

        var run = CliRun.Of("replay", "--data", _data.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("full replay (no snapshot)", run.OutputLines);
        Assert.Contains(run.OutputLines, l => l.StartsWith("replayed: sequences 1..3000, 3,000 commands in ", StringComparison.Ordinal));
        Assert.Contains($"state hash: {expected.ComputeStateHash().Root}", run.OutputLines);
        foreach (var spec in SampleDataDirectory.Markets)
        {
            Assert.True(expected.Matching.TryGetBook(spec.Id, out var book));
            var bids = book.CountOrders(Side.Buy);
            var asks = book.CountOrders(Side.Sell);
            Assert.Contains(run.OutputLines, l => l.StartsWith($"{spec.Name} (id {spec.Id}): {bids:N0} bid(s), {asks:N0} ask(s); best bid {Usd(spec, book.BestBid)}, best ask {Usd(spec, book.BestAsk)}", StringComparison.Ordinal));
        }

        var json = run.LastJson();
        Assert.Equal("replay", json.GetProperty("command").GetString());
        Assert.Equal(expected.ComputeStateHash().Root.ToString(), json.GetProperty("state_hash").GetString());
        Assert.Equal(3_000, json.GetProperty("last_sequence").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("snapshot_sequence").ValueKind);
        Assert.Equal(3_000, json.GetProperty("replayed").GetInt64());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0);
        Assert.True(json.GetProperty("cmd_s").GetInt64() > 0);
    }

    [Fact]
    public void Replays_from_a_snapshot_and_in_full_give_the_same_hash()
    {
        var written = CliRun.Of("replay", "--data", _data.Root, "--snapshot");
        var path = Path.Combine(_data.Snapshots, SnapshotStore.FileName(3_000));
        Assert.Contains($"snapshot written: {path}", written.OutputLines);
        Assert.True(File.Exists(path));
        _data.Append(SampleCommands.Generate(seed: 2, count: 1_000, firstId: 5_000));
        var expected = _data.ApplyDirectly().ComputeStateHash().Root.ToString();

        var fromSnapshot = CliRun.Of("replay", "--data", _data.Root);
        var full = CliRun.Of("replay", "--data", _data.Root, "--full");

        Assert.Contains($"snapshot: {SnapshotStore.FileName(3_000)} (sequence 3000)", fromSnapshot.OutputLines);
        Assert.Contains(fromSnapshot.OutputLines, l => l.StartsWith("replayed: sequences 3001..4000, 1,000 commands in ", StringComparison.Ordinal));
        Assert.Equal(3_000, fromSnapshot.LastJson().GetProperty("snapshot_sequence").GetInt64());
        Assert.Equal(1_000, fromSnapshot.LastJson().GetProperty("replayed").GetInt64());
        Assert.Contains("full replay (--full)", full.OutputLines);
        Assert.Equal(4_000, full.LastJson().GetProperty("replayed").GetInt64());
        Assert.Equal(expected, fromSnapshot.LastJson().GetProperty("state_hash").GetString());
        Assert.Equal(expected, full.LastJson().GetProperty("state_hash").GetString());
    }

    [Fact]
    public void A_snapshot_that_fails_verification_is_named_with_its_reason_and_replay_falls_back()
    {
        CliRun.Of("replay", "--data", _data.Root, "--snapshot");
        var path = Path.Combine(_data.Snapshots, SnapshotStore.FileName(3_000));
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var run = CliRun.Of("replay", "--data", _data.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith($"ignored snapshot {SnapshotStore.FileName(3_000)}: ", StringComparison.Ordinal));
        Assert.Contains("full replay (no snapshot)", run.OutputLines);
        Assert.Equal(_data.ApplyDirectly().ComputeStateHash().Root.ToString(), run.LastJson().GetProperty("state_hash").GetString());
    }

    [Fact]
    public void Leaves_prints_the_hash_of_every_leaf()
    {
        var hash = _data.ApplyDirectly().ComputeStateHash();

        var run = CliRun.Of("replay", "--data", _data.Root, "--leaves");

        Assert.Contains($"leaf Header: {hash.Leaves[0].Hash}", run.OutputLines);
        Assert.Contains($"leaf Market 0 BTC-PERPETUAL: {hash.Leaves[1].Hash}", run.OutputLines);
        Assert.Contains($"leaf Market 1 ETH-PERPETUAL: {hash.Leaves[2].Hash}", run.OutputLines);
        Assert.Equal(3, hash.Leaves.Count);
    }

    [Fact]
    public void A_torn_tail_is_replayed_around_and_left_in_place()
    {
        var last = _data.Segments()[^1];
        var cut = File.ReadAllBytes(last)[..^5];
        File.WriteAllBytes(last, cut);

        var run = CliRun.Of("replay", "--data", _data.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith("journal: a torn tail of ", StringComparison.Ordinal) && l.EndsWith("left in place", StringComparison.Ordinal));
        Assert.Equal(2_999, run.LastJson().GetProperty("last_sequence").GetInt64());
        Assert.Equal(cut, File.ReadAllBytes(last));
    }

    [Fact]
    public void A_corrupt_journal_exits_3_naming_file_and_offset_without_a_stack_trace()
    {
        var (file, offset) = JournalDamage.FlipAByteInTheMiddle(_data);

        var run = CliRun.Of("replay", "--data", _data.Root);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{file} at offset {offset.ToString(CultureInfo.InvariantCulture)}: checksum mismatch", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Clearline.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("state hash", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_record_that_is_not_a_command_is_corruption()
    {
        _data.AppendRaw([1, 2, 3, 4, 5, 6, 7, 8, 127, 1]);

        var run = CliRun.Of("replay", "--data", _data.Root);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("sequence 3001 is not a command: unknown command kind 127", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_malformed_markets_file_or_data_directory_exits_2()
    {
        var missingDirectory = CliRun.Of("replay", "--data", Path.Combine(_data.Root, "nowhere"));
        Assert.Equal(2, missingDirectory.ExitCode);
        Assert.Contains("does not exist", missingDirectory.Error, StringComparison.Ordinal);

        File.WriteAllText(MarketsFile.PathIn(_data.Root), """{"markets": [{"id": 0}]}""");
        var malformed = CliRun.Of("replay", "--data", _data.Root);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains(MarketsFile.PathIn(_data.Root), malformed.Error, StringComparison.Ordinal);

        File.Delete(MarketsFile.PathIn(_data.Root));
        var missing = CliRun.Of("replay", "--data", _data.Root);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"{MarketsFile.PathIn(_data.Root)} is missing", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Output);
    }

    private static string Usd(Domain.Instruments.InstrumentSpec spec, Price? price) =>
        price is { } p ? spec.Ticks.ToDecimal(p).ToString(CultureInfo.InvariantCulture) : "none";
}
