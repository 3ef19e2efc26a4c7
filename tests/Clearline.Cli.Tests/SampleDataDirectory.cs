using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Engine;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;
using Clearline.Testing;

namespace Clearline.Cli.Tests;

/// <summary>
/// A data directory as an engine leaves it: <c>markets.json</c> and a journal of sample commands in small
/// segments (so there are several). Deleted on dispose.
/// </summary>
internal sealed class SampleDataDirectory : IDisposable
{
    /// <summary>One plain market and one whose tick coarsens above 2,500 (so markets.json must carry a step).</summary>
    public static readonly InstrumentSpec[] Markets =
    [
        TestMarkets.Perpetual(0),
        new(new InstrumentId(1), InstrumentName.Perpetual("ETH"), new TickSizeSchedule(0.5m, [new TickSizeStep(2_500m, 1m)]), 1m, 1m, new Quantity(1_000_000), new Price(1_000_000)),
    ];

    public SampleDataDirectory(int commands, int seed = 1)
    {
        Directory.CreateDirectory(Root);
        MarketsFile.Write(Root, Markets);
        Append(SampleCommands.Generate(seed, commands));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "clearline-cli-tests", Guid.NewGuid().ToString("N"));

    public string Journal => Path.Combine(Root, "journal");

    public string Snapshots => Path.Combine(Root, "snapshots");

    /// <summary>The journaled commands; the one at index i carries sequence i + 1.</summary>
    public List<object> Commands { get; } = [];

    public static long TimestampOf(long sequence) => 1_700_000_000_000_000 + (sequence * 7);

    public string[] Segments() => [.. Directory.GetFiles(Journal, "*" + JournalFormat.Extension).Order(StringComparer.Ordinal)];

    public void Append(IEnumerable<object> commands)
    {
        using var writer = new JournalWriter(Journal, Commands.Count + 1, new JournalOptions(SegmentBytes: 8 * 1024, Fsync: false));
        var payload = new byte[CommandRecord.MaxSize];
        foreach (var command in commands)
        {
            Commands.Add(command);
            var sequence = (long)Commands.Count;
            writer.Append(sequence, payload.AsSpan(0, CommandRecord.Write(payload, TimestampOf(sequence), SampleCommands.Encode(command))));
            if (sequence % 100 == 0)
            {
                writer.Commit();
            }
        }

        writer.Commit();
    }

    /// <summary>Journals a record whose checksum holds but whose payload is not a command.</summary>
    public void AppendRaw(byte[] payload)
    {
        using var writer = new JournalWriter(Journal, Commands.Count + 1, new JournalOptions(Fsync: false));
        writer.Append(Commands.Count + 1, payload);
        writer.Commit();
    }

    /// <summary>The state the journaled commands give when applied straight to a fresh engine.</summary>
    public EngineState ApplyDirectly()
    {
        var state = new EngineState(Markets);
        var sink = default(Clearing.NoVenueEvents);
        for (var i = 0; i < Commands.Count; i++)
        {
            state.Apply(i + 1, TimestampOf(i + 1), SampleCommands.Encode(Commands[i]), ref sink);
        }

        return state;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
