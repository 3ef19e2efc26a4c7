using System.Collections.Concurrent;
using Clearline.Api.Methods;
using Clearline.Api.Params;
using Clearline.Api.Protocol;
using Clearline.Domain.Instruments;
using Clearline.Server.Venue;

namespace Clearline.Server.Rpc;

/// <summary>
/// The public market-data methods: currencies, instruments, order book, ticker, book summaries and index price, all
/// answered from the read model (last trades are in <see cref="HistoryMethods"/>).
/// </summary>
internal sealed class MarketDataMethods(VenueView view) : IRpcMethodModule
{
    /// <summary>Deribit lists a perpetual with this expiration (year 3000).</summary>
    private const long PerpetualExpiration = 32_503_708_800_000;

    /// <summary>Each market's description, made on first use: options listed by command join the read model later.</summary>
    private readonly ConcurrentDictionary<MarketView, InstrumentDto> _byMarket = new(view.Markets.ToDictionary(m => m, Describe));

    public void Register(RpcMethodRegistry registry)
    {
        registry.Add(new RpcMethod("public/get_currencies", ParamSchema.Empty, GetCurrencies));
        RegisterGetInstruments(registry);
        RegisterInstrumentQuery(registry, "public/get_order_book", withDepth: true);
        RegisterInstrumentQuery(registry, "public/ticker", withDepth: false);
        RegisterGetIndexPrice(registry);
        RegisterBookSummaries(registry);
    }

    private ValueTask<RpcResult> GetCurrencies(RpcParams p, RpcCallContext c)
    {
        CurrencyDto[] currencies =
        [
            .. view.Clearing.Currencies.All.Select(x => new CurrencyDto(
                x.Code,
                x.Code switch { "BTC" => "Bitcoin", "ETH" => "Ethereum", "USDC" => "USD Coin", _ => x.Code },
                x.Code switch { "BTC" => "BITCOIN", "ETH" => "ETHER", _ => "USDC" },
                4,
                1,
                0m,
                0m,
                [])),
        ];
        return new(RpcResult.Json(currencies, VenueJson.Default.CurrencyDtoArray));
    }

    private void RegisterGetInstruments(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var currency = b.AddString("currency", required: false, [.. view.Clearing.Currencies.All.Select(x => x.Code), "any"]);
        var kind = b.AddString("kind", required: false, ["future", "option", "spot", "future_combo", "option_combo"]);
        var expired = b.AddBoolean("expired", required: false);
        registry.Add(new RpcMethod("public/get_instruments", b.Build(), (p, c) =>
        {
            var code = p.GetOrDefault(currency, "any");
            var wanted = p.GetOrDefault(kind, "any");
            var delivered = p.GetOrDefault(expired, false);

            // Without a kind, every kind (as Deribit). A delivered instrument is listed only when expired ones are asked for, and then as inactive;
            // a delisted option not at all.
            InstrumentDto[] result =
            [
                .. Described()
                    .Where(m => !m.First.IsDelisted && m.First.IsDelivered == delivered && (wanted == "any" || m.Second.Kind == wanted)
                        && (code == "any" || m.Second.BaseCurrency == code || m.Second.SettlementCurrency == code))
                    .Select(m => delivered ? m.Second with { IsActive = false } : m.Second),
            ];
            return new(RpcResult.Json(result, VenueJson.Default.InstrumentDtoArray));
        }));
    }

    private void RegisterInstrumentQuery(RpcMethodRegistry registry, string name, bool withDepth)
    {
        var b = new ParamSchemaBuilder();
        var instrument = b.AddString("instrument_name", required: true);
        var depth = withDepth ? b.AddInteger("depth", required: false, min: 1, max: 10_000) : null;
        registry.Add(new RpcMethod(name, b.Build(), (p, c) =>
        {
            if (!view.TryGetMarket(p.Get(instrument), out var market))
            {
                return new(VenueErrors.UnknownInstrument);
            }

            return new(depth is null
                ? RpcResult.Json(view.TickerOf(market), VenueJson.Default.TickerDto)
                : RpcResult.Json(view.OrderBook(market, (int)p.GetOrDefault(depth, 20)), VenueJson.Default.OrderBookDto));
        }));
    }

