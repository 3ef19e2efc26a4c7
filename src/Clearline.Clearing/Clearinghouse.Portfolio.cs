using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Options.Margin;
using Clearline.Options.Pricing;
using Clearline.Risk;
using Clearline.Risk.Margin;
using Clearline.Risk.Positions;

namespace Clearline.Clearing;

/// <summary>
/// Portfolio margin in the engine (docs/options.md, "Portfolio margin in the engine"): an account's cross pools may be
/// margined as a portfolio, the pool's position margin then being the scenario result of all its positions together
/// (<see cref="PortfolioMargin"/>) instead of the sum of each position's own. The pool keeps adding up its stakes'
/// standard contributions as they change; whenever a position or a mark moves, its position margin and maintenance
/// margin are overwritten with the portfolio requirement. Order reservations keep the standard rule.
/// </summary>
public sealed partial class Clearinghouse
{
    /// <summary>The scenarios and parameters; null when the venue offers no portfolio margin.</summary>
    private readonly PortfolioMargin? _portfolio;

    /// <summary>Cross pools under portfolio margin whose requirement waits for the marks of a price update to settle, in the order they were found.</summary>
    private readonly List<PoolRef> _stalePortfolios = [];

    /// <summary>A hedge crosses the book at most this far from the mark (1%), so a thin book cannot make the hedge itself the loss.</summary>
    private const long HedgeSlippagePpm = 10_000;

    /// <summary>The scenarios of the first price step down and up with the volatility unchanged: a portfolio's delta is the P&amp;L between them.</summary>
    private readonly int _deltaDown;
    private readonly int _deltaUp;

    /// <summary>Scratch for one evaluation: the stakes sorted by (index, market), and their positions with risk arrays.</summary>
    private long[] _portfolioKeys = new long[16];
    private MarginPosition[] _portfolioPositions = new MarginPosition[16];

    /// <summary>
    /// Switches the account's cross pools to another margin model (<see cref="SetMarginModel"/>), only if each of them
    /// meets its initial margin under it: its available funds stay at zero or above. Refused while any pool of the
    /// account is in liquidation; asking for the model it has changes nothing.
    /// </summary>
    public void SetMarginModel<TSink>(in SetMarginModel command, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var account = FindAccount(command.Account);
        var portfolio = command.Model == MarginModel.Portfolio;
        var reason = !Enum.IsDefined(command.Model) ? RejectReason.UnknownMarginModel
            : account is null ? RejectReason.UnknownAccount
            : portfolio && _portfolio is null ? RejectReason.PortfolioMarginUnavailable
            : account.Liquidating != 0 ? RejectReason.AccountLocked
            : 0;
        Span<MarginRequirement> requirements = stackalloc MarginRequirement[_ledgers.Length];
        if (reason == 0 && account!.Portfolio != portfolio)
        {
            for (var c = 0; c < _ledgers.Length && reason == 0; c++)
            {
                requirements[c] = portfolio ? PortfolioRequirement(account, c) : StandardRequirement(account, c);
                var pool = account.Margins[c] with { PositionInitial = requirements[c].Initial, Maintenance = requirements[c].Maintenance };
                reason = pool.AvailableFunds < Money.Zero ? RejectReason.MarginModelRequirementNotMet : 0;
            }
        }

        if (reason != 0)
        {
            Reject(CommandKind.SetMarginModel, command.Account, reason, ref sink);
            return;
        }

        if (account!.Portfolio == portfolio)
        {
            return;
        }

        // Every currency is reported, empty pools too: that is how a reader learns the account's model.
        account.Portfolio = portfolio;
        for (var c = 0; c < _ledgers.Length; c++)
        {
            var requirement = requirements[c];
            ref var pool = ref account.Margins[c];
            pool = pool with { PositionInitial = requirement.Initial, Maintenance = requirement.Maintenance };
            account.PortfolioRequirements[c] = portfolio ? requirement : MarginRequirement.Zero;
            sink.OnPortfolioMarginChanged(new PortfolioMarginChanged(account.Id, new CurrencyId(c), portfolio, account.PortfolioRequirements[c].Initial, account.PortfolioRequirements[c].Maintenance));
        }
    }

    /// <summary>The portfolio requirement of an account's cross pool now, when it is margined as a portfolio.</summary>
    public bool TryGetPortfolioMargin(AccountId account, CurrencyId currency, out MarginRequirement requirement)
    {
        requirement = default;
        if (FindAccount(account) is not { Portfolio: true } a || (uint)currency.Value >= (uint)_ledgers.Length)
        {
            return false;
        }

        requirement = a.PortfolioRequirements[currency.Value];
        return true;
    }

