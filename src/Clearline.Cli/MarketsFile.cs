using System.Text.Json;
using System.Text.Json.Serialization;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Engine;
using Clearline.Matching;

namespace Clearline.Cli;

/// <summary>
/// The market configuration a data directory was created with, stored beside the journal as
/// <c>markets.json</c> so that replay and recovery use exactly the markets and book limits the journal was
/// written under.
/// Decimals are JSON numbers read and written as <see cref="decimal"/> (no binary rounding).
/// </summary>
/// <summary>What a data directory's journal was written under: the markets and the books' capacity.</summary>
internal sealed record EngineConfiguration(IReadOnlyList<InstrumentSpec> Markets, EngineLimits Limits);

internal static class MarketsFile
{
    public const string FileName = "markets.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static void Write(string dataDirectory, IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits = null)
    {
        Directory.CreateDirectory(dataDirectory);
        limits ??= new EngineLimits();
        var file = new MarketsDocument([.. markets.Select(MarketEntry.From)], new LimitsEntry(limits.MaxRestingOrdersPerBook, limits.InitialCapacityPerBook));
        File.WriteAllText(PathIn(dataDirectory), JsonSerializer.Serialize(file, Json));
    }

    /// <summary>Reads markets and book limits; throws <see cref="InvalidDataException"/> naming the file when it is missing or malformed.</summary>
    public static EngineConfiguration Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} is missing: the data directory does not say which markets its journal was written under");
        }

        try
        {
            var file = JsonSerializer.Deserialize<MarketsDocument>(File.ReadAllText(path), Json) ?? throw new InvalidDataException("empty document");
            var markets = file.Markets.Select(m => m.ToSpec()).ToArray();
            CheckIds(markets);
            var limits = file.Limits is { } l ? new EngineLimits(l.MaxRestingOrdersPerBook, l.InitialCapacityPerBook) : new EngineLimits();
            return new EngineConfiguration(markets, limits);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The engine's own rule, checked here so that a bad file is reported as one rather than failing the engine.</summary>
    private static void CheckIds(InstrumentSpec[] markets)
    {
        var seen = new HashSet<int>();
        foreach (var market in markets)
        {
            if (market.Id.Value is < 0 or >= MatchingEngine.MaxInstrumentIds || !seen.Add(market.Id.Value))
            {
                throw new InvalidDataException($"instrument id {market.Id} ({market.Name}) is listed twice or outside 0..{MatchingEngine.MaxInstrumentIds - 1}");
            }
        }
    }

    /// <summary><see cref="Limits"/> may be absent (the defaults): book capacity changes which orders a full book refuses, so replays need the same.</summary>
    private sealed record MarketsDocument(IReadOnlyList<MarketEntry> Markets, LimitsEntry? Limits);

    private sealed record LimitsEntry(int MaxRestingOrdersPerBook, int InitialCapacityPerBook);

    private sealed record TickStep(decimal AbovePrice, decimal TickSize);

    private sealed record MarketEntry(
        int Id,
        string Name,
        decimal TickSize,
        IReadOnlyList<TickStep> TickSteps,
        decimal ContractSize,
        decimal LotSize,
        long MaxOrderLots,
        long MaxPriceTicks,
        string SettlementCurrency)
    {
        public static MarketEntry From(InstrumentSpec s) => new(
            s.Id.Value,
            s.Name.ToString(),
            s.Ticks.TickSize,
            [.. s.Ticks.Steps.Select(t => new TickStep(t.AbovePrice, t.TickSize))],
            s.ContractSize,
            s.LotSize,
            s.MaxOrderQuantity.Lots,
            s.MaxPrice.Ticks,
            s.SettlementCurrency);

        public InstrumentSpec ToSpec() => new(
            new InstrumentId(Id),
            InstrumentName.Parse(Name),
            new TickSizeSchedule(TickSize, [.. TickSteps.Select(t => new TickSizeStep(t.AbovePrice, t.TickSize))]),
            ContractSize,
            LotSize,
            new Quantity(MaxOrderLots),
            new Price(MaxPriceTicks),
            SettlementCurrency);
    }
}
