using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Clearing;

/// <summary>
/// What a <see cref="ListOption"/> lists: the instrument of its template, the lowest-id configured option on the same
/// index with the same settlement, with the listing's expiry, strike and type in the name and the template's lot, tick
/// schedule, order bounds, settlement currency and clearing parameters. The engine and the API's read model derive it
/// alike from the listing and the configuration, so neither the journal nor the event carries a spec.
/// </summary>
public static class OptionListing
{
    /// <summary>The largest strike a listed option may have, USD 10⁹ × 10⁸: far above any underlying, far below a long's range.</summary>
    public const long MaxStrikeE8 = 100_000_000_000_000_000;

    private const long MillisPerDay = 86_400_000;
    private const long ExpiryTimeOfDayMs = 8 * 3_600_000;

    /// <summary>
    /// The spec and clearing parameters of <paramref name="listing"/> under id <paramref name="id"/>; null with the reason
    /// for a listing no configuration could take (an undefined type or settlement, an unknown index, no template, a bad
    /// strike, an expiry not at 08:00 UTC of a day of 2000-2099). Whether the expiry has come and whether the name is
    /// taken are the engine's to judge, as they depend on its time and its markets.
    /// </summary>
    /// <remarks>Templates come from <paramref name="configured"/> (the configured markets, any order), never from listed options.</remarks>
    public static (InstrumentSpec Spec, MarketClearingConfig Clearing)? Derive(
        IReadOnlyList<InstrumentSpec> configured, ClearingConfig config, in ListOption listing, InstrumentId id, out RejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(config);
        reason = Validate(config, listing);
        if (reason != 0)
        {
            return null;
        }

        InstrumentSpec? template = null;
        MarketClearingConfig? templateClearing = null;
        foreach (var spec in configured)
        {
            if (spec.Kind == InstrumentKind.Option && spec.Settlement == listing.Settlement && (template is null || spec.Id.Value < template.Id.Value)
                && config.Markets.FirstOrDefault(m => m.Instrument == spec.Id) is { } clearing && clearing.Index == listing.Index)
            {
                (template, templateClearing) = (spec, clearing);
            }
        }

        if (template is null || templateClearing is null)
        {
            reason = RejectReason.NoListingTemplate;
            return null;
        }

        var date = DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)(listing.ExpiryTimestampMs / MillisPerDay));
        var name = InstrumentName.Option(template.BaseCurrency, date, listing.StrikeE8 / 100_000_000m, listing.Type, template.Name.QuoteCurrency);
        var listed = new InstrumentSpec(id, name, template.Ticks, template.ContractSize, template.LotSize, template.MaxOrderQuantity, template.MaxPrice, template.SettlementCurrency);
        return (listed, templateClearing with { Instrument = id });
    }

    private static RejectReason Validate(ClearingConfig config, in ListOption listing)
    {
        if (!Enum.IsDefined(listing.Type) || !Enum.IsDefined(listing.Settlement))
        {
            return RejectReason.InvalidOptionType;
        }

        if ((uint)listing.Index.Value >= (uint)config.Indices.Count)
        {
            return RejectReason.UnknownIndex;
        }

        if (listing.StrikeE8 is <= 0 or > MaxStrikeE8)
        {
            return RejectReason.InvalidStrike;
        }

        var ms = listing.ExpiryTimestampMs;
        var first = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var last = new DateTimeOffset(2099, 12, 31, 23, 59, 59, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return ms < first || ms > last || ms % MillisPerDay != ExpiryTimeOfDayMs ? RejectReason.InvalidExpiry : 0;
    }
}