    /// <summary>Recomputes a portfolio pool's requirement and writes it into the pool; reports it when it changed.</summary>
    private void RefreshPortfolio<TSink>(Account account, int pool, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        var requirement = PortfolioRequirement(account, pool);
        ref var margins = ref account.Margins[pool];
        margins = margins with { PositionInitial = requirement.Initial, Maintenance = requirement.Maintenance };
        if (requirement != account.PortfolioRequirements[pool])
        {
            account.PortfolioRequirements[pool] = requirement;
            sink.OnPortfolioMarginChanged(new PortfolioMarginChanged(account.Id, new CurrencyId(pool), true, requirement.Initial, requirement.Maintenance));
        }
    }

    /// <summary>A portfolio pool one of whose markets moved: its stakes and requirement follow once the price update has set every mark.</summary>
    private void MarkPortfolioStale(Account account, int pool)
    {
        var bit = 1UL << pool;
        if ((account.PortfolioStale & bit) == 0)
        {
            account.PortfolioStale |= bit;
            _stalePortfolios.Add(new PoolRef(account.Slot, pool));
        }
    }

    /// <summary>Brings the portfolio pools the marks moved to those marks and recomputes them, in the order they were found, locking those now due for liquidation.</summary>
    private void RefreshStalePortfolios<TSink>(ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        foreach (var (slot, pool) in _stalePortfolios)
        {
            var account = _accounts[slot];
            account.PortfolioStale &= ~(1UL << pool);
            Remark(account, pool);
            RefreshPortfolio(account, pool, ref sink);
            if (account.Margins[pool].IsLiquidatable)
            {
                Lock(account, pool, ref sink);
            }
        }

        _stalePortfolios.Clear();
    }

    /// <summary>
    /// Brings every stake of a portfolio pool to its market's mark, in one pass over the account: what the re-margin of
    /// each market's holders does for a standard pool (the unrealised PnL with its funding, the standard margins a
    /// switch back and the order reservations use). A stake already at its mark keeps the open loss its orders through
    /// the mark were given; the others have none at the new mark.
    /// </summary>
    private void Remark(Account account, int pool)
    {
        for (var i = 0; i < account.StakeCount; i++)
        {
            ref var stake = ref account.StakeAt(i);
            if (stake.Pool == pool)
            {
                var market = _markets[stake.Market];
                var openLoss = stake.Exposure.Mark == market.Mark ? stake.Exposure.OpenLoss : FineMoney.Zero;
                Update(account, market, ref stake, stake.Exposure.AtMark(market.Mark, openLoss));
            }
        }
    }

    /// <summary>
    /// The scenario requirement of the positions in a pool: per index, the worst loss of its positions together plus
    /// contingencies (<see cref="PortfolioMargin.Evaluate"/>), each rounded up to minimal units, summed over indices.
    /// The positions are summed in ascending (index, instrument), an order a restored clearinghouse shares.
    /// </summary>
    private MarginRequirement PortfolioRequirement(Account account, int pool)
    {
        var count = GatherPortfolio(account, pool);
        var keys = _portfolioKeys.AsSpan(0, count);
        var (initial, maintenance) = (Money.Zero, Money.Zero);
        var units = (double)Config.Currencies.All[pool].UnitsPerCoin;
        for (var start = 0; start < count;)
        {
            var end = start;
            for (; end < count && keys[end] >> 48 == keys[start] >> 48; end++)
            {
                ref var stake = ref account.StakeAt((int)(keys[end] & 0xFF_FFFF));
                _portfolioPositions[end] = new MarginPosition(RiskArrayOf(_markets[stake.Market]), stake.Exposure.Position.Size);
            }

            var result = _portfolio!.Evaluate(_portfolioPositions.AsSpan(start, end - start));
            initial += RoundUp(result.Initial, units);
            maintenance += RoundUp(result.Maintenance, units);
            start = end;
        }

        return new MarginRequirement(initial, maintenance);
    }

