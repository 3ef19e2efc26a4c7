using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>Index and mark: source quotes, the periodic tick, and re-margining every holder when a mark moves.</summary>
public sealed partial class Clearinghouse
{
    /// <summary>
    /// Takes one source's price and recomputes that index and the marks that follow it, at sequencer time
    /// <paramref name="now"/>, then runs a liquidation round whose orders take ids from <paramref name="sequence"/>'s block.
    /// Dated futures whose expiry has come are delivered first, whatever index they follow.
    /// </summary>
    public void Quote<TSink>(in IndexQuote quote, long sequence, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        if ((uint)quote.Index.Value >= (uint)_indices.Length)
        {
            Reject(CommandKind.IndexQuote, default, RejectReason.UnknownIndex, ref sink);
            return;
        }

        var reason = _indices[quote.Index.Value].Update(quote.Source, new SourceQuote(new QuotePrice(quote.PriceE8), now)) switch
        {
            QuoteUpdate.Accepted => (RejectReason)0,
            QuoteUpdate.UnknownSource => RejectReason.UnknownIndexSource,
            QuoteUpdate.NotPositive => RejectReason.QuoteNotPositive,

            // Sequencer time never goes back, so a held quote is never newer than this one.
            _ => throw new InvalidOperationException("a quote stamped with sequencer time cannot be out of order"),
        };
        if (reason != 0)
        {
            Reject(CommandKind.IndexQuote, default, reason, ref sink);
            return;
        }

        DeliverDue(now, ref sink);
        Reprice(quote.Index.Value, now, ref sink);
        RefreshStalePortfolios(ref sink);
        Liquidate(sequence, ref sink);
    }

    /// <summary>
    /// Recomputes every index and mark at <paramref name="now"/>: how a silent source goes stale on time. Funding
    /// accrues at every price update with a valid index; a move of the funding index re-margins the holders as a mark
    /// move does, since accrued funding is part of their unrealised PnL. Dated futures due are delivered first.
    /// </summary>
    public void Tick<TSink>(long sequence, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        DeliverDue(now, ref sink);
        for (var i = 0; i < _indices.Length; i++)
        {
            Reprice(i, now, ref sink);
        }

        RefreshStalePortfolios(ref sink);
        Liquidate(sequence, ref sink);
    }

    private void Reprice<TSink>(int index, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var price = _indices[index].Calculate(now).Price;
        foreach (var slot in _marketsByIndex[index])
        {
            var market = _markets[slot];
            if (market.Option is not null)
            {
                continue; // marked from the surface below, once the futures have theirs
            }

            if (market.Delivery is { } delivery)
            {
                if (market.IsDelivered)
                {
                    continue; // a delivered market's prices are final
                }

                delivery.Observe(now, price);
            }

            var mark = market.MarkCalculator.Update(now, price, market.BookMid(now)).Price;
            var markMoved = mark is { } m && m != market.Mark;
            var changed = market.IndexPrice != price || markMoved;
            market.IndexPrice = price;
            if (mark is { } newMark)
            {
                var funded = market.Funding is { } funding && price is { } validIndex && funding.Update(now, newMark, validIndex);
                if (markMoved || funded)
                {
                    Remargin(market, newMark, ref sink);
                }

                ObserveBreaker(market, now, newMark, ref sink);
                market.Volatility?.Observe(now, newMark);
            }

            if (changed)
            {
                sink.OnMarkPriceChanged(new MarkPriceChanged(market.Spec.Id, price?.E8 ?? 0, market.IndexPrice is null ? 0 : market.Mark.E8, market.Funding?.Rate.Ppb));
            }
        }

        RepriceOptions(index, now, price, ref sink);
    }

    /// <summary>
    /// Moves every holder of the market to the new mark in one pass: unrealised PnL and position margin at the new
    /// price, orders counted with no open loss, and a pool the move leaves due for liquidation locked (the round
    /// after the prices are set liquidates it). Then the open loss of the orders now priced through the mark (buys
    /// above it, sells below it) is added back, found by walking each side of the book from the top until the price
    /// no longer crosses: it changes only order reservations, never whether a pool is due. A portfolio account's cross
    /// stake is not visited: its pool is marked stale and brought to the marks in one pass later.
    /// </summary>
    private void Remargin<TSink>(MarketClearing market, QuotePrice mark, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        market.Mark = mark;
        foreach (var slot in market.Holders)
        {
            var account = _accounts[slot];
            if (account.Portfolio && !account.IsIsolated(market.Slot))
            {
                // Brought to the mark with the rest of its pool, one pass per account, before the pool is recomputed.
                MarkPortfolioStale(account, market.Currency.Value);
                continue;
            }

            ref var stake = ref account.StakeAt(account.FindStake(market.Slot));
            // Update's work written out: through it, re-margining 100,000 holders took 10.9 ms instead of 9.3
            // (bench risk's remargin measure, A/B alternated three times).
            stake.Exposure = stake.Exposure.AtMark(mark, FineMoney.Zero);
            var contribution = ContributionOf(market, stake);
            ref var pool = ref account.Margins[stake.Pool];
            var updated = pool.Remove(stake.Contribution).Add(contribution);
            pool = updated;
            stake.Contribution = contribution;
            if (updated.IsLiquidatable)
            {
                Lock(account, stake.Pool, ref sink);
            }
        }

        _openLossPass++;
        AddOpenLoss(market, Side.Buy, mark);
        AddOpenLoss(market, Side.Sell, mark);
    }

    /// <summary>Counts the re-margins (a long never wraps), so that a portfolio stake's open loss is reset once per pass (<see cref="Stake.OpenLossPass"/>).</summary>
    private long _openLossPass;

    private void AddOpenLoss(MarketClearing market, Side side, QuotePrice mark)
    {
        foreach (var order in market.Book.EnumerateOrders(side))
        {
            var price = market.ToQuote(order.Price);
            if (side == Side.Buy ? price <= mark : price >= mark)
            {
                return;
            }

            var account = FindAccount(order.Account)!;
            ref var stake = ref account.StakeAt(account.FindStake(market.Slot));
            if (stake.OpenLossPass != _openLossPass && account.IsPortfolio(stake.Pool))
            {
                // A portfolio stake the re-margin left for later: at the mark with no open loss before this pass adds it.
                stake.OpenLossPass = _openLossPass;
                Update(account, market, ref stake, stake.Exposure.AtMark(mark, FineMoney.Zero));
            }

            var exposure = stake.Exposure;
            var loss = MarginCalculator.OpenLoss(market.Risk.Terms, side, order.Remaining, price, mark);
            UpdateOrders(account, ref stake, exposure.AtMark(mark, exposure.OpenLoss + loss));
        }
    }
}
