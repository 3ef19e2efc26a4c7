using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>
/// Expiry of dated futures and options: at the first price update at or after expiry, the market is delivered at the
/// time-weighted average of its index over the settlement window (<see cref="DeliveryPriceCalculator"/>), an option at
/// its payoff there. Rules in docs/clearing.md, "Expiry", and docs/options.md, "Options in the engine".
/// </summary>
public sealed partial class Clearinghouse
{
    /// <summary>Delivers every dated future whose expiry has come and that is not yet delivered, in ascending instrument id.</summary>
    private void DeliverDue<TSink>(long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        foreach (var market in _dated)
        {
            if (!market.IsDelivered && now >= market.Delivery!.ExpiryMicros)
            {
                Deliver(market, market.Delivery, now, ref sink);
            }
        }
    }

    /// <summary>
    /// Fixes the delivery price (the last mark if the index was never valid in the window), cancels every resting order,
    /// moves the holders to that price and closes every position there, longs against shorts in ascending account id. The realised PnL goes to the balances as a trade's does; a pool the close leaves below zero is covered by
    /// the insurance fund and then socialised, as after a liquidation.
    /// </summary>
    private void Deliver<TSink>(MarketClearing market, DeliveryPriceCalculator delivery, long now, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        delivery.Observe(now, market.IndexPrice);
        var price = market.Option is { } option ? SettlementPremium(market, option) : delivery.Deliver(market.Mark);
        sink.OnTradingPhaseChanged(new TradingPhaseChanged(market.Spec.Id, TradingPhase.Delivered, delivery.DeliveryPrice?.E8 ?? 0));
        sink.OnMarkPriceChanged(new MarkPriceChanged(market.Spec.Id, market.IndexPrice?.E8 ?? 0, price.E8));
        foreach (var slot in market.Holders)
        {
            var account = _accounts[slot];
            var exposure = account.StakeAt(account.FindStake(market.Slot)).Exposure;
            if ((exposure.BuyLots | exposure.SellLots) != 0)
            {
                CancelAllIn(market, account.Id, ref sink);
            }
        }

        if (!price.IsPositive)
        {
            ExpireWorthless(market, ref sink); // an option out of the money; a market never marked has no position to close
            return;
        }

        Remargin(market, price, ref sink);
        var shorts = 0;
        for (var i = 0; i < market.Holders.Count; i++)
        {
            var seller = _accounts[market.Holders[i]];
            for (var size = SizeIn(seller, market); size > 0; size = SizeIn(seller, market))
            {
                var buyer = NextShort(market, ref shorts);
                SettleOffBook(market, buyer, seller, new Quantity(Math.Min(size, -SizeIn(buyer, market))), price, ref sink);
            }
        }
    }

    /// <summary>The next holder from <paramref name="cursor"/> on with a short position; open interest balancing, there is one while a long remains.</summary>
    private Account NextShort(MarketClearing market, ref int cursor)
    {
        for (; cursor < market.Holders.Count; cursor++)
        {
            var account = _accounts[market.Holders[cursor]];
            if (SizeIn(account, market) < 0)
            {
                return account;
            }
        }

        throw new InvalidOperationException($"open interest in {market.Spec.Name} does not balance at delivery");
    }

    /// <summary>Whether the market takes no more orders: delivered, past expiry and waiting for the price update that delivers it, or delisted.</summary>
    private static bool HasClosed(MarketClearing market, long now) => now >= market.ClosesAtMicros;
}
