using System.Collections.Concurrent;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Engine.Pipeline;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;
using Clearline.Testing;

namespace Clearline.Engine.Tests.Pipeline;

public sealed class PipelineTests : IDisposable
{
    private static readonly Domain.Instruments.InstrumentSpec[] Markets = [TestMarkets.Perpetual(0), TestMarkets.Perpetual(1)];

    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Results_and_events_equal_applying_the_same_commands_directly()
    {
        var commands = RandomCommands.Generate(seed: 1, count: 3000);
        var consumer = new RecordingConsumer();
        var state = new EngineState(Markets);
        var results = new List<CommandResult>();
        using (var pipeline = Start(state, consumer))
        {
            foreach (var command in commands)
            {
                results.Add(await Submit(pipeline, command));
            }
        }

        var expected = new List<object>();
        var direct = ApplyDirectly(commands, expected);
        Assert.Equal(expected, consumer.Events.Select(e => e.ToRecord()));
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(i + 1, results[i].Sequence);
            var rejection = direct.Rejections[i];
            Assert.Equal(rejection is null ? CommandOutcome.Accepted : CommandOutcome.Rejected, results[i].Outcome);
            Assert.Equal(rejection ?? default, results[i].Reason);
        }

        Assert.Contains(results, r => r.Outcome == CommandOutcome.Rejected);
        AssertSameBooks(direct.State, state);
    }

    [Fact]
    public async Task Every_acknowledged_command_is_in_the_journal_with_its_sequence_and_timestamp()
    {
        var commands = RandomCommands.Generate(seed: 2, count: 500);
        var state = new EngineState(Markets);
        var acknowledged = new List<CommandResult>();
        using (var pipeline = Start(state))
        {
            foreach (var command in commands)
            {
                _clock.Now += 3;
                acknowledged.Add(await Submit(pipeline, command));
            }
        }

        var journaled = new List<(long Sequence, long Timestamp, byte[] Command)>();
        JournalReader.Scan(_directory.Path, (sequence, payload) =>
        {
            Assert.True(CommandRecord.TryRead(payload, out var timestamp, out var command));
            journaled.Add((sequence, timestamp, command.ToArray()));
        });

        Assert.Equal(commands.Count, journaled.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            Assert.Equal(acknowledged[i].Sequence, journaled[i].Sequence);
            Assert.Equal(acknowledged[i].Timestamp, journaled[i].Timestamp);
            Assert.Equal(Encoded(commands[i]), journaled[i].Command);
        }
    }

    [Fact]
    public async Task Timestamps_never_go_back_when_the_clock_does()
    {
        using var pipeline = Start(new EngineState(Markets));
        _clock.Now = 5_000;
        var first = await pipeline.SubmitAsync(new CancelAllOrders(new AccountId(1)));
        _clock.Now = 1_000;
        var second = await pipeline.SubmitAsync(new CancelAllOrders(new AccountId(1)));

        Assert.Equal(5_000, first.Timestamp);
        Assert.Equal(5_000, second.Timestamp);
    }

    [Fact]
    public async Task A_full_pipeline_refuses_commands_as_overloaded_and_recovers_when_drained()
    {
        using var gate = new BlockingConsumer();
        var state = new EngineState(Markets);
        var results = new ConcurrentQueue<CommandResult>();
        var completion = new CallbackCompletion((_, result) => results.Enqueue(result));
        using var pipeline = Start(state, gate, new PipelineOptions(RingCapacity: 8, EventRingCapacity: 2));
        var statuses = new List<SubmitStatus>();
        for (var id = 1; id <= 9; id++)
        {
            statuses.Add(pipeline.TrySubmit(NewOrder.Limit(new InstrumentId(0), new OrderId(id), new AccountId(1), Side.Buy, new Price(100), new Quantity(1)), completion));
        }

        Assert.Equal([.. Enumerable.Repeat(SubmitStatus.Queued, 8), SubmitStatus.Overloaded], statuses);
        Assert.Empty(results);
        gate.Open();
        Assert.True(SpinWait.SpinUntil(() => results.Count == 8, TimeSpan.FromSeconds(10)));

        var after = await pipeline.SubmitAsync(new CancelAllOrders(new AccountId(1)));
        Assert.Equal(CommandOutcome.Accepted, after.Outcome);
        Assert.Equal(9, after.Sequence);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), results.Select(r => r.Sequence));
        Assert.All(results, r => Assert.Equal(CommandOutcome.Accepted, r.Outcome));
    }

    [Fact]
    public async Task Concurrent_producers_get_dense_unique_sequences_in_journal_order()
    {
        var state = new EngineState(Markets);
        var sequences = new ConcurrentBag<long>();
        using (var pipeline = Start(state))
        {
            var producers = Enumerable.Range(1, 4).Select(account => Task.Run(async () =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    var result = await pipeline.SubmitAsync(new CancelAllOrders(new AccountId(account)));
                    Assert.Equal(CommandOutcome.Accepted, result.Outcome);
                    sequences.Add(result.Sequence);
                }
            }));
            await Task.WhenAll(producers);
        }

        Assert.Equal(Enumerable.Range(1, 8000).Select(i => (long)i), sequences.Order());
        Assert.Equal(8000, state.LastSequence);
    }

    [Fact]
    public async Task Dispose_finishes_every_command_already_taken_then_refuses_more()
    {
        var state = new EngineState(Markets);
        var pipeline = Start(state);
        var taken = Enumerable.Range(1, 5000)
            .Select(id => pipeline.SubmitAsync(NewOrder.Limit(new InstrumentId(1), new OrderId(id), new AccountId(1), Side.Sell, new Price(200 + (id % 50)), new Quantity(1))))
            .ToList();
        pipeline.Dispose();

        foreach (var submission in taken)
        {
            Assert.Equal(CommandOutcome.Accepted, (await submission).Outcome);
        }

        Assert.Equal(5000, state.LastSequence);
        Assert.Equal(CommandResult.Unavailable, await pipeline.SubmitAsync(new CancelAllOrders(new AccountId(1))));
    }

    [Fact]
    public async Task A_journal_failure_stops_the_pipeline_and_answers_every_pending_command()
    {
        var state = new EngineState(Markets);
        var journal = new JournalWriter(_directory.Path, 1, new JournalOptions(SegmentBytes: 40, Fsync: false));
        using var pipeline = new EnginePipeline(state, journal, _clock);
        Assert.Equal(CommandOutcome.Accepted, (await pipeline.SubmitAsync(new CancelAllOrders(new AccountId(1)))).Outcome);

        // The first segment is full, so the next commit must create a file in a directory that is gone.
        Directory.Delete(_directory.Path, recursive: true);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => pipeline.SubmitAsync(new CancelAllOrders(new AccountId(1))).AsTask()));

        Assert.All(results, r => Assert.Equal(CommandResult.Unavailable, r));
        Assert.IsType<DirectoryNotFoundException>(pipeline.Fault);
        Assert.Equal(1, state.LastSequence);
    }

    [Fact]
    public async Task Each_commands_events_reach_the_consumer_before_its_acknowledgement()
    {
        var consumer = new RecordingConsumer();
        var violations = 0;
        var completion = new CallbackCompletion((_, result) =>
        {
            if (consumer.Events.Count == 0 || consumer.Events[^1].Sequence < result.Sequence)
            {
                Interlocked.Increment(ref violations);
            }
        });
        using (var pipeline = Start(new EngineState(Markets), consumer))
        {
            foreach (var command in RandomCommands.Generate(seed: 3, count: 2000).OfType<NewOrder>())
            {
                while (pipeline.TrySubmit(command, completion) != SubmitStatus.Queued)
                {
                    Thread.Yield();
                }
            }
        }

        Assert.Equal(0, violations);
        Assert.True(consumer.Events.Count > 2000);
    }

    private EnginePipeline Start(EngineState state, IEngineEventConsumer? consumer = null, PipelineOptions? options = null) =>
        new(state, new JournalWriter(_directory.Path, state.LastSequence + 1, new JournalOptions(Fsync: false)), _clock, consumer, options);

    private static ValueTask<CommandResult> Submit(EnginePipeline pipeline, object command) => command switch
    {
        NewOrder c => pipeline.SubmitAsync(c),
        AmendOrder c => pipeline.SubmitAsync(c),
        CancelOrder c => pipeline.SubmitAsync(c),
        CancelAllOrders c => pipeline.SubmitAsync(c),
        _ => throw new ArgumentException("not a command", nameof(command)),
    };

    private static byte[] Encoded(object command)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        return bytes[..RandomCommands.Encode(command, bytes)];
    }

    private static (EngineState State, List<RejectReason?> Rejections) ApplyDirectly(List<object> commands, List<object> events)
    {
        var state = new EngineState(Markets);
        var rejections = new List<RejectReason?>();
        var sink = new RecordingSink(events);
        for (var i = 0; i < commands.Count; i++)
        {
            var before = events.Count;
            state.Apply(i + 1, 0, Encoded(commands[i]), ref sink);
            rejections.Add(events.Skip(before).OfType<CommandRejected>().Select(r => (RejectReason?)r.Reason).FirstOrDefault());
        }

        return (state, rejections);
    }

    private static void AssertSameBooks(EngineState expected, EngineState actual)
    {
        foreach (var market in Markets)
        {
            Assert.True(expected.Matching.TryGetBook(market.Id, out var e));
            Assert.True(actual.Matching.TryGetBook(market.Id, out var a));
            Assert.Equal(e.CaptureState(), a.CaptureState());
        }
    }

    private sealed class RecordingConsumer : IEngineEventConsumer
    {
        public List<EngineEvent> Events { get; } = [];

        public void OnEvents(ReadOnlySpan<EngineEvent> events)
        {
            foreach (var e in events)
            {
                Events.Add(e);
            }
        }
    }

    /// <summary>Holds the publisher thread until opened, so the pipeline backs up.</summary>
    private sealed class BlockingConsumer : IEngineEventConsumer, IDisposable
    {
        private readonly ManualResetEventSlim _open = new();

        public void Open() => _open.Set();

        public void Dispose()
        {
            _open.Set();
            _open.Dispose();
        }

        public void OnEvents(ReadOnlySpan<EngineEvent> events) => _open.Wait();
    }

    private sealed class CallbackCompletion(Action<long, CommandResult> onComplete) : ICommandCompletion
    {
        public void Complete(long tag, in CommandResult result) => onComplete(tag, result);
    }
}
