namespace Clearline.Domain.Instruments;

/// <summary>
/// The static description of a listed instrument: what it is, how its prices and sizes are gridded,
/// and the bounds every order must respect. Kind and settlement follow from the name.
/// </summary>
/// <remarks>
/// Bounds are capped so that no sum the book forms can overflow: a price is at most
/// <see cref="MaxPriceTicksLimit"/> ticks and an order at most <see cref="MaxOrderLotsLimit"/> lots.
/// </remarks>
public sealed record InstrumentSpec
{
    /// <summary>
    /// 2^32 ticks: price × quantity stays below 2^72, safe in <see cref="Int128"/>, and the book's price-level
    /// directory (24 bytes per 4,096 ticks of range per side) stays at most 24 MiB per side.
    /// </summary>
    public const long MaxPriceTicksLimit = 1L << 32;

    /// <summary>2^40 lots: fewer than 2^23 orders of this size sum below 2^63, and a book holds at most 2^22 by default.</summary>
    public const long MaxOrderLotsLimit = 1L << 40;

    public InstrumentSpec(
        InstrumentId id,
        InstrumentName name,
        TickSizeSchedule ticks,
        decimal contractSize,
        decimal lotSize,
        Quantity maxOrderQuantity,
        Price maxPrice,
        string? settlementCurrency = null)
    {
        if (contractSize <= 0 || lotSize <= 0)
        {
            throw new ArgumentException("contract size and lot size must be positive");
        }

        if (maxOrderQuantity.Lots is < 1 or > MaxOrderLotsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxOrderQuantity), maxOrderQuantity, $"must be 1..{MaxOrderLotsLimit} lots");
        }

        if (maxPrice.Ticks is < 1 or > MaxPriceTicksLimit || !ticks.IsOnGrid(maxPrice))
        {
            throw new ArgumentOutOfRangeException(nameof(maxPrice), maxPrice, $"must be on the tick grid and 1..{MaxPriceTicksLimit} ticks");
        }

        Id = id;
        Name = name;
        Ticks = ticks;
        ContractSize = contractSize;
        LotSize = lotSize;
        MaxOrderQuantity = maxOrderQuantity;
        MaxPrice = maxPrice;
        SettlementCurrency = settlementCurrency ?? name.QuoteCurrency ?? name.BaseCurrency;
    }

    public InstrumentId Id { get; }

    public InstrumentName Name { get; }

    public InstrumentKind Kind => Name.Kind;

    public SettlementType Settlement => Name.Settlement;

    public string BaseCurrency => Name.BaseCurrency;

    /// <summary>USD for inverse instruments, the named quote currency for linear ones.</summary>
    public string QuoteCurrency => Name.QuoteCurrency ?? "USD";

    public string SettlementCurrency { get; }

    public TickSizeSchedule Ticks { get; }

    /// <summary>Underlying per contract: 10 (USD) for BTC-PERPETUAL, 1 (BTC) for a BTC option.</summary>
    public decimal ContractSize { get; }

    /// <summary>The amount one lot stands for, which is also the minimum trade amount (Deribit's <c>min_trade_amount</c>).</summary>
    public decimal LotSize { get; }

    public Quantity MaxOrderQuantity { get; }

    /// <summary>The highest price any order may carry; the lowest is one tick.</summary>
    public Price MaxPrice { get; }

    public decimal? Strike => Name.Strike;

    public OptionType? OptionType => Name.OptionType;

    /// <summary>Expiry instant in Unix milliseconds (08:00 UTC on the named day); null for perpetuals.</summary>
    public long? ExpiryTimestampMs => Name.Expiry is { } day
        ? new DateTimeOffset(day.Year, day.Month, day.Day, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()
        : null;

    /// <summary>A price an order may carry: on the grid and within [1 tick, <see cref="MaxPrice"/>].</summary>
    public bool IsValidPrice(Price price) => price <= MaxPrice && Ticks.IsOnGrid(price);

    /// <summary>A size an order may carry: at least one lot and at most <see cref="MaxOrderQuantity"/>.</summary>
    public bool IsValidQuantity(Quantity quantity) => quantity.IsPositive && quantity <= MaxOrderQuantity;

    /// <summary>Converts an API amount to lots; false unless it is a positive whole multiple of <see cref="LotSize"/>.</summary>
    public bool TryToQuantity(decimal amount, out Quantity quantity)
    {
        quantity = default;
        if (amount <= 0 || !TickSizeSchedule.TryDivideWhole(amount, LotSize, out var lots) || lots > MaxOrderLotsLimit)
        {
            return false;
        }

        quantity = new Quantity(lots);
        return true;
    }

    public decimal ToAmount(Quantity quantity) => quantity.Lots * LotSize;
}
