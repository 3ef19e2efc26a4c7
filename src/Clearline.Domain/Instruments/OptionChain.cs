namespace Clearline.Domain.Instruments;

/// <summary>
/// How a chain of options is generated (derivatives.md §1.1): expiries at 08:00 UTC after <see cref="ListingDate"/>
/// (the next <see cref="Dailies"/> days, the next <see cref="Weeklies"/> Fridays, the last Fridays of the next
/// <see cref="Monthlies"/> months and of the next <see cref="Quarterlies"/> quarter months, March, June, September and
/// December), and for each expiry <see cref="StrikesPerSide"/> strikes on each side of the forward, spaced
/// <see cref="StrikeSpacing"/> apart from the multiple of the spacing nearest the forward (positive strikes only).
/// </summary>
/// <param name="BaseCurrency">The underlying coin (BTC).</param>
/// <param name="QuoteCurrency">USDC for linear options; null for inverse ones (premium in the coin).</param>
/// <param name="ListingDate">The day the chain is listed; every expiry is after it.</param>
/// <param name="Dailies">How many daily expiries.</param>
/// <param name="Weeklies">How many Friday expiries.</param>
/// <param name="Monthlies">How many last-Friday-of-the-month expiries.</param>
/// <param name="Quarterlies">How many last-Friday-of-the-quarter expiries.</param>
/// <param name="Forward">The forward the strikes centre on, in USD.</param>
/// <param name="StrikeSpacing">The distance between strikes, in USD.</param>
/// <param name="StrikesPerSide">How many strikes below and above the central one.</param>
/// <param name="Ticks">The premium grid (Deribit's BTC options: 0.0001, 0.0005 from 0.005 up).</param>
/// <param name="LotSize">The amount one lot stands for, in the underlying (0.1 BTC).</param>
/// <param name="MaxOrderQuantity">The largest order, in lots.</param>
/// <param name="MaxPrice">The highest premium an order may carry, in ticks.</param>
public sealed record OptionChainConfig(
    string BaseCurrency,
    string? QuoteCurrency,
    DateOnly ListingDate,
    int Dailies,
    int Weeklies,
    int Monthlies,
    int Quarterlies,
    decimal Forward,
    decimal StrikeSpacing,
    int StrikesPerSide,
    TickSizeSchedule Ticks,
    decimal LotSize,
    Quantity MaxOrderQuantity,
    Price MaxPrice);

/// <summary>Generates the instruments of an <see cref="OptionChainConfig"/>: deterministic, in ascending (expiry, strike, call before put).</summary>
public static class OptionChain
{
    /// <summary>The expiry dates, ascending and distinct; each expires at 08:00 UTC.</summary>
    public static IReadOnlyList<DateOnly> Expiries(OptionChainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Dailies < 0 || config.Weeklies < 0 || config.Monthlies < 0 || config.Quarterlies < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(config), "expiry counts must not be negative");
        }

        var dates = new SortedSet<DateOnly>();
        for (var i = 1; i <= config.Dailies; i++)
        {
            dates.Add(config.ListingDate.AddDays(i));
        }

        var friday = config.ListingDate.AddDays(1);
        while (friday.DayOfWeek != DayOfWeek.Friday)
        {
            friday = friday.AddDays(1);
        }

        for (var i = 0; i < config.Weeklies; i++)
        {
            dates.Add(friday.AddDays(7 * i));
        }

        AddLastFridays(dates, config.ListingDate, config.Monthlies, everyMonths: 1);
        AddLastFridays(dates, config.ListingDate, config.Quarterlies, everyMonths: 3);
        return [.. dates];
    }

    /// <summary>
    /// The chain's instruments with ids from <paramref name="firstId"/> on, ascending in (expiry, strike, call before
    /// put). Strikes are n·spacing for the n nearest forward / spacing, ± <see cref="OptionChainConfig.StrikesPerSide"/>.
    /// </summary>
    public static IReadOnlyList<InstrumentSpec> Generate(OptionChainConfig config, int firstId)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Forward <= 0 || config.StrikeSpacing <= 0 || config.StrikesPerSide < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(config), "the forward and the strike spacing must be positive, the strikes per side not negative");
        }

        var centre = decimal.Round(config.Forward / config.StrikeSpacing, MidpointRounding.AwayFromZero);
        var specs = new List<InstrumentSpec>();
        var id = firstId;
        foreach (var expiry in Expiries(config))
        {
            for (var n = centre - config.StrikesPerSide; n <= centre + config.StrikesPerSide; n++)
            {
                if (n <= 0)
                {
                    continue;
                }

                foreach (var type in (ReadOnlySpan<OptionType>)[OptionType.Call, OptionType.Put])
                {
                    var name = InstrumentName.Option(config.BaseCurrency, expiry, n * config.StrikeSpacing, type, config.QuoteCurrency);
                    specs.Add(new InstrumentSpec(new InstrumentId(id++), name, config.Ticks, 1m, config.LotSize, config.MaxOrderQuantity, config.MaxPrice));
                }
            }
        }

        return specs;
    }

    /// <summary>The last Friday of each of the next <paramref name="count"/> months after the listing date that are multiples of <paramref name="everyMonths"/> (quarter months for 3).</summary>
    private static void AddLastFridays(SortedSet<DateOnly> dates, DateOnly listing, int count, int everyMonths)
    {
        var month = new DateOnly(listing.Year, listing.Month, 1);
        for (var added = 0; added < count; month = month.AddMonths(1))
        {
            if (month.Month % everyMonths != 0)
            {
                continue;
            }

            var last = month.AddMonths(1).AddDays(-1);
            while (last.DayOfWeek != DayOfWeek.Friday)
            {
                last = last.AddDays(-1);
            }

            if (last > listing)
            {
                dates.Add(last);
                added++;
            }
        }
    }
}
