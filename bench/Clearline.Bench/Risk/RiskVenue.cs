using Clearline.Bench.Engine;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Prices;
using Clearline.Sequencing.Codecs;

namespace Clearline.Bench.Risk;

/// <summary>
/// The clearing configuration <c>bench risk</c> runs under: the benchmark instruments (inverse BTC-PERPETUAL-like,
/// settled in BTC) on one index with one source, Deribit's BTC tiers (IM 2%, MM 1%, each + 0.005% per BTC), and
/// collateral and position limits large enough that the exchange-core stream is never refused for risk, so the
/// bare and the clearing engine see the same book events.
/// </summary>
public static class RiskVenue
{
    public static readonly IndexId Index = new(0);

    public const int Source = 1;

    /// <summary>Deribit's BTC tiers: IM 2%, MM 1%, each + 0.005% per BTC.</summary>
    public static readonly MarginTiers Tiers = new(2_000_000, 5_000, 1_000_000, 5_000);

    /// <summary>Far above any position the workload builds: the limit is checked on every order but never bites.</summary>
    public const long MaxPositionLots = 1_000_000_000;

    /// <summary>10 BTC per account, in satoshi: orders of 10-100 one-USD lots never come near it.</summary>
    public const long DepositUnits = 10 * 100_000_000L;

    /// <summary>Sequencer time of the setup commands (µs since the Unix epoch); the measured stream follows it.</summary>
    public const long BaseTimestamp = 1_700_000_000_000_000;

    public static ClearingConfig Config(IReadOnlyList<InstrumentSpec> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        return new ClearingConfig(
            Clearline.Risk.Positions.SettlementCurrencies.Default,
            [new PriceIndexDefinition("btc_usd", new IndexConfig([new IndexSource(Source)]) { MinimumSources = 1 })],
            [.. instruments.Select(i => new MarketClearingConfig(i.Id, Index, Tiers, MaxPositionLots, new MarkConfig()))]);
    }

    /// <summary>The settlement currency of <paramref name="spec"/> as a <see cref="CurrencyId"/> of <see cref="Config"/>.</summary>
    public static CurrencyId Currency(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var all = Clearline.Risk.Positions.SettlementCurrencies.Default.All;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Code == spec.SettlementCurrency)
            {
                return new CurrencyId(i);
            }
        }

        throw new ArgumentException($"{spec.Name} settles in {spec.SettlementCurrency}, which is not configured", nameof(spec));
    }

    /// <summary><paramref name="ticks"/> of <paramref name="spec"/> as an index price (10⁻⁸ USD).</summary>
    public static long PriceE8(InstrumentSpec spec, long ticks)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return checked((long)(ticks * spec.Ticks.TickSize * QuotePrice.Scale));
    }

    /// <summary>
    /// Opens and funds accounts 1..<paramref name="accounts"/> (one deposit each, in the instrument's settlement
    /// currency), then quotes the index at the workload's mid so the mark exists before the first order.
    /// </summary>
    public static EngineSetup Setup(Workload workload, int accounts)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var spec = workload.Instruments[0];
        var currency = Currency(spec);
        var commands = new List<byte[]>(accounts + 1);
        for (var account = 1; account <= accounts; account++)
        {
            commands.Add(Deposit(account, currency, DepositUnits, requestId: 1));
        }

        commands.Add(Quote(PriceE8(spec, WorkloadProfile.MidPrice)));
        return new EngineSetup(Config(workload.Instruments), commands);
    }

    public static byte[] Deposit(int account, CurrencyId currency, long units, long requestId) =>
        Encoded(buffer => CommandCodec.Encode(new Deposit(new AccountId(account), currency, new Money(units), requestId), buffer));

    public static byte[] Quote(long priceE8) =>
        Encoded(buffer => CommandCodec.Encode(new IndexQuote(Index, Source, priceE8), buffer));

    private static byte[] Encoded(Func<byte[], int> encode)
    {
        var buffer = new byte[CommandCodec.MaxSize];
        return buffer[..encode(buffer)];
    }
}

/// <summary>A benchmark stream in its journal form, back to back in one array: what the engine thread decodes.</summary>
public sealed class EncodedCommands
{
    private EncodedCommands(byte[] bytes, int[] offsets)
    {
        Bytes = bytes;
        Offsets = offsets;
    }

    public byte[] Bytes { get; }

    /// <summary>Command i is <c>Bytes[Offsets[i]..Offsets[i + 1]]</c>.</summary>
    public int[] Offsets { get; }

    public int Count => Offsets.Length - 1;

    public static EncodedCommands Encode(BenchCommand[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        Span<byte> scratch = stackalloc byte[CommandCodec.MaxSize];
        var offsets = new int[commands.Length + 1];
        for (var i = 0; i < commands.Length; i++)
        {
            offsets[i + 1] = checked(offsets[i] + CommandMapping.Encode(commands[i], scratch));
        }

        var bytes = new byte[offsets[^1]];
        for (var i = 0; i < commands.Length; i++)
        {
            CommandMapping.Encode(commands[i], bytes.AsSpan(offsets[i]));
        }

        return new EncodedCommands(bytes, offsets);
    }
}
