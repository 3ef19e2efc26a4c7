using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Matching;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// Listing and delisting options while the venue runs (docs/options.md, "Listing and delisting"): a listed option joins
/// every structure a configured one is in, with the next free instrument id, so slots stay in ascending id.
/// </summary>
public sealed partial class Clearinghouse
{
    /// <summary>The listed options, in ascending instrument id (the order they were listed in).</summary>
    private readonly List<OptionListed> _listings = [];

    /// <summary>
    /// Lists the option of <paramref name="command"/> (<see cref="OptionListing.Derive"/>) under the next free id, opening
    /// its book in <paramref name="matching"/>, and returns that book. Refused, changing nothing, for a listing no
    /// configuration takes, an expiry that has come, or a name already listed (delisted ones included). The new option
    /// takes its index from the index's other markets and, when its expiry has a surface, its mark at once; a new expiry
    /// waits for its surface (<see cref="SetVolatilitySurface"/>).
    /// </summary>
    public OrderBook? ListOption<TSink>(in ListOption command, long now, MatchingEngine matching, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        ArgumentNullException.ThrowIfNull(matching);
        var id = new InstrumentId(_markets.Length == 0 ? 0 : _markets[^1].Spec.Id.Value + 1);
        var derived = OptionListing.Derive(_configured, Config, command, id, out var reason);
        if (derived is { } d && now >= d.Spec.ExpiryTimestampMs * 1_000)
        {
            reason = RejectReason.InvalidExpiry;
        }
        else if (derived is { } named && Array.Exists(_markets, m => m.Spec.Name == named.Spec.Name))
        {
            reason = RejectReason.DuplicateInstrument;
        }

        if (reason != 0)
        {
            Reject(CommandKind.ListOption, default, reason, ref sink);
            return null;
        }

        var (spec, clearing) = derived!.Value;
        var book = matching.List(spec);
        var market = Join(book, clearing);
        var listed = new OptionListed(id, command);
        _listings.Add(listed);
        sink.OnOptionListed(listed);

        foreach (var slot in _marketsByIndex[market.Index])
        {
            if (_markets[slot] is { IsDelivered: false } sibling && sibling != market)
            {
                market.IndexPrice = sibling.IndexPrice; // the index as of its last price update, as its other markets have it
                break;
            }
        }

        if (market.Option!.Expiry.Surface is not null)
        {
            RepriceOption(market.Option.Expiry, market, now, ref sink);
        }

        return book;
    }

    /// <summary>
    /// Stops an option before expiry: refused for anything but an option that still trades, and while any account holds
    /// a position in it; otherwise its resting orders are cancelled (with the usual events), it takes no more orders
    /// (<see cref="RejectReason.InstrumentDelisted"/>) and is no longer marked or delivered: its last mark stays.
    /// </summary>
    public void DelistOption<TSink>(in DelistOption command, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if (Market(command.Instrument) is not { Option: not null } market || HasClosed(market, now))
        {
            Reject(CommandKind.DelistOption, default, RejectReason.NotListedOption, ref sink);
            return;
        }

        foreach (var slot in market.Holders)
        {
            var account = _accounts[slot];
            if (!account.StakeAt(account.FindStake(market.Slot)).Exposure.Position.IsFlat)
            {
                Reject(CommandKind.DelistOption, default, RejectReason.OpenInterest, ref sink);
                return;
            }
        }

        foreach (var slot in market.Holders)
        {
            var account = _accounts[slot];
            var exposure = account.StakeAt(account.FindStake(market.Slot)).Exposure;
            if ((exposure.BuyLots | exposure.SellLots) != 0)
            {
                CancelAllIn(market, account.Id, ref sink);
            }
        }

        Retire(market);
        sink.OnTradingPhaseChanged(new TradingPhaseChanged(market.Spec.Id, TradingPhase.Delisted));
    }

    /// <summary>A new market over <paramref name="book"/>, in the next slot, joined to its index, the dated markets and its option expiry.</summary>
    private MarketClearing Join(OrderBook book, MarketClearingConfig clearing)
    {
        var spec = book.Spec;
        var terms = ContractTerms.From(spec, Config.Currencies);
        var market = new MarketClearing(_markets.Length, book, RiskOf(spec, terms, clearing), new CurrencyId(IndexOf(Config.Currencies, terms.Currency)), clearing, FundingOf(spec, terms, clearing));
        var byId = new MarketClearing?[spec.Id.Value + 1];
        _marketsById.CopyTo(byId, 0);
        byId[spec.Id.Value] = market;
        (_marketsById, _markets, _dated) = (byId, [.. _markets, market], [.. _dated, market]);
        _marketsByIndex[market.Index] = [.. _marketsByIndex[market.Index], market.Slot];
        JoinExpiry(market, clearing.Option);
        AddScenarios(market);
        return market;
    }

    /// <summary>Delists a market: out of its index's repricing, the deliveries and its expiry group, so nothing moves it again.</summary>
    private void Retire(MarketClearing market)
    {
        market.Delist();
        _marketsByIndex[market.Index] = [.. _marketsByIndex[market.Index].Where(slot => slot != market.Slot)];
        _dated = [.. _dated.Where(m => m != market)];
        market.Option!.Expiry.Markets.Remove(market);
    }

    /// <summary>Joins the listed options of a restored state, over their restored books, before their prices are restored.</summary>
    private void RestoreListings(IReadOnlyList<OrderBook> books, IReadOnlyList<OptionListed> listings)
    {
        foreach (var listed in listings)
        {
            var book = books.FirstOrDefault(b => b.Spec.Id == listed.Instrument);
            var expected = _markets.Length == 0 ? 0 : _markets[^1].Spec.Id.Value + 1;
            var derived = OptionListing.Derive(_configured, Config, listed.Listing, listed.Instrument, out _);
            if (book is null || listed.Instrument.Value != expected || derived is not { } d || d.Spec.Name != book.Spec.Name
                || Array.Exists(_markets, m => m.Spec.Name == d.Spec.Name))
            {
                throw new InvalidDataException($"listed option {listed.Instrument} has no book, is out of order, or does not follow from its listing and the configuration");
            }

            Join(book, d.Clearing);
            _listings.Add(listed);
        }
    }
}