    /// <summary>
    /// Puts the pool's open positions into <see cref="_portfolioKeys"/> as (index, market, stake) in ascending order,
    /// the order a restored clearinghouse shares; returns how many.
    /// </summary>
    private int GatherPortfolio(Account account, int pool)
    {
        var count = 0;
        for (var i = 0; i < account.StakeCount; i++)
        {
            ref var stake = ref account.StakeAt(i);
            if (stake.Pool != pool || stake.Exposure.Position.IsFlat)
            {
                continue;
            }

            if (count == _portfolioKeys.Length)
            {
                Array.Resize(ref _portfolioKeys, count * 2);
                Array.Resize(ref _portfolioPositions, count * 2);
            }

            _portfolioKeys[count++] = ((long)_markets[stake.Market].Index << 48) | ((long)stake.Market << 24) | (uint)i;
        }

        _portfolioKeys.AsSpan(0, count).Sort();
        return count;
    }

    /// <summary>
    /// A liquidation step of a portfolio pool that holds options on <paramref name="index"/>: if its delta is worth a
    /// lot or more of the index's perpetual in the pool's currency and hedging it lowers the pool's scenario
    /// requirement, an immediate-or-cancel order there takes it toward zero, at most a step and at most
    /// <see cref="HedgeSlippagePpm"/> from the mark, so the options can then be closed without the pool swinging with the
    /// underlying. Returns the lots filled (0 when no hedge was made or none filled).
    /// </summary>
    private long HedgeDelta<TSink>(Account account, int pool, int index, ref TSink sink)
        where TSink : struct, IVenueEventSink
    {
        // A hedge that does not fill is followed by the close in the same step: both need one of the round's ids.
        var hedge = HedgeMarket(index, pool);
        if (hedge is null || _roundIds.Used > OrderIds.PerCommand - 3)
        {
            return 0;
        }

        // Delta as the P&L between the first price steps either side, volatility unchanged; in contracts of the hedge.
        var count = GatherPortfolio(account, pool);
        var moved = 0.0;
        for (var k = 0; k < count; k++)
        {
            ref var stake = ref account.StakeAt((int)(_portfolioKeys[k] & 0xFF_FFFF));
            var market = _markets[stake.Market];
            if (market.Index == index)
            {
                var pnl = RiskArrayOf(market).ScenarioPnl;
                moved += stake.Exposure.Position.Size * (pnl[_deltaUp] - pnl[_deltaDown]);
            }
        }

        var perContract = RiskArrayOf(hedge).ScenarioPnl;
        var lots = (long)Math.Truncate(-moved / (perContract[_deltaUp] - perContract[_deltaDown]));
        lots = Math.Clamp(lots, -Math.Min(hedge.LiquidationStepLots, hedge.Spec.MaxOrderQuantity.Lots), Math.Min(hedge.LiquidationStepLots, hedge.Spec.MaxOrderQuantity.Lots));

        // Only a hedge that lowers the requirement: the large moves can make one cost more than it saves (an inverse
        // perpetual's coin P&L is convex, so a long one loses most on the extended table's fall).
        if (lots == 0 || IndexMaintenance(account, count, index, hedge, lots) >= IndexMaintenance(account, count, index, hedge, 0))
        {
            return 0;
        }

        var side = lots > 0 ? Side.Buy : Side.Sell;
        var before = SizeIn(account, hedge);
        _roundIds.Used++;
        var order = new NewOrder(
            hedge.Spec.Id, OrderIds.Liquidation(_roundIds.Sequence, _roundIds.Used), account.Id, side, OrderType.Limit, TimeInForce.ImmediateOrCancel,
            hedge.EdgeAt(side, (long)((Int128)hedge.Mark.E8 * HedgeSlippagePpm / PpmScale)), new Quantity(Math.Abs(lots)));
        var clearing = new ClearingSink<TSink>(this, hedge, ref sink);
        hedge.Book.Submit(order, ref clearing);
        return Math.Abs(SizeIn(account, hedge) - before);
    }

