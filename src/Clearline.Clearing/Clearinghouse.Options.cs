using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Options.Pricing;
using Clearline.Options.Surfaces;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// Options: expiry groups and their volatility surfaces, marks from the surface on the expiry's forward, the premium
/// paid at trade, and cash settlement at expiry. Rules in docs/options.md, "Options in the engine".
/// </summary>
public sealed partial class Clearinghouse
{
    /// <summary>The grid the butterfly check of a new surface runs on: log-moneyness −3..3 in steps of 0.025.</summary>
    private const double SurfaceCheckFrom = -3;
    private const double SurfaceCheckTo = 3;
    private const int SurfaceCheckPoints = 241;

    /// <summary>Every option expiry, by index then date.</summary>
    private OptionExpiry[] _expiries = [];

    /// <summary>The risk terms of a market: an option's margin follows its <see cref="OptionMarginRates"/> instead of the tiers.</summary>
    private static InstrumentRisk RiskOf(InstrumentSpec spec, ContractTerms terms, MarketClearingConfig market) =>
        new(terms, market.Tiers, market.MaxPositionLots) { Option = spec.Kind == InstrumentKind.Option ? new OptionMarginRates() : null };

    /// <summary>Groups the configured option markets by index and expiry date.</summary>
    private void ListOptions()
    {
        foreach (var market in _markets)
        {
            if (market.Spec.Kind == InstrumentKind.Option)
            {
                JoinExpiry(market, Config.Markets.Single(m => m.Instrument == market.Spec.Id).Option);
            }
        }
    }

    /// <summary>
    /// Makes a market an option of the expiry group of its index and date, opening the group (kept by index then date)
    /// with the same-expiry future on its index (the lowest id) if one is listed. Markets join in ascending id.
    /// </summary>
    private OptionExpiry JoinExpiry(MarketClearing market, OptionMarketConfig? config)
    {
        var date = market.Spec.Name.Expiry!.Value;
        var group = FindExpiry(new IndexId(market.Index), date);
        if (group is null)
        {
            var future = Array.Find(_markets, m => m.Spec.Kind == InstrumentKind.Future && m.Index == market.Index && m.Spec.Name.Expiry == date);
            group = new OptionExpiry(market.Index, date, market.Delivery!.ExpiryMicros, future);
            var at = 0;
            while (at < _expiries.Length && (_expiries[at].Index < group.Index || (_expiries[at].Index == group.Index && _expiries[at].Date < date)))
            {
                at++;
            }

            _expiries = [.. _expiries.AsSpan(0, at), group, .. _expiries.AsSpan(at)];
        }

        market.Option = new OptionMarket(market.Spec, group, config ?? OptionMarketConfig.Default, market.Risk);
        group.Markets.Add(market);
        return group;
    }

    /// <summary>
    /// The operator's surface for one expiry (<see cref="SetVolatilitySurface"/>): refused for an expiry no listed
    /// option has or that has come, and for a slice that breaks the SVI constraints, has butterfly arbitrage on
    /// log-moneyness −3..3, or calendar arbitrage there against the surfaces of the nearest earlier and later expiries of
    /// the index (total variances compared at the same time: each surface keeps its volatilities, so its total variance
    /// now is its own × the time left / the time left when it was set). Accepted, the expiry's options are marked on it
    /// at once (then a liquidation round runs, as after any price update).
    /// </summary>
    public void SetVolatilitySurface<TSink>(in SetVolatilitySurface command, long sequence, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var expiry = FindExpiry(command.Index, command.Expiry);
        if (expiry is null || now >= expiry.ExpiryMicros)
        {
            Reject(CommandKind.SetVolatilitySurface, default, RejectReason.UnknownOptionExpiry, ref sink);
            return;
        }

        var surface = new SviSlice(command.A, command.B, command.Rho, command.M, command.Sigma, TimeToExpiry.Years(now, expiry.ExpiryMicros));
        if (surface.ParameterViolation() is not null || SviArbitrage.Butterfly(surface, SurfaceCheckFrom, SurfaceCheckTo, SurfaceCheckPoints) is not null
            || HasCalendarArbitrage(expiry, surface, now))
        {
            Reject(CommandKind.SetVolatilitySurface, default, RejectReason.InvalidVolatilitySurface, ref sink);
            return;
        }

        expiry.Surface = surface;
        RepriceExpiry(expiry, now, ref sink);
        RefreshStalePortfolios(ref sink);
        Liquidate(sequence, ref sink);
    }

