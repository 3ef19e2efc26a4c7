using Clearline.Api.Subscriptions;
using Clearline.Api.Transport;
using Clearline.Server.Rpc;

namespace Clearline.Server.Venue;

/// <summary>
/// Channel notifications: at the end of each event batch, what changed is published once per channel. User channels
/// share names across accounts, so they go only to sessions signed in as the account concerned.
/// </summary>
internal sealed partial class VenueView
{
    private static readonly string[] Intervals = ["raw", "100ms"];

    private const long OptionMarksIntervalMs = 1_000;

    /// <summary>Sends a new subscriber what the channel's later changes build on: the book, the ticker, the index.</summary>
    public void SendSnapshot(RpcSession session, string channel)
    {
        var parts = channel.Split('.');
        lock (_gate)
        {
            if (parts is ["book", var name, var interval] && _marketsByName.TryGetValue(name, out var market))
            {
                // The 100 ms feed's subscribers get the book as that feed last left it, which its next change builds on.
                var throttled = interval == "100ms";
                var snapshot = new BookNotification(
                    "snapshot", _batchTimestampUs / 1000, market.Name, null, throttled ? market.Book100MsChangeId : market.ChangeId,
                    Snapshot(market, market.Bids, throttled ? market.WindowBids : null),
                    Snapshot(market, market.Asks, throttled ? market.WindowAsks : null));
                SubscriptionHub.SendTo(session, channel, snapshot, VenueJson.Default.BookNotification);
            }
            else if (parts is ["ticker", var tickerName, _] && _marketsByName.TryGetValue(tickerName, out var tickerMarket))
            {
                SubscriptionHub.SendTo(session, channel, Ticker(tickerMarket), VenueJson.Default.TickerDto);
            }
            else if (parts is ["markprice", "options", var optionIndex] && OptionMarks(optionIndex, _batchTimestampUs / 1000) is { Length: > 0 } marks)
            {
                SubscriptionHub.SendTo(session, channel, marks, VenueJson.Default.OptionMarkDtoArray);
            }
            else if (parts is ["deribit_price_index", var index] && Markets.FirstOrDefault(m => m.IndexName == index && m.IndexE8 > 0) is { } indexed)
            {
                SubscriptionHub.SendTo(session, channel, new IndexNotification(index, indexed.Index!.Value, _batchTimestampUs / 1000), VenueJson.Default.IndexNotification);
            }
        }
    }

    /// <summary>A side's levels, best first, with those changed inside the window (<paramref name="window"/>) as they were before it.</summary>
    private static LevelChange[] Snapshot(MarketView market, SortedDictionary<long, long> levels, SortedDictionary<long, long>? window)
    {
        IEnumerable<KeyValuePair<long, long>> stood = levels;
        if (window is { Count: > 0 })
        {
            var before = new SortedDictionary<long, long>(levels, levels.Comparer);
            foreach (var (price, lots) in window)
            {
                if (lots == 0)
                {
                    before.Remove(price);
                }
                else
                {
                    before[price] = lots;
                }
            }

            stood = before;
        }

        return [.. stood.Select(l => new LevelChange("new", market.Price(l.Key), market.Amount(l.Value)))];
    }

    /// <summary>The net change of each level in the window: new, changed or deleted since the window opened; unchanged ones left out.</summary>
    private static LevelChange[] NetChanges(MarketView market, SortedDictionary<long, long> levels, SortedDictionary<long, long> window)
    {
        var changes = new List<LevelChange>();
        foreach (var (price, before) in window)
        {
            var now = levels.GetValueOrDefault(price);
            if (now != before)
            {
                changes.Add(new LevelChange(before == 0 ? "new" : now == 0 ? "delete" : "change", market.Price(price), market.Amount(now)));
            }
        }

        return [.. changes];
    }

    /// <summary>Channel names a user notification about <paramref name="market"/> goes out on, per interval.</summary>
    internal static IEnumerable<string> UserChannels(string kind, MarketView market, string interval)
    {
        yield return $"user.{kind}.{market.Name}.{interval}";
        foreach (var instrumentKind in (string[])[market.Kind, "any"])
        {
            foreach (var currency in (string[])[market.Currency.Code, "any"])
            {
                yield return $"user.{kind}.{instrumentKind}.{currency}.{interval}";
            }
        }
    }

    private void Publish()
    {
        var nowMs = _batchTimestampUs / 1000;
        foreach (var market in Markets)
        {
            PublishMarket(market, nowMs);
        }

        foreach (var index in _changedIndices)
        {
            var price = Markets.First(m => m.IndexName == index).Index;
            if (price is { } p)
            {
                _hub.Publish($"deribit_price_index.{index}", new IndexNotification(index, p, nowMs), VenueJson.Default.IndexNotification);
            }
        }

        _remarkedOptionIndices.RemoveWhere(index => PublishOptionMarks(index, nowMs));

        foreach (var order in _changedOrders)
        {
            var dto = ToDto(order);
            if (!order.IsOpen && order.ClosedSequence >= _recordFrom)
            {
                _history.AddClosedOrder(order.ClosedSequence, order.Account, dto, overwrite: !_catchingUp);
            }

            foreach (var channel in UserChannels("orders", order.Market, "raw"))
            {
                _hub.PublishToAccount(channel, order.Account, dto, VenueJson.Default.OrderDto);
            }

            foreach (var channel in UserChannels("orders", order.Market, "100ms"))
            {
                _hub.PublishToAccount(channel, order.Account, [dto], VenueJson.Default.OrderDtoArray);
            }
        }

        foreach (var group in _newUserTrades.GroupBy(t => (t.Account, t.Trade.InstrumentName)))
        {
            var trades = group.Select(t => t.Trade).ToArray();
            var market = _marketsByName[group.Key.InstrumentName];
            foreach (var interval in Intervals)
            {
                foreach (var channel in UserChannels("trades", market, interval))
                {
                    _hub.PublishToAccount(channel, group.Key.Account, trades, VenueJson.Default.UserTradeDtoArray);
                }
            }
        }

        foreach (var (account, currency) in _dirtyPortfolios)
        {
            var code = Clearing.Currencies.All[currency].Code;
            foreach (var channel in (string[])[$"user.portfolio.{code.ToLowerInvariant()}", $"user.portfolio.{code}"])
            {
                if (_hub.SubscriberCount(channel) > 0)
                {
                    _hub.PublishToAccount(channel, account, Summary(account, currency), VenueJson.Default.AccountSummaryDto);
                }
            }
        }

        _changedIndices.Clear();
        _changedOrders.Clear();
        _changedOrderIds.Clear();
        _newUserTrades.Clear();
        _dirtyPortfolios.Clear();
    }