    /// <summary>
    /// The scenario maintenance margin of the gathered positions on one index with <paramref name="extraLots"/> more of
    /// <paramref name="hedge"/>, in the gathered order (the hedge in its place by market when the account holds none).
    /// </summary>
    private double IndexMaintenance(Account account, int count, int index, MarketClearing hedge, long extraLots)
    {
        if (_portfolioPositions.Length <= count)
        {
            Array.Resize(ref _portfolioPositions, count + 1);
        }

        var (n, placed) = (0, extraLots == 0);
        for (var k = 0; k < count; k++)
        {
            ref var stake = ref account.StakeAt((int)(_portfolioKeys[k] & 0xFF_FFFF));
            var market = _markets[stake.Market];
            if (market.Index != index)
            {
                continue;
            }

            if (!placed && market.Slot >= hedge.Slot)
            {
                placed = true;
                if (market.Slot > hedge.Slot)
                {
                    _portfolioPositions[n++] = new MarginPosition(RiskArrayOf(hedge), extraLots);
                }
                else
                {
                    _portfolioPositions[n++] = new MarginPosition(RiskArrayOf(market), stake.Exposure.Position.Size + extraLots);
                    continue;
                }
            }

            _portfolioPositions[n++] = new MarginPosition(RiskArrayOf(market), stake.Exposure.Position.Size);
        }

        if (!placed)
        {
            _portfolioPositions[n++] = new MarginPosition(RiskArrayOf(hedge), extraLots);
        }

        return _portfolio!.Evaluate(_portfolioPositions.AsSpan(0, n)).Maintenance;
    }

    /// <summary>The scenarios of the smallest price move down and up, volatility unchanged, at full weight.</summary>
    private static (int Down, int Up) FirstPriceSteps(PortfolioMargin margin)
    {
        var (down, up) = (-1, -1);
        var scenarios = margin.Scenarios;
        for (var s = 0; s < scenarios.Length; s++)
        {
            var (move, shock, weight) = scenarios[s];
            if (shock != VolatilityScenario.Unchanged || weight != 1)
            {
                continue;
            }

            down = move < 0 && (down < 0 || move > scenarios[down].Move) ? s : down;
            up = move > 0 && (up < 0 || move < scenarios[up].Move) ? s : up;
        }

        return (down, up);
    }

    /// <summary>The perpetual that hedges an index in a currency: the lowest id, open and marked; null when there is none.</summary>
    private MarketClearing? HedgeMarket(int index, int currency)
    {
        foreach (var slot in _marketsByIndex[index])
        {
            var market = _markets[slot];
            if (market.Spec.Kind == InstrumentKind.Perpetual && market.Currency.Value == currency && market.Mark.IsPositive && market.Phase == TradingPhase.Open)
            {
                return market;
            }
        }

        return null;
    }

    /// <summary>The sum of the position margins of the stakes in a pool: what it needs under standard margin.</summary>
    private static MarginRequirement StandardRequirement(Account account, int pool)
    {
        var (initial, maintenance) = (Money.Zero, Money.Zero);
        for (var i = 0; i < account.StakeCount; i++)
        {
            ref var stake = ref account.StakeAt(i);
            if (stake.Pool == pool)
            {
                (initial, maintenance) = (initial + stake.Contribution.PositionInitial, maintenance + stake.Contribution.Maintenance);
            }
        }

        return new MarginRequirement(initial, maintenance);
    }

    /// <summary>
    /// A market's risk array at its state: an option's at the forward, volatility and time its mark was priced at, a
    /// future's at its mark. Refreshed only when those moved, so it is a cache a restore recomputes bit for bit.
    /// </summary>
    private static RiskArray RiskArrayOf(MarketClearing market) =>
        market.Option is { } option
            ? market.Scenarios!.At(option.Forward.E8 / (double)QuotePrice.Scale, option.Volatility, TimeToExpiry.Years(option.MarkedAt, option.Expiry.ExpiryMicros))
            : market.Scenarios!.At(market.Mark.E8 / (double)QuotePrice.Scale, 0, 0);

    /// <summary>Gives a market its risk array when the venue offers portfolio margin.</summary>
    private void AddScenarios(MarketClearing market)
    {
        if (_portfolio is not null)
        {
            market.Scenarios = new ScenarioRisk(_portfolio.CreateRiskArray(MarginInstrumentOf(market)));
        }
    }

    /// <summary>How portfolio margin sees a market: an option by type and strike, a perpetual or future as a future; one lot per contract.</summary>
    private static MarginInstrument MarginInstrumentOf(MarketClearing market)
    {
        var lot = market.Risk.Terms.LotAmountE8 / (double)QuotePrice.Scale;
        var settlement = market.Spec.Settlement == SettlementType.Inverse ? MarginSettlement.Inverse : MarginSettlement.Linear;
        return market.Option is { } option
            ? MarginInstrument.OptionOf(option.Type, option.StrikeE8 / (double)QuotePrice.Scale, settlement, lot)
            : MarginInstrument.Future(settlement, lot);
    }

    private static Money RoundUp(double amount, double units) => new(checked((long)Math.Ceiling(amount * units)));
}