    /// <summary>Whether the surface's total variance falls below the nearest earlier expiry's or rises above the nearest later one's somewhere on the grid.</summary>
    private bool HasCalendarArbitrage(OptionExpiry expiry, SviSlice surface, long now)
    {
        OptionExpiry? earlier = null, later = null;
        foreach (var other in _expiries)
        {
            if (other.Index != expiry.Index || other.Surface is null || other == expiry || now >= other.ExpiryMicros)
            {
                continue;
            }

            if (other.Date < expiry.Date)
            {
                earlier = other; // ascending dates: the last one before is the nearest
            }
            else if (later is null)
            {
                later = other;
            }
        }

        return (earlier is not null && SviArbitrage.Calendar(AtTime(earlier, now), surface, SurfaceCheckFrom, SurfaceCheckTo, SurfaceCheckPoints) is not null)
            || (later is not null && SviArbitrage.Calendar(surface, AtTime(later, now), SurfaceCheckFrom, SurfaceCheckTo, SurfaceCheckPoints) is not null);
    }

    /// <summary>An expiry's surface as total variance at <paramref name="now"/>: the same volatilities, so a and b scale with the time left.</summary>
    private static SviSlice AtTime(OptionExpiry expiry, long now)
    {
        var slice = expiry.Surface!;
        var years = TimeToExpiry.Years(now, expiry.ExpiryMicros);
        var scale = years / slice.Years;
        return slice with { A = slice.A * scale, B = slice.B * scale, Years = years };
    }

    private OptionExpiry? FindExpiry(IndexId index, DateOnly date)
    {
        foreach (var expiry in _expiries)
        {
            if (expiry.Index == index.Value && expiry.Date == date)
            {
                return expiry;
            }
        }

        return null;
    }

    /// <summary>The options of one index, after its other markets have their new marks (the forward may be a future's).</summary>
    private void RepriceOptions<TSink>(int index, long now, QuotePrice? indexPrice, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        foreach (var expiry in _expiries)
        {
            if (expiry.Index != index)
            {
                continue;
            }

            foreach (var market in expiry.Markets)
            {
                if (!market.IsDelivered)
                {
                    market.Delivery!.Observe(now, indexPrice);
                    var changed = market.IndexPrice != indexPrice;
                    market.IndexPrice = indexPrice;
                    if (changed && indexPrice is null && market.Mark.IsPositive)
                    {
                        sink.OnMarkPriceChanged(new MarkPriceChanged(market.Spec.Id, 0, 0));
                    }
                }
            }

            RepriceExpiry(expiry, now, ref sink);
        }
    }

    /// <summary>
    /// Marks the expiry's options on its surface and forward at <paramref name="now"/>, re-margining the holders of every
    /// option whose mark or forward moved. Nothing moves without a surface, a valid index, or before expiry's time.
    /// </summary>
    private void RepriceExpiry<TSink>(OptionExpiry expiry, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (expiry.Surface is null || now >= expiry.ExpiryMicros)
        {
            return;
        }

        foreach (var market in expiry.Markets)
        {
            RepriceOption(expiry, market, now, ref sink);
        }
    }

    /// <summary>Marks one option of an expiry with a surface, re-margining its holders if its mark or forward moved; nothing without a valid index.</summary>
    private void RepriceOption<TSink>(OptionExpiry expiry, MarketClearing market, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (market.IndexPrice is not { } index)
        {
            return;
        }

        var option = market.Option!;
        var forward = expiry.Future is { IsDelivered: false, Mark.IsPositive: true } future ? future.Mark : index;
        var (mark, volatility) = option.MarkAt(expiry.Surface!, forward, now);
        if (mark == market.Mark && forward == option.Forward && volatility.Equals(option.Volatility))
        {
            return;
        }

        option.Reprice(mark, forward, volatility, now);
        Remargin(market, mark, ref sink);
        sink.OnMarkPriceChanged(new MarkPriceChanged(market.Spec.Id, index.E8, mark.E8));
    }

    /// <summary>
    /// The premium of an option trade is paid when it is booked: the cost a fill leaves in the position (the trade value
    /// of the lots opened) moves to the balance, buyer to seller, so an option position's cost stays zero, its
    /// unrealised PnL is its value at mark, and a closing fill realises the full trade value. The cost is a whole number
    /// of minimal units (<see cref="ContractTerms.From"/>); any fraction would go to the residual as a trade's does.
    /// </summary>
    private void PayPremium<TSink>(Account account, MarketClearing market, int pool, ref Position position, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (position.Cost == FineMoney.Zero)
        {
            return;
        }

        var paid = (-position.Cost).FloorToMoney(out var rest);
        position = position with { Cost = FineMoney.Zero };
        ref var ledger = ref _ledgers[market.Currency.Value];
        ledger = ledger with { Residual = ledger.Residual + rest };
        Credit(account, pool, paid, BalanceChangeReason.OptionPremium, ref sink, market);
    }

