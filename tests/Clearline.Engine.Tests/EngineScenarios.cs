using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;
using Clearline.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Engine.Tests;

/// <summary>
/// A random engine scenario: two or three markets, each with a stream from the matching tests' generator,
/// interleaved at random; cancel-alls go to their market or to all of them.
/// </summary>
public sealed record EngineScenario(Scenario[] Markets, int MaxResting, int[] Picks, bool[] GlobalCancelAll)
{
    public InstrumentSpec[] Specs => [.. Markets.Select(m => m.Market.Spec)];

    public EngineLimits Limits => new(MaxResting, InitialCapacityPerBook: 1);

    /// <summary>The commands in their journal form.</summary>
    public IReadOnlyList<byte[]> Resolve()
    {
        var queues = Markets.Select(m => new Queue<BookCommand>(m.Resolve())).ToArray();
        var commands = new List<byte[]>();
        void Take(int market)
        {
            if (queues[market].TryDequeue(out var command))
            {
                var global = GlobalCancelAll[commands.Count % GlobalCancelAll.Length];
                commands.Add(Encode(command, Markets[market].Market.Spec.Id, global));
            }
        }

        foreach (var pick in Picks)
        {
            Take(pick);
        }

        for (var market = 0; market < queues.Length; market++)
        {
            while (queues[market].Count > 0)
            {
                Take(market);
            }
        }

        return commands;
    }

    public override string ToString() =>
        $"{Markets.Length} markets, max {MaxResting} resting:\n{string.Join("\n", Markets.Select(m => m.ToString()))}\npicks {string.Join(",", Picks)}";

    private static byte[] Encode(BookCommand command, InstrumentId instrument, bool global)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        var length = command switch
        {
            SubmitCommand s => CommandCodec.Encode(s.Order, bytes),
            AmendCommand a => CommandCodec.Encode(a.Amend, bytes),
            CancelCommand c => CommandCodec.Encode(c.Cancel, bytes),
            CancelAllCommand all => CommandCodec.Encode(new CancelAllOrders(all.Account, global ? null : instrument), bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command"),
        };
        return bytes[..length];
    }
}

public static class EngineScenarios
{
    /// <summary>Sparse ids (0, 2, 5) and two price grids; a wrong instrument (id + 1) is always unlisted.</summary>
    public static readonly Market[] All =
    [
        new("perp-0", TestMarkets.Perpetual(0), 1_000, 1_012, [3]),
        new("perp-2", TestMarkets.Perpetual(2), 50, 58, []),
        new("stepped-5", TestMarkets.Stepped(5), 90, 115, [101, 149, 151]),
    ];

    public static Arbitrary<EngineScenario> Arbitrary(int lengthPerMarket) => Arb.From(Generate(lengthPerMarket), Shrink);

    public static Gen<EngineScenario> Generate(int lengthPerMarket) =>
        from count in Gen.Choose(2, 3)
        from markets in Gen.Shuffle(All)
        from scenarios in Gen.CollectToArray(markets.Take(count), m => Generators.Scenario(m, lengthPerMarket))
        from maxResting in Gen.Frequency((8, Gen.Constant(1000)), (2, Gen.Choose(3, 12)))
        from picks in Gen.ArrayOf(Gen.Choose(0, count - 1), count * lengthPerMarket)
        from global in Gen.ArrayOf(Gen.Elements(true, false), 16)
        select new EngineScenario(scenarios, maxResting, picks, global);

    /// <summary>Shrinks one market's stream at a time (the matching generator's shrinker), then the book limit.</summary>
    public static IEnumerable<EngineScenario> Shrink(EngineScenario stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        for (var i = 0; i < stream.Markets.Length; i++)
        {
            foreach (var smaller in Generators.Shrink(stream.Markets[i]))
            {
                var markets = (Scenario[])stream.Markets.Clone();
                markets[i] = smaller;
                yield return stream with { Markets = markets };
            }
        }

        if (stream.MaxResting != 1000)
        {
            yield return stream with { MaxResting = 1000 };
        }
    }

}

/// <summary>Applies journal-form commands in sequence, with the sequencer's timestamps, and records the events.</summary>
public static class Feed
{
    /// <summary>Timestamps advance by one microsecond every third command, so equal timestamps occur too.</summary>
    public static long TimestampOf(long sequence) => 1_700_000_000_000_000 + (sequence / 3);

    public static List<object> Apply(this EngineState state, byte[] command)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sequence = state.LastSequence + 1;
        var sink = new RecordingSink([]);
        state.Apply(sequence, TimestampOf(sequence), command, ref sink);
        return sink.Events;
    }

    public static List<object> Apply(this EngineState state, NewOrder order)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return state.Apply(bytes[..CommandCodec.Encode(order, bytes)]);
    }

    public static List<object> Apply(this EngineState state, AmendOrder amend)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return state.Apply(bytes[..CommandCodec.Encode(amend, bytes)]);
    }

    public static List<object> Apply(this EngineState state, CancelOrder cancel)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return state.Apply(bytes[..CommandCodec.Encode(cancel, bytes)]);
    }

    public static List<object> Apply(this EngineState state, CancelAllOrders cancelAll)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return state.Apply(bytes[..CommandCodec.Encode(cancelAll, bytes)]);
    }
}
