using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Clearline.Server.Rpc;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Clearline.Server.Venue;

/// <summary>
/// Order, trade and settlement history in SQLite (<c>history.sqlite</c> in the data directory, WAL mode). The read
/// model hands it closed orders, trades, delivery prices and settlements on the publisher thread through an unbounded queue, so neither the engine nor the
/// publisher ever waits on the disk; one writer thread drains the queue and commits what it finds in one transaction.
/// Every write is keyed (order id, trade id and side), so writing the same fact twice, as <see cref="HistoryCatchUp"/> does,
/// leaves one row. A query first waits for everything queued before it to be committed, so a caller that has awaited
/// its command reads its effects.
/// </summary>
internal sealed partial class HistoryStore : IDisposable
{
    public const string FileName = "history.sqlite";

    /// <summary>The account a market's own settlement rows are kept under (every holder's together), beside each holder's.</summary>
    public const int PublicAccount = -1;

    /// <summary>Records committed per transaction at most, so a long backlog still commits (and unblocks queries) as it goes.</summary>
    private const int MaxBatch = 10_000;

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS public_trades (
            instrument TEXT NOT NULL, trade_seq INTEGER NOT NULL, sequence INTEGER NOT NULL, timestamp INTEGER NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (instrument, trade_seq));
        CREATE INDEX IF NOT EXISTS public_trades_in_order ON public_trades (instrument, sequence);
        CREATE TABLE IF NOT EXISTS user_trades (
            account INTEGER NOT NULL, trade_id TEXT NOT NULL, liquidity TEXT NOT NULL, instrument TEXT NOT NULL, trade_seq INTEGER NOT NULL,
            sequence INTEGER NOT NULL, timestamp INTEGER NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (account, trade_id, liquidity));
        CREATE INDEX IF NOT EXISTS user_trades_in_order ON user_trades (account, sequence, trade_seq);
        CREATE TABLE IF NOT EXISTS orders (
            order_id INTEGER PRIMARY KEY, account INTEGER NOT NULL, instrument TEXT NOT NULL, sequence INTEGER NOT NULL, filled INTEGER NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS orders_in_order ON orders (account, sequence, order_id);
        CREATE TABLE IF NOT EXISTS open_orders (order_id INTEGER PRIMARY KEY, label TEXT NOT NULL, created INTEGER NOT NULL, replaced INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS delivery_prices (index_name TEXT NOT NULL, date TEXT NOT NULL, sequence INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (index_name, date));
        CREATE TABLE IF NOT EXISTS settlements (
            id INTEGER PRIMARY KEY, account INTEGER NOT NULL, instrument TEXT NOT NULL, type TEXT NOT NULL, sequence INTEGER NOT NULL, timestamp INTEGER NOT NULL,
            data TEXT NOT NULL, UNIQUE (account, instrument, type));
        """;

    private readonly string _connectionString;
    private readonly Channel<Record> _queue = Channel.CreateUnbounded<Record>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;
    private readonly ILogger<HistoryStore> _logger;
    private Exception? _fault;

    public HistoryStore(ServerOptions options, ILogger<HistoryStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        SQLitePCL.Batteries_V2.Init();
        Path = System.IO.Path.Combine(options.DataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using (var connection = Open())
        {
            Execute(connection, Schema);
            HighWater = Scalar(connection, "SELECT value FROM meta WHERE key = 'high_water'") ?? 0;
        }

        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "history writer" };
        _writer.Start();
    }

    public string Path { get; }

    /// <summary>
    /// The engine sequence whose events were the last handed over and committed when the store opened: history is
    /// complete up to it (a command can straddle two deliveries, so its own events may be only partly written).
    /// </summary>
    public long HighWater { get; }

    /// <summary>
    /// The last trade_seq committed for an instrument by commands up to <paramref name="sequence"/> (0 for none), so
    /// numbering continues across restarts. Both numberings only grow, so it is the one of the latest such trade.
    /// </summary>
    public long LastTradeSeq(string instrument, long sequence)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT trade_seq FROM public_trades WHERE instrument = $instrument AND sequence <= $sequence ORDER BY sequence DESC, trade_seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$instrument", instrument);
        command.Parameters.AddWithValue("$sequence", sequence);
        return command.ExecuteScalar() is long tradeSeq ? tradeSeq : 0;
    }

    /// <summary>An account's trades in an instrument by commands up to <paramref name="sequence"/>, oldest first (read at start, before anything is queued).</summary>
    public List<UserTradeDto> UserTradesThrough(int account, string instrument, long sequence)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM user_trades WHERE account = $account AND instrument = $instrument AND sequence <= $sequence ORDER BY sequence, trade_seq, liquidity";
        command.Parameters.AddWithValue("$account", account);
        command.Parameters.AddWithValue("$instrument", instrument);
        command.Parameters.AddWithValue("$sequence", sequence);
        return ReadAll(command, VenueJson.Default.UserTradeDto);
    }

    public void AddPublicTrade(long sequence, PublicTradeDto trade) => Enqueue(new PublicTradeRecord(sequence, trade));

    public void AddUserTrade(long sequence, int account, UserTradeDto trade) => Enqueue(new UserTradeRecord(sequence, account, trade));

    /// <summary>
    /// A closed order. <paramref name="overwrite"/>: the row of an order already written is replaced (a label set after it
    /// closed; its place in history is kept); otherwise it is kept, as a rebuilt order knows no label.
    /// </summary>
    public void AddClosedOrder(long sequence, int account, OrderDto order, bool overwrite) => Enqueue(new OrderRecord(sequence, account, order, overwrite));

    /// <summary>
    /// What the engine does not keep of the orders open at a clean stop (label, creation time, whether it was edited),
    /// replacing the last stop's, for the read model to give them back when it is seeded from the recovered state.
    /// </summary>
    public void SaveOpenOrders(OpenOrderNote[] orders) => Enqueue(new OpenOrdersRecord(orders));

    /// <summary>The notes of the last clean stop, by order id (read at start, before anything is queued).</summary>
    public Dictionary<long, OpenOrderNote> OpenOrderNotes()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT order_id, label, created, replaced FROM open_orders";
        using var reader = command.ExecuteReader();
        var notes = new Dictionary<long, OpenOrderNote>();
        while (reader.Read())
        {
            var note = new OpenOrderNote(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3));
            notes.Add(note.Id, note);
        }

        return notes;
    }

    /// <summary>An index's delivery price on an expiry date; the first one written for the date stays (every market of it delivers at the same).</summary>
    public void AddDeliveryPrice(long sequence, string index, DateOnly date, decimal price) =>
        Enqueue(new DeliveryPriceRecord(sequence, index, new DeliveryPriceDto(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), price)));

    /// <summary>A settlement of <paramref name="market"/>: a holder's, or the market's own under <see cref="PublicAccount"/>.</summary>
    public void AddSettlement(long sequence, int account, MarketView market, SettlementDto settlement) =>
        Enqueue(new SettlementRecord(sequence, account, market.Name, settlement));

    /// <summary>An index's delivery prices, newest date first, and how many there are.</summary>
    public async Task<DeliveryPricesDto> DeliveryPricesAsync(string index, int offset, int count)
    {
        await FlushAsync().ConfigureAwait(false);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM delivery_prices WHERE index_name = $index ORDER BY date DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$index", index);
        command.Parameters.AddWithValue("$limit", count);
        command.Parameters.AddWithValue("$offset", offset);
        var prices = ReadAll(command, VenueJson.Default.DeliveryPriceDto);
        command.CommandText = "SELECT COUNT(*) FROM delivery_prices WHERE index_name = $index";
        return new DeliveryPricesDto([.. prices], (long)command.ExecuteScalar()!);
    }

    /// <summary>
    /// An account's settlements (or the markets' own, <see cref="PublicAccount"/>) in the instruments given, newest first:
    /// of <paramref name="type"/> (null: any), before the row <paramref name="before"/> (a continuation), at or before
    /// <paramref name="until"/> (ms).
    /// </summary>
    public async Task<SettlementsPage> SettlementsAsync(int account, IReadOnlyList<string> instruments, string? type, long? before, long? until, int count)
    {
        await FlushAsync().ConfigureAwait(false);
        var where = new StringBuilder("account = $account");
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$account", account);
        AddFilters(command, where, instruments, new TradeRange(null, null, null, until));
        foreach (var (condition, name, value) in (ReadOnlySpan<(string, string, object?)>)[(" AND type = $type", "$type", type), (" AND id < $before", "$before", before)])
        {
            if (value is not null)
            {
                where.Append(condition);
                command.Parameters.AddWithValue(name, value);
            }
        }

        command.CommandText = $"SELECT id, data FROM settlements WHERE {where} ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", count + 1);
        using var reader = command.ExecuteReader();
        var rows = new List<(long Id, SettlementDto Settlement)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), JsonSerializer.Deserialize(reader.GetString(1), VenueJson.Default.SettlementDto)!));
        }

        var page = rows.Take(count).ToList();
        return new SettlementsPage([.. page.Select(r => r.Settlement)], rows.Count > count ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Every event of commands up to <paramref name="sequence"/> has been handed over.</summary>
    public void Through(long sequence) => Enqueue(new ThroughRecord(sequence));

    /// <summary>Completes once everything queued before the call is committed; faults if the writer failed.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new BarrierRecord(done));
        return done.Task;
    }

    public async Task<TradesPage<UserTradeDto>> UserTradesAsync(int account, IReadOnlyList<string> instruments, TradeRange range, int count, bool ascending)
    {
        await FlushAsync().ConfigureAwait(false);
        var where = new StringBuilder("account = $account");
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$account", account);
        AddFilters(command, where, instruments, range);
        var direction = ascending ? "ASC" : "DESC";
        command.CommandText = $"SELECT data FROM user_trades WHERE {where} ORDER BY sequence {direction}, trade_seq {direction}, liquidity {direction} LIMIT $limit";
        return ReadPage(command, VenueJson.Default.UserTradeDto, count);
    }

    public async Task<TradesPage<PublicTradeDto>> PublicTradesAsync(string instrument, TradeRange range, int count, bool ascending)
    {
        await FlushAsync().ConfigureAwait(false);
        var where = new StringBuilder("1 = 1");
        using var connection = Open();
        using var command = connection.CreateCommand();
        AddFilters(command, where, [instrument], range);
        var direction = ascending ? "ASC" : "DESC";
        command.CommandText = $"SELECT data FROM public_trades WHERE {where} ORDER BY trade_seq {direction} LIMIT $limit";
        return ReadPage(command, VenueJson.Default.PublicTradeDto, count);
    }

    /// <summary>An account's closed orders in the instruments given, most recently closed first.</summary>
    public async Task<OrderDto[]> OrdersAsync(int account, IReadOnlyList<string> instruments, int count, int offset, bool includeUnfilled)
    {
        await FlushAsync().ConfigureAwait(false);
        var where = new StringBuilder("account = $account");
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$account", account);
        AddFilters(command, where, instruments, default);
        if (!includeUnfilled)
        {
            where.Append(" AND filled = 1");
        }

        command.CommandText = $"SELECT data FROM orders WHERE {where} ORDER BY sequence DESC, order_id DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", count);
        command.Parameters.AddWithValue("$offset", offset);
        return [.. ReadAll(command, VenueJson.Default.OrderDto)];
    }

    /// <summary>The account's closed order; null for an unknown order or another account's.</summary>
    public async Task<OrderDto?> OrderAsync(int account, long orderId)
    {
        await FlushAsync().ConfigureAwait(false);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM orders WHERE order_id = $id AND account = $account";
        command.Parameters.AddWithValue("$id", orderId);
        command.Parameters.AddWithValue("$account", account);
        return ReadAll(command, VenueJson.Default.OrderDto).FirstOrDefault();
    }

    /// <summary>Commits what is queued and stops the writer; the store answers no more queries after this.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Join();
        SqliteConnection.ClearAllPools();
    }

    private static void AddFilters(SqliteCommand command, StringBuilder where, IReadOnlyList<string> instruments, TradeRange range)
    {
        where.Append(" AND instrument IN (");
        for (var i = 0; i < instruments.Count; i++)
        {
            where.Append(i == 0 ? "$i0" : $", $i{i}");
            command.Parameters.AddWithValue($"$i{i}", instruments[i]);
        }

        where.Append(')');
        foreach (var (column, op, value) in (ReadOnlySpan<(string, string, long?)>)
            [("trade_seq", ">=", range.StartSeq), ("trade_seq", "<=", range.EndSeq), ("timestamp", ">=", range.StartTimestamp), ("timestamp", "<=", range.EndTimestamp)])
        {
            if (value is { } v)
            {
                var name = $"$p{command.Parameters.Count}";
                where.Append(CultureInfo.InvariantCulture, $" AND {column} {op} {name}");
                command.Parameters.AddWithValue(name, v);
            }
        }
    }

    /// <summary>Up to <paramref name="count"/> rows of a query ending in <c>LIMIT $limit</c>, asking one more to tell whether there are more.</summary>
    private static TradesPage<T> ReadPage<T>(SqliteCommand command, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, int count)
    {
        command.Parameters.AddWithValue("$limit", count + 1);
        var rows = ReadAll(command, type);
        return new TradesPage<T>([.. rows.Take(count)], rows.Count > count);
    }

    private static List<T> ReadAll<T>(SqliteCommand command, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(JsonSerializer.Deserialize(reader.GetString(0), type)!);
        }

        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Enqueue(Record record)
    {
        // Only fails once the store is disposed, when nothing more is written.
        if (!_queue.Writer.TryWrite(record) && record is BarrierRecord barrier)
        {
            barrier.Done.TrySetException(new ObjectDisposedException(nameof(HistoryStore)));
        }
    }

    private void WriteLoop()
    {
        using var connection = Open();
        // Commits are not fsync'd one by one: what a crash takes back, the next start rebuilds from the journal (HistoryCatchUp).
        Execute(connection, "PRAGMA synchronous = NORMAL");
        using var writes = new Writes(connection);
        var reader = _queue.Reader;
        var batch = new List<Record>(MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (_fault is null)
            {
                try
                {
                    writes.Commit(batch);
                }
                catch (SqliteException e)
                {
                    // History is not the system of record (the journal is): the venue keeps trading, queries report the failure.
                    _fault = e;
                    LogFailed(e, Path);
                }
            }

            foreach (var record in batch)
            {
                if (record is BarrierRecord barrier)
                {
                    _ = _fault is null ? barrier.Done.TrySetResult() : barrier.Done.TrySetException(new InvalidOperationException("the history store failed", _fault));
                }
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "history store {Path} failed; order and trade history stops here until a restart")]
    private partial void LogFailed(Exception fault, string path);

    /// <summary>The prepared statements of the writer thread.</summary>
    private sealed class Writes : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _publicTrade;
        private readonly SqliteCommand _userTrade;
        private readonly SqliteCommand _order;
        private readonly SqliteCommand _highWater;
        private readonly SqliteCommand _clearOpenOrders;
        private readonly SqliteCommand _openOrder;
        private readonly SqliteCommand _deliveryPrice;
        private readonly SqliteCommand _settlement;

        public Writes(SqliteConnection connection)
        {
            _connection = connection;
            _publicTrade = Prepare(
                "INSERT OR IGNORE INTO public_trades (instrument, trade_seq, sequence, timestamp, data) VALUES ($instrument, $trade_seq, $sequence, $timestamp, $data)",
                "$instrument", "$trade_seq", "$sequence", "$timestamp", "$data");
            _userTrade = Prepare(
                "INSERT OR IGNORE INTO user_trades (account, trade_id, liquidity, instrument, trade_seq, sequence, timestamp, data) VALUES ($account, $trade_id, $liquidity, $instrument, $trade_seq, $sequence, $timestamp, $data)",
                "$account", "$trade_id", "$liquidity", "$instrument", "$trade_seq", "$sequence", "$timestamp", "$data");
            _order = Prepare(
                "INSERT INTO orders (order_id, account, instrument, sequence, filled, data) VALUES ($order_id, $account, $instrument, $sequence, $filled, $data) ON CONFLICT (order_id) DO UPDATE SET data = excluded.data WHERE $overwrite",
                "$order_id", "$account", "$instrument", "$sequence", "$filled", "$data", "$overwrite");
            _highWater = Prepare(
                "INSERT INTO meta (key, value) VALUES ('high_water', $sequence) ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)",
                "$sequence");
            _clearOpenOrders = Prepare("DELETE FROM open_orders");
            _openOrder = Prepare(
                "INSERT INTO open_orders (order_id, label, created, replaced) VALUES ($order_id, $label, $created, $replaced)",
                "$order_id", "$label", "$created", "$replaced");
            _deliveryPrice = Prepare(
                "INSERT OR IGNORE INTO delivery_prices (index_name, date, sequence, data) VALUES ($index, $date, $sequence, $data)",
                "$index", "$date", "$sequence", "$data");
            _settlement = Prepare(
                "INSERT OR IGNORE INTO settlements (account, instrument, type, sequence, timestamp, data) VALUES ($account, $instrument, $type, $sequence, $timestamp, $data)",
                "$account", "$instrument", "$type", "$sequence", "$timestamp", "$data");
        }

        public void Commit(List<Record> batch)
        {
            using var transaction = _connection.BeginTransaction();
            long? through = null;
            foreach (var record in batch)
            {
                switch (record)
                {
                    case PublicTradeRecord p:
                        Run(_publicTrade, transaction, p.Trade.InstrumentName, p.Trade.TradeSeq, p.Sequence, p.Trade.Timestamp, JsonSerializer.Serialize(p.Trade, VenueJson.Default.PublicTradeDto));
                        break;
                    case UserTradeRecord u:
                        Run(_userTrade, transaction, u.Account, u.Trade.TradeId, u.Trade.Liquidity, u.Trade.InstrumentName, u.Trade.TradeSeq, u.Sequence, u.Trade.Timestamp, JsonSerializer.Serialize(u.Trade, VenueJson.Default.UserTradeDto));
                        break;
                    case OrderRecord o:
                        var id = long.Parse(o.Order.OrderId, CultureInfo.InvariantCulture);
                        Run(_order, transaction, id, o.Account, o.Order.InstrumentName, o.Sequence, o.Order.FilledAmount > 0 ? 1 : 0, JsonSerializer.Serialize(o.Order, VenueJson.Default.OrderDto), o.Overwrite);
                        break;
                    case DeliveryPriceRecord d:
                        Run(_deliveryPrice, transaction, d.Index, d.Price.Date, d.Sequence, JsonSerializer.Serialize(d.Price, VenueJson.Default.DeliveryPriceDto));
                        break;
                    case SettlementRecord s:
                        Run(_settlement, transaction, s.Account, s.Instrument, s.Settlement.Type, s.Sequence, s.Settlement.Timestamp, JsonSerializer.Serialize(s.Settlement, VenueJson.Default.SettlementDto));
                        break;
                    case ThroughRecord t:
                        through = t.Sequence;
                        break;
                    case OpenOrdersRecord open:
                        Run(_clearOpenOrders, transaction);
                        foreach (var note in open.Orders)
                        {
                            Run(_openOrder, transaction, note.Id, note.Label, note.CreatedMs, note.Replaced);
                        }

                        break;
                    default:
                        break;
                }
            }

            if (through is { } sequence)
            {
                Run(_highWater, transaction, sequence);
            }

            transaction.Commit();
        }

        public void Dispose()
        {
            _publicTrade.Dispose();
            _userTrade.Dispose();
            _order.Dispose();
            _highWater.Dispose();
            _clearOpenOrders.Dispose();
            _openOrder.Dispose();
            _deliveryPrice.Dispose();
            _settlement.Dispose();
        }

        private static void Run(SqliteCommand command, SqliteTransaction transaction, params ReadOnlySpan<object> values)
        {
            command.Transaction = transaction;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            command.ExecuteNonQuery();
        }

        private SqliteCommand Prepare(string sql, params ReadOnlySpan<string> names)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }

    private abstract record Record;

    private sealed record PublicTradeRecord(long Sequence, PublicTradeDto Trade) : Record;

    private sealed record UserTradeRecord(long Sequence, int Account, UserTradeDto Trade) : Record;

    private sealed record OrderRecord(long Sequence, int Account, OrderDto Order, bool Overwrite) : Record;

    private sealed record DeliveryPriceRecord(long Sequence, string Index, DeliveryPriceDto Price) : Record;

    private sealed record SettlementRecord(long Sequence, int Account, string Instrument, SettlementDto Settlement) : Record;

    private sealed record ThroughRecord(long Sequence) : Record;

    private sealed record OpenOrdersRecord(OpenOrderNote[] Orders) : Record;

    private sealed record BarrierRecord(TaskCompletionSource Done) : Record;
}

/// <summary>What the read model alone knows of an open order, kept across a clean restart.</summary>
internal readonly record struct OpenOrderNote(long Id, string Label, long CreatedMs, bool Replaced);

/// <summary>The trade filters Deribit's history methods share; a null bound is open.</summary>
internal readonly record struct TradeRange(long? StartSeq, long? EndSeq, long? StartTimestamp, long? EndTimestamp);