    /// <summary><c>get_book_summary_by_currency {currency, kind?}</c> and <c>get_book_summary_by_instrument {instrument_name}</c>: the ticker of each instrument in brief; delivered and delisted ones are left out.</summary>
    private void RegisterBookSummaries(RpcMethodRegistry registry)
    {
        var byCurrency = new ParamSchemaBuilder();
        var currency = byCurrency.AddString("currency", required: true, [.. view.Clearing.Currencies.All.Select(x => x.Code)]);
        var kind = byCurrency.AddString("kind", required: false, ["future", "option", "spot", "future_combo", "option_combo"]);
        registry.Add(new RpcMethod("public/get_book_summary_by_currency", byCurrency.Build(), (p, c) =>
        {
            var (code, wanted) = (p.Get(currency), p.GetOrDefault(kind, "any"));
            BookSummaryDto[] result =
            [
                .. Described()
                    .Where(m => !m.First.IsDelivered && !m.First.IsDelisted && (wanted == "any" || m.Second.Kind == wanted) && (m.Second.BaseCurrency == code || m.Second.SettlementCurrency == code))
                    .Select(m => Summary(m.First, m.Second)),
            ];
            return new(RpcResult.Json(result, VenueJson.Default.BookSummaryDtoArray));
        }));

        var byInstrument = new ParamSchemaBuilder();
        var instrument = byInstrument.AddString("instrument_name", required: true);
        registry.Add(new RpcMethod("public/get_book_summary_by_instrument", byInstrument.Build(), (p, c) =>
            new(view.TryGetMarket(p.Get(instrument), out var market)
                ? RpcResult.Json([Summary(market, _byMarket.GetOrAdd(market, Describe))], VenueJson.Default.BookSummaryDtoArray)
                : VenueErrors.UnknownInstrument)));
    }

    /// <summary>Every market with its description, by instrument id.</summary>
    private IEnumerable<(MarketView First, InstrumentDto Second)> Described() => view.Markets.Select(m => (m, _byMarket.GetOrAdd(m, Describe)));

    private BookSummaryDto Summary(MarketView market, InstrumentDto instrument)
    {
        var t = view.TickerOf(market);
        return new BookSummaryDto(
            t.InstrumentName, instrument.BaseCurrency, instrument.QuoteCurrency, t.Timestamp, t.BestBidPrice, t.BestAskPrice,
            t.BestBidPrice is { } bid && t.BestAskPrice is { } ask ? (bid + ask) / 2 : null, t.MarkPrice, t.LastPrice,
            t.Stats.High, t.Stats.Low, t.Stats.Volume, t.Stats.PriceChange, t.OpenInterest, t.EstimatedDeliveryPrice,
            t.CurrentFunding, t.Funding8h, t.MarkIv, t.UnderlyingPrice, t.UnderlyingIndex, t.InterestRate);
    }

    private void RegisterGetIndexPrice(RpcMethodRegistry registry)
    {
        var b = new ParamSchemaBuilder();
        var index = b.AddString("index_name", required: true, [.. view.Clearing.Indices.Select(i => i.Name)]);
        registry.Add(new RpcMethod("public/get_index_price", b.Build(), (p, c) =>
            new(view.IndexPrice(p.Get(index)) is { } price
                ? RpcResult.Json(new IndexPriceDto(price, price), VenueJson.Default.IndexPriceDto)
                : VenueErrors.NoIndex)));
    }

    private static InstrumentDto Describe(MarketView m)
    {
        var spec = m.Spec;
        var linear = spec.Settlement == SettlementType.Linear;
        var type = linear ? "linear" : "reversed";
        var expiration = spec.ExpiryTimestampMs ?? PerpetualExpiration;
        if (spec.Kind == InstrumentKind.Option)
        {
            // Deribit: an option's quote currency is its premium's (the settlement currency), its counter currency the strike's.
            return new InstrumentDto(
                m.Name, spec.Id.Value, "option", spec.BaseCurrency, spec.QuoteCurrency, spec.SettlementCurrency, spec.SettlementCurrency,
                OptionSettlementPeriod(spec.Name.Expiry!.Value), type, null, spec.OptionType == OptionType.Call ? "call" : "put", spec.Strike, true,
                spec.Ticks.TickSize, [.. spec.Ticks.Steps.Select(s => new TickStepDto(s.AbovePrice, s.TickSize))], spec.LotSize, spec.ContractSize,
                expiration, 0, 0m, 0m, null, null, m.IndexName);
        }

        return new InstrumentDto(
            m.Name, spec.Id.Value, "future", spec.BaseCurrency, spec.QuoteCurrency, spec.QuoteCurrency, spec.SettlementCurrency,
            spec.Kind == InstrumentKind.Perpetual ? "perpetual" : "month", type, type, null, null, true,
            spec.Ticks.TickSize, [.. spec.Ticks.Steps.Select(s => new TickStepDto(s.AbovePrice, s.TickSize))], spec.LotSize, spec.ContractSize,
            expiration, 0, 0m, 0m, (int)(100_000_000 / m.Risk.Tiers.InitialBaseE8), m.MaxLiquidationCommission, m.IndexName);
    }

    /// <summary>Deribit's <c>settlement_period</c> of an option: <c>month</c> for a month's last Friday, <c>week</c> for another Friday, else <c>day</c>.</summary>
    private static string OptionSettlementPeriod(DateOnly expiry) => expiry.DayOfWeek != DayOfWeek.Friday ? "day" : expiry.AddDays(7).Month != expiry.Month ? "month" : "week";
}