    /// <summary>The delivery price an option settles at: its payoff at the index's average over the window (the last forward if the index never was valid there); zero before any mark.</summary>
    private static QuotePrice SettlementPremium(MarketClearing market, OptionMarket option)
    {
        var index = market.Delivery!.Deliver(option.Forward);
        return index.IsPositive ? option.Payoff(index) : QuotePrice.Zero;
    }

    /// <summary>An option expiring out of the money closes every position at zero: its premium has been paid, so nothing moves but the positions.</summary>
    private void ExpireWorthless<TSink>(MarketClearing market, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        foreach (var slot in market.Holders)
        {
            var account = _accounts[slot];
            ref var stake = ref account.StakeAt(account.FindStake(market.Slot));
            if (!stake.Exposure.Position.IsFlat)
            {
                Book(account, market, ref stake, stake.Exposure, Position.Flat, Money.Zero, ref sink);
                Watch(account, stake.Pool, ref sink);
            }
        }
    }

    /// <summary>
    /// An option's mark IV now (a fraction per year, for display), its forward and its per-lot short margin; null for an
    /// instrument that is not a listed option or has no mark yet.
    /// </summary>
    public (double MarkVolatility, QuotePrice Forward, MarginRequirement ShortPerLot)? OptionMarkOf(InstrumentId instrument) =>
        Market(instrument)?.Option is { } option && option.MarkVolatility() is { } volatility
            ? (volatility, option.Forward, new MarginRequirement(option.Rates.ShortInitialPerLot, option.Rates.ShortMaintenancePerLot))
            : null;

    private SurfaceState[] CaptureSurfaces() =>
        [.. _expiries.Where(e => e.Surface is not null).Select(e => new SurfaceState(new IndexId(e.Index), e.Date, e.Surface!.A, e.Surface.B, e.Surface.Rho, e.Surface.M, e.Surface.Sigma, e.Surface.Years))];

    /// <summary>An option's forward, and its margin rates from that forward and its mark (a function of the two, so they come back exactly).</summary>
    private static void RestoreOption(MarketClearing market, MarketPrices prices)
    {
        if (market.Option is not { } option)
        {
            if (prices.OptionForward != QuotePrice.Zero || prices.OptionVolatility != 0 || prices.OptionMarkedAt != 0)
            {
                throw new InvalidDataException($"market {market.Spec.Name} is not an option but has an option forward, volatility or mark time");
            }

            return;
        }

        if (prices.OptionForward.E8 < 0 || (prices.OptionForward.IsPositive && !market.Mark.IsPositive)
            || (prices.OptionForward.IsPositive && !(prices.OptionVolatility > 0 && double.IsFinite(prices.OptionVolatility) && prices.OptionMarkedAt < option.Expiry.ExpiryMicros)))
        {
            throw new InvalidDataException($"option {market.Spec.Name} has a forward of {prices.OptionForward} with a mark of {market.Mark}, volatility {prices.OptionVolatility} priced at {prices.OptionMarkedAt}");
        }

        if (prices.OptionForward.IsPositive)
        {
            option.Reprice(market.Mark, prices.OptionForward, prices.OptionVolatility, prices.OptionMarkedAt);
        }
    }

    private void RestoreSurfaces(IReadOnlyList<SurfaceState> surfaces)
    {
        OptionExpiry? previous = null;
        foreach (var s in surfaces)
        {
            var expiry = FindExpiry(s.Index, s.Expiry);
            var surface = new SviSlice(s.A, s.B, s.Rho, s.M, s.Sigma, s.Years);
            if (expiry is null || expiry.Surface is not null || surface.ParameterViolation() is not null
                || (previous is not null && Array.IndexOf(_expiries, previous) > Array.IndexOf(_expiries, expiry)))
            {
                throw new InvalidDataException($"the volatility surface of index {s.Index} expiring {s.Expiry} is out of order, held twice, invalid or for no listed option expiry");
            }

            expiry.Surface = surface;
            previous = expiry;
        }
    }
}
