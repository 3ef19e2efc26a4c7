using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Matching;
using Clearline.Risk.Margin;
using Clearline.Risk.Prices;

namespace Clearline.Clearing;

/// <summary>Capture and restore: the clearinghouse as <see cref="ClearingState"/> and back.</summary>
public sealed partial class Clearinghouse
{
    public ClearingState CaptureState()
    {
        var markets = _markets.Select(m => new MarketPrices(
            m.Spec.Id, m.MarkCalculator.CaptureState(), m.Mark, m.IndexPrice, m.Funding?.Continuous?.Capture(), m.Funding?.Discrete?.Capture(), m.Breaker?.Capture(), m.Delivery?.State, m.Volatility?.State, m.Option?.Forward ?? default, m.Option?.Volatility ?? 0, m.Option?.MarkedAt ?? 0, m.IsDelisted)).ToArray();
        var accounts = _accounts.OrderBy(a => a.Id.Value).Select(Capture).ToArray();
        var requests = _requests.OrderBy(r => r.Key.Account).ThenBy(r => r.Key.RequestId)
            .Select(r => new RequestState(new AccountId(r.Key.Account), r.Key.RequestId, r.Value)).ToArray();
        return new ClearingState(TradingHalted, [.. _ledgers], [.. _indices.Select(i => i.CaptureState())], markets, accounts, requests, CaptureSurfaces(), [.. _listings]);
    }