    /// <summary>
    /// <c>markprice.options.{index}</c>: every marked option of the index, at most once a second (Deribit's pace); a
    /// re-mark inside the second waits for the first batch after it. False while it waits.
    /// </summary>
    private bool PublishOptionMarks(string index, long nowMs)
    {
        if (_optionMarksPublishedMs.TryGetValue(index, out var last) && nowMs - last < OptionMarksIntervalMs)
        {
            return false;
        }

        var channel = $"markprice.options.{index}";
        if (_hub.SubscriberCount(channel) > 0)
        {
            _hub.Publish(channel, OptionMarks(index, nowMs), VenueJson.Default.OptionMarkDtoArray);
        }

        _optionMarksPublishedMs[index] = nowMs;
        return true;
    }

    /// <summary>The index's options that have a mark and are not delivered, by instrument id; <c>iv</c> as a fraction to four decimals (mark_iv's precision).</summary>
    private OptionMarkDto[] OptionMarks(string index, long nowMs) =>
        [.. Markets.Where(m => m.Option is not null && m.IndexName == index && !m.IsDelivered && m.MarkE8 > 0)
            .Select(m => new OptionMarkDto(m.Name, m.Mark!.Value, m.Option!.Volatility is { } v ? Math.Round(v, 4) : null, nowMs))];

    /// <summary>
    /// At most every 100 ms, the net change of every level since the feed's last notification, as one notification
    /// whose <c>prev_change_id</c> is that notification's <c>change_id</c>. Like the ticker, a change inside the window
    /// waits for the next batch after it.
    /// </summary>
    private void PublishBook100Ms(MarketView market, long nowMs)
    {
        if (market.WindowBids.Count + market.WindowAsks.Count == 0 || nowMs - market.LastBook100MsPublished < 100)
        {
            return;
        }

        var channel = $"book.{market.Name}.100ms";
        var (bids, asks) = (NetChanges(market, market.Bids, market.WindowBids), NetChanges(market, market.Asks, market.WindowAsks));
        if (_hub.SubscriberCount(channel) == 0)
        {
            market.Book100MsChangeId = market.ChangeId; // nobody follows the feed: it may stand where the book stands
        }
        else if (bids.Length + asks.Length > 0)
        {
            _hub.Publish(channel, new BookNotification("change", nowMs, market.Name, market.Book100MsChangeId, market.ChangeId, bids, asks), VenueJson.Default.BookNotification);
            market.Book100MsChangeId = market.ChangeId;
        }

        market.LastBook100MsPublished = nowMs;
        market.WindowBids.Clear();
        market.WindowAsks.Clear();
    }

    private void PublishMarket(MarketView market, long nowMs)
    {
        if (market.PendingBids.Count > 0 || market.PendingAsks.Count > 0)
        {
            market.ChangeId++;
            var change = new BookNotification("change", nowMs, market.Name, market.ChangeId - 1, market.ChangeId, [.. market.PendingBids], [.. market.PendingAsks]);
            _hub.Publish($"book.{market.Name}.raw", change, VenueJson.Default.BookNotification);
            market.PendingBids.Clear();
            market.PendingAsks.Clear();
        }

        PublishBook100Ms(market, nowMs);

        if (market.PendingTrades.Count > 0)
        {
            PublicTradeDto[] trades = [.. market.PendingTrades];
            foreach (var interval in Intervals)
            {
                _hub.Publish($"trades.{market.Name}.{interval}", trades, VenueJson.Default.PublicTradeDtoArray);
            }

            market.PendingTrades.Clear();
        }

        if (!market.TickerDirty)
        {
            return;
        }

        var raw = $"ticker.{market.Name}.raw";
        if (_hub.SubscriberCount(raw) > 0)
        {
            _hub.Publish(raw, Ticker(market), VenueJson.Default.TickerDto);
        }

        // The 100ms feed is throttled; a change inside the window waits for the next batch after it.
        if (nowMs - market.LastTicker100MsPublished >= 100)
        {
            var throttled = $"ticker.{market.Name}.100ms";
            if (_hub.SubscriberCount(throttled) > 0)
            {
                _hub.Publish(throttled, Ticker(market), VenueJson.Default.TickerDto);
            }

            market.LastTicker100MsPublished = nowMs;
            market.TickerDirty = false;
        }
    }
}
