using System.Globalization;
using Clearline.Domain;

using Clearline.Matching;

namespace Clearline.Bench;

/// <summary>A command file that cannot be read; the message names the file and line.</summary>
public sealed class CommandFileException : Exception
{
    public CommandFileException()
    {
    }

    public CommandFileException(string message)
        : base(message)
    {
    }

    public CommandFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The benchmark stream as CSV, so another engine can replay exactly the same commands:
/// <code>
/// op,order_id,account,side,price_ticks,qty_lots[,instrument]
/// </code>
/// <c>op</c> is GTC, IOC, FOK, CANCEL or MOVE; <c>side</c> B or S. CANCEL and MOVE name the target order and
/// carry its side (and current size); a MOVE's price is the new price; on reading CANCEL ignores price and
/// size and MOVE ignores size. The optional <c>instrument</c> column (a dense id) appears only in
/// multi-symbol files. Lines starting with <c>#</c> are comments, except the marker line <c># measure</c>:
/// commands before it build the book and are not timed. A file without the marker is measured whole.
/// </summary>
public static class CommandCsv
{
    public const string Header = "op,order_id,account,side,price_ticks,qty_lots";
    public const string InstrumentColumn = "instrument";
    public const string MeasureMarker = "# measure";

    public static void Write(TextWriter writer, Workload workload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(workload);
        var withInstrument = workload.MultiSymbol;
        writer.Write(Header);
        writer.Write(withInstrument ? "," + InstrumentColumn + "\n" : "\n");
        var commands = workload.Commands;
        Span<char> buffer = stackalloc char[128];
        for (var i = 0; i < commands.Length; i++)
        {
            if (i == workload.PrefillCount && workload.PrefillCount > 0)
            {
                writer.Write(MeasureMarker + "\n");
            }

            var length = Format(commands[i], withInstrument, buffer);
            writer.Write(buffer[..length]);
        }
    }