    /// <summary>
    /// Rebuilds a clearinghouse over restored books (the configured markets' and the listed options'): listings, accounts, positions, prices and requests from the state, then the
    /// open-order aggregates from the books and every margin pool from scratch. A state no clearinghouse could have
    /// reached (an unknown market or currency, a sub-account of a missing main account, an order of an unknown
    /// account, a position where there has never been a mark) is refused with <see cref="InvalidDataException"/>.
    /// </summary>
    public static Clearinghouse Restore(IReadOnlyList<OrderBook> books, ClearingConfig config, ClearingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(books);
        var listed = state.Listings.Select(l => l.Instrument).ToHashSet();
        var house = new Clearinghouse([.. books.Where(b => !listed.Contains(b.Spec.Id))], config);
        house.RestoreListings(books, state.Listings);
        house.RestorePrices(state);
        house.RestoreAccounts(state);
        foreach (var market in house._markets)
        {
            foreach (var side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
            {
                foreach (var order in market.Book.EnumerateOrders(side))
                {
                    if (house.FindAccount(order.Account) is null)
                    {
                        throw new InvalidDataException($"order {order.Id} in {market.Spec.Name} belongs to account {order.Account}, which the state does not hold");
                    }

                    house.ChangeOrders(market, order.Account, side, order.Remaining, order.Price, 1);
                }
            }
        }

        foreach (var request in state.Requests)
        {
            if (!house._requests.TryAdd(new RequestKey(request.Account.Value, request.RequestId), request.Request))
            {
                throw new InvalidDataException($"request {request.RequestId} of account {request.Account} is held twice");
            }
        }

        return house;
    }

    private AccountState Capture(Account account)
    {
        var positions = new List<PositionState>();
        var isolated = new List<IsolatedPoolState>();
        for (var i = 0; i < account.StakeCount; i++)
        {
            ref var stake = ref account.StakeAt(i);
            var instrument = _markets[stake.Market].Spec.Id;
            if (!stake.Exposure.Position.IsFlat)
            {
                positions.Add(new PositionState(instrument, stake.Exposure.Position, stake.FundingEntry));
            }

            if (account.IsolatedMarket(stake.Pool) >= 0)
            {
                isolated.Add(new IsolatedPoolState(instrument, account.Margins[stake.Pool].Balance, (account.Liquidating & (1UL << stake.Pool)) != 0));
            }
        }

        positions.Sort((a, b) => a.Instrument.Value.CompareTo(b.Instrument.Value));
        isolated.Sort((a, b) => a.Instrument.Value.CompareTo(b.Instrument.Value));
        var crossLiquidating = (uint)(account.Liquidating & ((1UL << _ledgers.Length) - 1));
        return new AccountState(account.Id, account.Main, account.KillSwitch, account.Portfolio ? MarginModel.Portfolio : MarginModel.Standard, crossLiquidating, [.. account.Margins.Take(_ledgers.Length).Select(m => m.Balance)], isolated, positions);
    }

    private void RestorePrices(ClearingState state)
    {
        if (state.Ledgers.Count != _ledgers.Length || state.Indices.Count != _indices.Length || state.Markets.Count != _markets.Length)
        {
            throw new InvalidDataException($"the state holds {state.Ledgers.Count} currencies, {state.Indices.Count} indices and {state.Markets.Count} markets; the configuration has {_ledgers.Length}, {_indices.Length} and {_markets.Length}");
        }

        TradingHalted = state.TradingHalted;
        for (var i = 0; i < _ledgers.Length; i++)
        {
            _ledgers[i] = state.Ledgers[i];
        }

        for (var i = 0; i < _indices.Length; i++)
        {
            _indices[i] = IndexCalculator.Restore(_indices[i].Config, state.Indices[i]);
        }

        for (var i = 0; i < _markets.Length; i++)
        {
            var (market, prices) = (_markets[i], state.Markets[i]);
            if (prices.Instrument != market.Spec.Id || prices.Mark.E8 < 0 || (prices.Index is { } index && !index.IsPositive))
            {
                throw new InvalidDataException($"market prices for instrument {prices.Instrument} do not fit {market.Spec.Name}");
            }

            market.MarkCalculator = MarkPriceCalculator.Restore(market.MarkCalculator.Config, prices.MarkState);
            (market.Mark, market.IndexPrice) = (prices.Mark, prices.Index);
            if (market.Funding is { } funding)
            {
                funding.Restore(prices.ContinuousFunding, prices.DiscreteFunding);
            }
            else if (prices.ContinuousFunding is not null || prices.DiscreteFunding is not null)
            {
                throw new InvalidDataException($"market {market.Spec.Name} has funding state but no funding");
            }

            if ((market.Breaker is null) != (prices.Breaker is null))
            {
                throw new InvalidDataException($"market {market.Spec.Name} has a circuit breaker in the state or the configuration, not both");
            }

            if (prices.Breaker is { } breaker)
            {
                market.Breaker!.Restore(breaker);
            }

            if ((market.Delivery is null) != (prices.Delivery is null))
            {
                throw new InvalidDataException($"market {market.Spec.Name} has delivery state without an expiry, or an expiry without delivery state");
            }

            if (prices.Delivery is { } delivery)
            {
                market.Delivery!.Restore(delivery);
            }

            if ((market.Volatility is null) != (prices.Volatility is null))
            {
                throw new InvalidDataException($"market {market.Spec.Name} has volatility state without a volatility fee, or a volatility fee without the state");
            }

            if (prices.Volatility is { } volatility)
            {
                market.Volatility!.Restore(volatility);
            }

            RestoreOption(market, prices);
            if (prices.Delisted)
            {
                if (market.Option is null)
                {
                    throw new InvalidDataException($"market {market.Spec.Name} is delisted but is not an option");
                }

                Retire(market);
            }
        }

        RestoreSurfaces(state.Surfaces);
    }

    private void RestoreAccounts(ClearingState state)
    {
        AccountId? previous = null;
        foreach (var a in state.Accounts)
        {
            var main = a.Main == a.Id ? null : FindAccount(a.Main);
            if (a.Id.Value <= 0 || previous >= a.Id || a.Balances.Count != _ledgers.Length || (a.Main != a.Id && (main is null || main.Main != main.Id))
                || (a.Liquidating >> _ledgers.Length) != 0)
            {
                throw new InvalidDataException($"account {a.Id} is out of order, has the wrong number of balances, is liquidated in an unknown currency, or belongs to a missing main account");
            }

            previous = a.Id;
            var account = OpenAccount(a.Id, a.Main);
            account.KillSwitch = a.KillSwitch;
            account.Portfolio = a.Model switch
            {
                MarginModel.Standard => false,
                MarginModel.Portfolio when _portfolio is not null => true,
                _ => throw new InvalidDataException($"account {a.Id} has margin model {a.Model}, which this venue does not offer"),
            };
            for (var c = 0; c < _ledgers.Length; c++)
            {
                if ((a.Liquidating & (1u << c)) != 0)
                {
                    account.Liquidating |= 1UL << c;
                    _liquidations.Add(new PoolRef(account.Slot, c));
                }
            }

            for (var c = 0; c < a.Balances.Count; c++)
            {
                account.SetBalance(c, a.Balances[c]);
            }

            RestoreIsolated(account, a);

            foreach (var p in a.Positions)
            {
                if (Market(p.Instrument) is not { } market || !market.Mark.IsPositive || p.Position.IsFlat || !PositionOf(account.Id, p.Instrument).IsFlat)
                {
                    throw new InvalidDataException($"account {a.Id} holds a position in instrument {p.Instrument}, which is unlisted, never marked, flat or listed twice");
                }

                ref var stake = ref StakeOf(account, market);
                stake.FundingEntry = p.FundingEntry;
                Update(account, market, ref stake, new InstrumentExposure(market.Risk, p.Position, market.Mark, 0, 0, Risk.Positions.FineMoney.Zero));
            }

            if (account.Portfolio)
            {
                var events = default(NoVenueEvents);
                for (var c = 0; c < _ledgers.Length; c++)
                {
                    RefreshPortfolio(account, c, ref events);
                }
            }
        }
    }

    /// <summary>The isolated pools, each opened empty on its (flat) stake before the positions are booked into it.</summary>
    private void RestoreIsolated(Account account, AccountState a)
    {
        InstrumentId? previous = null;
        foreach (var isolated in a.Isolated)
        {
            if (Market(isolated.Instrument) is not { } market || !market.Mark.IsPositive || previous >= isolated.Instrument)
            {
                throw new InvalidDataException($"account {a.Id} has an isolated pool in instrument {isolated.Instrument}, which is unlisted, never marked or out of order");
            }

            previous = isolated.Instrument;
            ref var stake = ref StakeOf(account, market);
            stake.Pool = account.OpenIsolatedPool(market.Slot);
            if (stake.Pool < 0)
            {
                throw new InvalidDataException($"account {a.Id} has more isolated pools than an account can hold");
            }

            account.SetBalance(stake.Pool, isolated.Balance);
            if (isolated.Liquidating)
            {
                account.Liquidating |= 1UL << stake.Pool;
                _liquidations.Add(new PoolRef(account.Slot, stake.Pool));
            }
        }
    }
}
