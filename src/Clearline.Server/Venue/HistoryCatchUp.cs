using System.Runtime.InteropServices;
using Clearline.Api.Subscriptions;
using Clearline.Clearing;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Engine.Pipeline;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;
using Clearline.Sequencing.Snapshots;

namespace Clearline.Server.Venue;

/// <summary>
/// Writes the history a crash left out. The store commits behind the engine, so after a kill the journal can hold
/// commands whose orders and trades never reached it: those after <see cref="HistoryStore.HighWater"/>. They are
/// rebuilt as the read model first saw them: a second read model, seeded from the newest snapshot before the
/// high-water mark (or from an empty state), is fed the events of replaying the journal from there, and records from
/// the high-water mark on (that command's events may have been written only in part). Its trade_seq numbering starts where the store's did at that snapshot, so it gives the same
/// trade ids, and the store's keyed writes make a fact already there a no-op (an order row already there is kept: it
/// may hold a label, which the journal does not).
/// </summary>
internal static class HistoryCatchUp
{
    /// <summary>Replays up to <paramref name="lastSequence"/> (the recovered state's); returns the commands replayed.</summary>
    public static long Run(DataDirectory data, EngineConfiguration configuration, HistoryStore history, long lastSequence)
    {
        var from = history.HighWater;
        if (from >= lastSequence)
        {
            return 0;
        }

        var state = NewestSnapshotBefore(data, configuration, from) ?? new EngineState(configuration.Markets, configuration.Limits, configuration.Clearing);
        var view = new VenueView(configuration, new SubscriptionHub(), history, catchUpFrom: from);
        view.Seed(state);
        var events = new List<EngineEvent>();
        var replayed = 0L;
        JournalReader.Scan(data.Journal, state.LastSequence + 1, (sequence, payload) =>
        {
            if (sequence > lastSequence || !CommandRecord.TryRead(payload, out var timestamp, out var command))
            {
                // Recovery has read the same journal and cut any torn tail: nothing past its last sequence is whole.
                return;
            }

            var sink = new Collector(events, sequence, timestamp);
            state.Apply(sequence, timestamp, command, ref sink);
            view.OnEvents(CollectionsMarshal.AsSpan(events));
            events.Clear();
            replayed++;
        }, truncateTornTail: false);
        history.Through(lastSequence);
        return replayed;
    }

    private static EngineState? NewestSnapshotBefore(DataDirectory data, EngineConfiguration configuration, long sequence)
    {
        foreach (var file in SnapshotStore.List(data.Snapshots))
        {
            if (file.Sequence >= sequence || !SnapshotStore.TryRead(file.Path, out _, out var payload, out _))
            {
                continue;
            }

            try
            {
                return EngineStateCodec.Decode(payload, configuration.Markets, configuration.Limits, configuration.Clearing);
            }
            catch (InvalidDataException)
            {
                // An older snapshot, or the journal from the start, serves as well.
            }
        }

        return null;
    }

    /// <summary>Collects one command's events, as the pipeline's event ring would carry them.</summary>
    private readonly struct Collector(List<EngineEvent> events, long sequence, long timestamp) : IVenueEventSink
    {
        public void OnAccepted(in OrderAccepted e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnRejected(in CommandRejected e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnTrade(in Trade e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnCancelled(in OrderCancelled e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnAmended(in OrderAmended e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnLevelChanged(in BookLevelChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnBalanceChanged(in BalanceChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnPositionChanged(in PositionChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnMarkPriceChanged(in MarkPriceChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnLiquidationChanged(in LiquidationChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnTradingPhaseChanged(in TradingPhaseChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));

        public void OnPortfolioMarginChanged(in PortfolioMarginChanged e) => events.Add(new EngineEvent(sequence, timestamp, e));
        public void OnOptionListed(in OptionListed e) => events.Add(new EngineEvent(sequence, timestamp, e));
    }
}