    public static void Write(string path, Workload workload)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 20);
        Write(writer, workload);
    }

    public static Workload Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 20);
        return Read(reader, path);
    }

    public static Workload Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new CommandFileException($"{name}:1: empty file, expected the header '{Header}'");
        header = header.Trim();
        bool withInstrument;
        if (header == Header)
        {
            withInstrument = false;
        }
        else if (header == Header + "," + InstrumentColumn)
        {
            withInstrument = true;
        }
        else
        {
            throw new CommandFileException($"{name}:1: bad header '{header}', expected '{Header}' (optionally followed by ',{InstrumentColumn}')");
        }

        var commands = new List<BenchCommand>(1 << 16);
        var prefill = 0;
        var sawMarker = false;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            if (text[0] == '#')
            {
                if (text.SequenceEqual(MeasureMarker))
                {
                    if (sawMarker)
                    {
                        throw new CommandFileException($"{name}:{lineNumber}: a second '{MeasureMarker}' marker");
                    }

                    sawMarker = true;
                    prefill = commands.Count;
                }

                continue;
            }

            if (!TryParse(text, withInstrument, out var command, out var error))
            {
                throw new CommandFileException($"{name}:{lineNumber}: {error}: '{line}'");
            }

            commands.Add(command);
        }

        if (commands.Count == prefill)
        {
            throw new CommandFileException($"{name}: no commands to measure");
        }

        var array = commands.ToArray();
        var instrumentCount = withInstrument ? array.Max(c => c.Instrument) + 1 : 1;
        var instruments = Enumerable.Range(0, instrumentCount).Select(BenchInstruments.Create).ToArray();

        // Room for every GTC of the busiest book: it can never be refused as full.
        var perInstrument = new int[instrumentCount];
        foreach (var c in array)
        {
            if (c.Op == BenchOp.Gtc)
            {
                perInstrument[c.Instrument]++;
            }
        }

        var capacity = Math.Max(1 << 14, perInstrument.Max() + 1);
        var initialCapacity = Math.Max(OrderBook.DefaultInitialCapacity, 2 * prefill / instrumentCount);
        return new Workload("file:" + Path.GetFileName(name), instruments, array, prefill, capacity, initialCapacity, Stats: null);
    }

    public static int Format(in BenchCommand c, bool withInstrument, Span<char> destination)
    {
        var n = 0;
        Append(destination, ref n, OpName(c.Op));
        destination[n++] = ',';
        n += Number(c.OrderId, destination[n..]);
        destination[n++] = ',';
        n += Number(c.Account, destination[n..]);
        destination[n++] = ',';
        destination[n++] = c.Side == Side.Buy ? 'B' : 'S';
        destination[n++] = ',';
        n += Number(c.Price, destination[n..]);
        destination[n++] = ',';
        n += Number(c.Quantity, destination[n..]);
        if (withInstrument)
        {
            destination[n++] = ',';
            n += Number(c.Instrument, destination[n..]);
        }

        destination[n++] = '\n';
        return n;
    }

    public static bool TryParse(ReadOnlySpan<char> line, bool withInstrument, out BenchCommand command, out string error)
    {
        command = default;
        Span<Range> fields = stackalloc Range[9];
        var expected = withInstrument ? 7 : 6;
        var count = line.Split(fields, ',');
        if (count != expected)
        {
            error = $"expected {expected} fields, found {(count > expected ? "more" : count.ToString(CultureInfo.InvariantCulture))}";
            return false;
        }

        var opText = line[fields[0]].Trim();
        BenchOp op;
        switch (opText)
        {
            case "GTC": op = BenchOp.Gtc; break;
            case "IOC": op = BenchOp.Ioc; break;
            case "FOK": op = BenchOp.Fok; break;
            case "CANCEL": op = BenchOp.Cancel; break;
            case "MOVE": op = BenchOp.Move; break;
            default:
                error = $"unknown op '{opText}' (GTC, IOC, FOK, CANCEL or MOVE)";
                return false;
        }

        if (!long.TryParse(line[fields[1]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var orderId) || orderId <= 0)
        {
            error = "order_id must be a positive integer";
            return false;
        }

        if (!int.TryParse(line[fields[2]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var account))
        {
            error = "account must be a non-negative 32-bit integer";
            return false;
        }

        var sideText = line[fields[3]].Trim();
        Side side;
        if (sideText is "B")
        {
            side = Side.Buy;
        }
        else if (sideText is "S")
        {
            side = Side.Sell;
        }
        else
        {
            error = $"side must be B or S, not '{sideText}'";
            return false;
        }

        long price = 0;
        if (op != BenchOp.Cancel
            && (!long.TryParse(line[fields[4]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out price) || price <= 0))
        {
            error = "price_ticks must be a positive integer";
            return false;
        }

        var quantity = 0;
        if (op is BenchOp.Gtc or BenchOp.Ioc or BenchOp.Fok
            && (!int.TryParse(line[fields[5]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out quantity) || quantity <= 0))
        {
            error = "qty_lots must be a positive 32-bit integer";
            return false;
        }

        var instrument = 0;
        if (withInstrument
            && (!int.TryParse(line[fields[6]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out instrument) || instrument > 100_000))
        {
            error = "instrument must be an integer in 0..100000";
            return false;
        }

        command = new BenchCommand(orderId, price, quantity, account, instrument, op, side);
        error = string.Empty;
        return true;
    }

    public static string OpName(BenchOp op) => op switch
    {
        BenchOp.Gtc => "GTC",
        BenchOp.Ioc => "IOC",
        BenchOp.Fok => "FOK",
        BenchOp.Cancel => "CANCEL",
        BenchOp.Move => "MOVE",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown op"),
    };

    private static void Append(Span<char> destination, ref int n, string text)
    {
        text.AsSpan().CopyTo(destination[n..]);
        n += text.Length;
    }

    private static int Number(long value, Span<char> destination) =>
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("buffer too small");
}
