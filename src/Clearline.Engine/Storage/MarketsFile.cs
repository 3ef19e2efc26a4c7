using System.Text.Json;
using System.Text.Json.Serialization;
using Clearline.Clearing;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Matching;
using Clearline.Options.Margin;
using Clearline.Risk.Funding;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Engine.Storage;

/// <summary>
/// What a data directory's journal was written under: the markets, the books' capacity and, for an engine with
/// clearing, the clearing configuration (null for a bare matching engine).
/// </summary>
public sealed record EngineConfiguration(IReadOnlyList<InstrumentSpec> Markets, EngineLimits Limits, ClearingConfig? Clearing = null);

/// <summary>
/// The configuration a data directory was created with, stored beside the journal as <c>markets.json</c> so that
/// replay and recovery use exactly the markets, book limits and clearing parameters the journal was written under.
/// Decimals are JSON numbers read and written as <see cref="decimal"/> (no binary rounding). The <c>clearing</c>
/// section is optional: files written before it existed (bare matching engines) still read.
/// </summary>
public static class MarketsFile
{
    public const string FileName = "markets.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter<OutlierRule>(JsonNamingPolicy.SnakeCaseLower),
            new JsonStringEnumConverter<DeficitPolicy>(JsonNamingPolicy.SnakeCaseLower),
            new JsonStringEnumConverter<PremiumWeighting>(JsonNamingPolicy.SnakeCaseLower),
        },
    };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static void Write(string dataDirectory, IReadOnlyList<InstrumentSpec> markets, EngineLimits? limits = null, ClearingConfig? clearing = null)
    {
        ArgumentNullException.ThrowIfNull(markets);
        Directory.CreateDirectory(dataDirectory);
        limits ??= new EngineLimits();
        var file = new MarketsDocument(
            [.. markets.Select(MarketEntry.From)],
            new LimitsEntry(limits.MaxRestingOrdersPerBook, limits.InitialCapacityPerBook),
            clearing is null ? null : ClearingEntry.From(clearing));
        File.WriteAllText(PathIn(dataDirectory), JsonSerializer.Serialize(file, Json));
    }

    /// <summary>Reads the configuration; throws <see cref="InvalidDataException"/> naming the file when it is missing or malformed.</summary>
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
            var clearing = file.Clearing?.ToConfig();
            if (clearing is not null)
            {
                // The clearinghouse's own checks (every market configured once, indices exist), reported as a bad file.
                _ = new EngineState(markets, new EngineLimits(limits.MaxRestingOrdersPerBook, InitialCapacityPerBook: 1), clearing);
            }

            return new EngineConfiguration(markets, limits, clearing);
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
    private sealed record MarketsDocument(IReadOnlyList<MarketEntry> Markets, LimitsEntry? Limits, ClearingEntry? Clearing = null);

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

    /// <summary>Settings added after the first files were written are optional: absent, they take their defaults.</summary>
    private sealed record ClearingEntry(
        IReadOnlyList<CurrencyEntry> Currencies,
        IReadOnlyList<IndexEntry> Indices,
        IReadOnlyList<MarketClearingEntry> Markets,
        DeficitPolicy? DeficitPolicy = null,
        PortfolioMarginEntry? PortfolioMargin = null)
    {
        public static ClearingEntry From(ClearingConfig c) => new(
            [.. c.Currencies.All.Select(x => new CurrencyEntry(x.Code, x.Decimals))],
            [.. c.Indices.Select(IndexEntry.From)],
            [.. c.Markets.Select(MarketClearingEntry.From)],
            c.DeficitPolicy,
            c.PortfolioMargin is { } pm ? PortfolioMarginEntry.From(pm) : null);

        public ClearingConfig ToConfig() => new(
            new SettlementCurrencies(Currencies.Select(x => new SettlementCurrency(x.Code, x.Decimals))),
            [.. Indices.Select(i => i.ToDefinition())],
            [.. Markets.Select(m => m.ToConfig())])
        {
            DeficitPolicy = DeficitPolicy ?? default,
            PortfolioMargin = PortfolioMargin?.ToParameters(),
        };
    }

    /// <summary>Every parameter written out, the defaults too, so a data directory keeps the scenarios it was created with.</summary>
    private sealed record PortfolioMarginEntry(
        double PriceRange,
        int PriceStepsPerSide,
        VolatilityShock VolatilityShock,
        IReadOnlyList<ExtendedMoveEntry> Extended,
        double ShortOptionContingency,
        double FuturesSpreadContingency,
        double InitialFactor,
        double Rate)
    {
        public static PortfolioMarginEntry From(PortfolioMarginParameters p) => new(
            p.PriceRange, p.PriceStepsPerSide, p.VolatilityShock, [.. p.ExtendedMoves.Select(e => new ExtendedMoveEntry(e.Move, e.Weight))], p.ShortOptionContingency, p.FuturesSpreadContingency, p.InitialFactor, p.Rate);

        public PortfolioMarginParameters ToParameters() =>
            new(PriceRange, PriceStepsPerSide, VolatilityShock, [.. Extended.Select(e => new ExtendedMove(e.Move, e.Weight))], ShortOptionContingency, FuturesSpreadContingency, InitialFactor, Rate);
    }

    private sealed record ExtendedMoveEntry(double Move, double Weight);

    private sealed record CurrencyEntry(string Code, int Decimals);

    private sealed record SourceEntry(int Id, int Weight);

    private sealed record IndexEntry(string Name, IReadOnlyList<SourceEntry> Sources, long StaleAfterMicros, int OutlierBandPpm, OutlierRule Outliers, int MinimumSources)
    {
        public static IndexEntry From(PriceIndexDefinition d) => new(
            d.Name,
            [.. d.Config.Sources.Select(s => new SourceEntry(s.Id, s.Weight))],
            d.Config.StaleAfterMicros,
            d.Config.OutlierBandPpm,
            d.Config.Outliers,
            d.Config.MinimumSources);

        public PriceIndexDefinition ToDefinition() => new(Name, new IndexConfig(Sources.Select(s => new IndexSource(s.Id, s.Weight)))
        {
            StaleAfterMicros = StaleAfterMicros,
            OutlierBandPpm = OutlierBandPpm,
            Outliers = Outliers,
            MinimumSources = MinimumSources,
        });
    }

    private sealed record TiersEntry(long InitialBaseE8, long InitialPerCoinE8, long MaintenanceBaseE8, long MaintenancePerCoinE8, long SizeStepE8);

    private sealed record ContinuousFundingEntry(long DamperPpb, long MinRatePpb, long MaxRatePpb);

    private sealed record DiscreteFundingEntry(long InterestRatePpb, long BandPpb, long IntervalMicros, long OffsetMicros, PremiumWeighting Weighting, long? FloorPpb = null, long? CapPpb = null);

    private sealed record CircuitBreakerEntry(int MovePpm, long WindowMicros, long HaltMicros, long ReduceOnlyMicros);

    private sealed record VolatilityFeeEntry(long TimeConstantMicros, int VolatilitySharePpm, int CapPpm);

    private sealed record OptionEntry(int MinVolatilityPpm, int MaxVolatilityPpm, int InitialRatePpm, int InitialFloorPpm, int MaintenanceRatePpm);

    private sealed record MarketClearingEntry(
        int Instrument,
        int Index,
        TiersEntry Tiers,
        long MaxPositionLots,
        long MarkTimeConstantMicros,
        int BasisCapPpm,
        int PriceBandPpm,
        int? LiquidationFeePpm = null,
        long? LiquidationStepLots = null,
        ContinuousFundingEntry? ContinuousFunding = null,
        DiscreteFundingEntry? DiscreteFunding = null,
        CircuitBreakerEntry? CircuitBreaker = null,
        long? SettlementWindowMicros = null,
        PriceBandAction? PriceBandAction = null,
        VolatilityFeeEntry? VolatilityFee = null,
        OptionEntry? Option = null)
    {
        public static MarketClearingEntry From(MarketClearingConfig m) => new(
            m.Instrument.Value,
            m.Index.Value,
            new TiersEntry(m.Tiers.InitialBaseE8, m.Tiers.InitialPerCoinE8, m.Tiers.MaintenanceBaseE8, m.Tiers.MaintenancePerCoinE8, m.Tiers.SizeStepE8),
            m.MaxPositionLots,
            m.Mark.TimeConstantMicros,
            m.Mark.BasisCapPpm,
            m.PriceBandPpm,
            m.LiquidationFeePpm,
            m.LiquidationStepLots,
            m.ContinuousFunding is { } c ? new ContinuousFundingEntry(c.Damper.Ppb, c.MinRate.Ppb, c.MaxRate.Ppb) : null,
            m.DiscreteFunding is { } d ? new DiscreteFundingEntry(d.InterestRate.Ppb, d.Band.Ppb, d.IntervalMicros, d.OffsetMicros, d.Weighting, d.Floor?.Ppb, d.Cap?.Ppb) : null,
            m.CircuitBreaker is { } b ? new CircuitBreakerEntry(b.MovePpm, b.WindowMicros, b.HaltMicros, b.ReduceOnlyMicros) : null,
            m.SettlementWindowMicros,
            m.PriceBandAction,
            m.VolatilityFee is { } v ? new VolatilityFeeEntry(v.TimeConstantMicros, v.VolatilitySharePpm, v.CapPpm) : null,
            m.Option is { } o ? new OptionEntry(o.MinVolatilityPpm, o.MaxVolatilityPpm, o.InitialRatePpm, o.InitialFloorPpm, o.MaintenanceRatePpm) : null);

        public MarketClearingConfig ToConfig()
        {
            var config = new MarketClearingConfig(
                new InstrumentId(Instrument),
                new IndexId(Index),
                new MarginTiers(Tiers.InitialBaseE8, Tiers.InitialPerCoinE8, Tiers.MaintenanceBaseE8, Tiers.MaintenancePerCoinE8, Tiers.SizeStepE8),
                MaxPositionLots,
                new MarkConfig { TimeConstantMicros = MarkTimeConstantMicros, BasisCapPpm = BasisCapPpm })
            {
                PriceBandPpm = PriceBandPpm,
                PriceBandAction = PriceBandAction ?? default,
                ContinuousFunding = ContinuousFunding is { } c ? new ContinuousFundingConfig(new FundingRate(c.DamperPpb), new FundingRate(c.MinRatePpb), new FundingRate(c.MaxRatePpb)) : null,
                DiscreteFunding = DiscreteFunding is { } d
                    ? new DiscreteFundingConfig(new FundingRate(d.InterestRatePpb), new FundingRate(d.BandPpb), Rate(d.FloorPpb), Rate(d.CapPpb), d.IntervalMicros, d.OffsetMicros, d.Weighting)
                    : null,
                CircuitBreaker = CircuitBreaker is { } b ? new CircuitBreakerConfig(b.MovePpm, b.WindowMicros, b.HaltMicros, b.ReduceOnlyMicros) : null,
                VolatilityFee = VolatilityFee is { } v ? new VolatilityFeeConfig(v.TimeConstantMicros, v.VolatilitySharePpm, v.CapPpm) : null,
                Option = Option is { } o ? new OptionMarketConfig(o.MinVolatilityPpm, o.MaxVolatilityPpm, o.InitialRatePpm, o.InitialFloorPpm, o.MaintenanceRatePpm) : null,
            };
            config = LiquidationFeePpm is { } fee ? config with { LiquidationFeePpm = fee } : config;
            config = SettlementWindowMicros is { } window ? config with { SettlementWindowMicros = window } : config;
            return LiquidationStepLots is { } step ? config with { LiquidationStepLots = step } : config;
        }

        private static FundingRate? Rate(long? ppb) => ppb is { } value ? new FundingRate(value) : null;
    }
}
