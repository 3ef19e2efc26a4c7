using System.Numerics;
using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;

namespace Clearline.Clearing.Tests;

/// <summary>
/// Long random streams of deposits, withdrawals, transfers, orders, amendments, cancels, kill switches, index quotes
/// with price shocks and feed outages, platform halts, funding, a circuit breaker, markets moved in and out of
/// isolated margin, and the delivery of a dated future part-way through, checked after every command against the
/// clearing invariants; a snapshot taken half-way and fed the rest of the journal must end where the live engine does.
/// </summary>
public sealed class InvariantTests
{
    private const long FinePerUnit = 10_000_000_000;

    /// <summary><c>CLEARLINE_INVARIANT_SEEDS=N</c> runs N streams of each kind for a soak instead of the suite's 12.</summary>
    private static readonly int SoakSeeds = int.TryParse(Environment.GetEnvironmentVariable("CLEARLINE_INVARIANT_SEEDS"), out var seeds) && seeds > 0 ? seeds : 0;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, SoakSeeds > 0 ? SoakSeeds : 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_command_keeps_the_books_balanced_and_replay_reproduces_the_state(int seed)
    {
        var venue = new Venue(
            sources: 3,
            staleAfterMicros: 5_000_000,
            funding: true,
            breaker: new CircuitBreakerConfig(250_000, 60_000_000, 5_000_000, 5_000_000),
            settlementWindowMicros: 300_000_000,
            volatilityFee: new VolatilityFeeConfig(600_000_000, 500, 20_000))
        {
            // The stream lasts about 13 minutes of sequencer time: the future's delivery window opens 3 minutes in and it expires after 8.
            Now = Venue.FutureExpiry - 480_000_000,
        };
        var stream = new RandomStream(seed, venue);
        var rejected = 0;
        var trades = 0;
        var liquidations = 0;
        var fundingBookings = 0;
        var halts = 0;
        var deliveries = 0;
        var reasons = new HashSet<RejectReason>();
        EngineState? restored = null;
        var restoredAt = 0;
        for (var i = 0; i < 4_000; i++)
        {
            if (i == 2_000)
            {
                // Half-way, a snapshot: restored and fed the rest of the journal, it must end where the live engine does.
                restored = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), Venue.Markets, clearing: venue.Config);
                restoredAt = venue.Journal.Count;
            }

            var before = i % 10 == 0 ? CollateralTests.StateWithoutSequence(venue) : null;
            var events = stream.Next();
            trades += events.OfType<Trade>().Count();
            liquidations += events.OfType<LiquidationChanged>().Count(l => l.Liquidating);
            fundingBookings += events.OfType<BalanceChanged>().Count(b => b.Reason == BalanceChangeReason.Funding);
            halts += events.OfType<TradingPhaseChanged>().Count(p => p.Phase == TradingPhase.Halted);
            deliveries += events.OfType<TradingPhaseChanged>().Count(p => p.Phase == TradingPhase.Delivered);
            if (events.Rejection() is { } reason)
            {
                reasons.Add(reason);
            }

            if (events.Rejection() is not null && before is not null)
            {
                Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));
                rejected++;
            }

            AssertInvariants(venue);
        }

        // What the stream exercised: the suite's seeds are known to reach all of it, a soak's streams need not.
        if (SoakSeeds == 0)
        {
            Assert.True(rejected > 0, "the stream should exercise rejections");
            Assert.True(trades > 100, $"the stream should trade, not {trades} times");
            Assert.Contains(RejectReason.NotEnoughFunds, reasons);
            Assert.True(liquidations > 0, "the stream's price shocks should liquidate someone");
            Assert.True(fundingBookings > 0, "positions should pay or receive funding as they change");
            Assert.True(halts > 0, "the stream should halt trading");
            Assert.Contains(RejectReason.InstrumentExpired, reasons);
            Assert.Contains(RejectReason.ReduceOnlyWouldIncrease, reasons);
            Assert.Contains(RejectReason.MarginModeLocked, reasons);
            Assert.True(stream.Isolations > 0, "the stream should isolate markets");
            Assert.True(venue.House.CaptureState().Accounts.Any(a => a.Positions.Count > 0), "the stream should open positions");
        }

        Assert.Equal(1, deliveries);
        Assert.DoesNotContain(venue.House.CaptureState().Accounts.SelectMany(a => a.Positions), p => p.Instrument == Venue.Future);
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
        var sink = default(NoVenueEvents);
        foreach (var (timestamp, command) in venue.Journal.Skip(restoredAt))
        {
            restored!.Apply(restored.LastSequence + 1, timestamp, command, ref sink);
        }

        Assert.Equal(venue.State.ComputeStateHash().Root, restored!.ComputeStateHash().Root);
        var decoded = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), Venue.Markets, clearing: venue.Config);
        Assert.Equal(venue.State.ComputeStateHash().Root, decoded.ComputeStateHash().Root);
        Assert.Equal(venue.House.CaptureState(), decoded.Clearing!.CaptureState());
    }

    /// <summary>
    /// The same stream with options listed: a quarter of the commands are option orders around their marks, new
    /// surfaces, or accounts switching between standard and portfolio margin; the call and the put settle in cash during
    /// the stream, the linear call goes on.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Option_streams_keep_the_books_balanced_and_replay_reproduces_the_state(int seed)
    {
        var (optionTrades, premiums, listings, portfolioChanges) = RunOptionStream(seed, listings: false);
        if (SoakSeeds == 0)
        {
            Assert.True(optionTrades > 10, $"the stream should trade options, not {optionTrades} times");
            Assert.True(premiums > 0, "option trades pay premiums");
            Assert.True(portfolioChanges > 10, $"portfolio-margined accounts should hold risk that moves, not {portfolioChanges} times");
        }

        Assert.Equal(0, listings);
    }

    /// <summary>
    /// The option stream with options also listed and delisted by command (on the expiry that comes during the stream,
    /// the next day's and a third one no surface is set for), and orders in the listed ones: every refusal, duplicate
    /// and expired listings and delistings with open interest included, changes nothing, and everything listed on the
    /// first expiry is delivered with it unless it was delisted first.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Option_streams_with_listings_keep_the_books_balanced_and_replay_reproduces_the_state(int seed)
    {
        var (optionTrades, _, listings, _) = RunOptionStream(seed, listings: true);
        if (SoakSeeds == 0)
        {
            Assert.True(optionTrades > 0, "the stream should trade options");
            Assert.True(listings > 0, "the stream should list options");
        }
    }

    private static (int OptionTrades, int Premiums, int Listings, int PortfolioChanges) RunOptionStream(int seed, bool listings)
    {
        var venue = new Venue(sources: 3, staleAfterMicros: 5_000_000, funding: true, settlementWindowMicros: 300_000_000, options: true, portfolio: true)
        {
            Now = Venue.FutureExpiry - 480_000_000,
        };
        var stream = new RandomStream(seed, venue, options: true, listings: listings);
        var optionTrades = 0;
        var premiums = 0;
        var deliveries = 0;
        var portfolioChanges = 0;
        var listed = 0;
        var delistings = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var before = i % 10 == 0 ? CollateralTests.StateWithoutSequence(venue) : null;
            var events = stream.Next();
            portfolioChanges += events.OfType<PortfolioMarginChanged>().Count(p => p.Portfolio && p.Maintenance > Money.Zero);
            optionTrades += events.OfType<Trade>().Count(t => venue.State.Markets.Any(m => m.Id == t.Instrument && m.Kind == InstrumentKind.Option));
            premiums += events.OfType<BalanceChanged>().Count(b => b.Reason == BalanceChangeReason.OptionPremium);
            deliveries += events.OfType<TradingPhaseChanged>().Count(p => p.Phase == TradingPhase.Delivered);
            listed += events.OfType<OptionListed>().Count();
            delistings += events.OfType<TradingPhaseChanged>().Count(p => p.Phase == TradingPhase.Delisted);
            if (events.Rejection() is not null && before is not null)
            {
                Assert.Equal(before, CollateralTests.StateWithoutSequence(venue));
            }

            AssertInvariants(venue);
        }

        // Everything expiring on 15 November (the future, the call, the put and any option listed there) is delivered once, unless it was delisted first.
        var dueFirst = venue.State.Markets.Where(m => m.Name.Expiry == new DateOnly(2023, 11, 15)).ToArray();
        Assert.All(dueFirst, m => Assert.Contains(venue.House.PhaseOf(m.Id), (TradingPhase[])[TradingPhase.Delivered, TradingPhase.Delisted]));
        Assert.Equal(dueFirst.Count(m => venue.House.PhaseOf(m.Id) == TradingPhase.Delivered), deliveries);
        Assert.True(deliveries >= 3);
        Assert.Equal(listed, venue.State.Markets.Count - venue.Listed.Count);
        Assert.Equal(delistings, venue.State.Markets.Count(m => venue.House.PhaseOf(m.Id) == TradingPhase.Delisted));
        Assert.DoesNotContain(venue.House.CaptureState().Accounts.SelectMany(a => a.Positions), p => dueFirst.Any(m => m.Id == p.Instrument));
        Assert.Equal(venue.State.ComputeStateHash().Root, venue.Replay().ComputeStateHash().Root);
        var decoded = EngineStateCodec.Decode(EngineStateCodec.Encode(venue.State), venue.Listed, clearing: venue.Config);
        Assert.Equal(venue.State.ComputeStateHash().Root, decoded.ComputeStateHash().Root);
        Assert.Equal(venue.House.CaptureState(), decoded.Clearing!.CaptureState());
        return (optionTrades, premiums, listed, portfolioChanges);
    }

    [Fact]
    public void A_clearing_state_is_refused_under_another_configuration()
    {
        var venue = new Venue();
        venue.Deposit(1, Venue.Btc, 1, 1);
        var bytes = EngineStateCodec.Encode(venue.State);
        Assert.Throws<InvalidDataException>(() => EngineStateCodec.Decode(bytes, Venue.Markets));
        Assert.Throws<InvalidDataException>(() => EngineStateCodec.Decode(bytes, Venue.Markets, clearing: new Venue(maxPositionLots: 7).Config));
    }

    /// <summary>
    /// Per currency, exactly in fine units: 10¹⁰ × (Σ balances, cross and isolated, + insurance fund + funding pool −
    /// deposited + withdrawn) + residual = Σ cost of open positions; the fund is never negative; per market, long and
    /// short open interest are equal; every cached margin pool, cross or isolated, equals one recomputed from scratch;
    /// every pool due for liquidation is locked, and a portfolio-margined one shows its portfolio requirement; no pool
    /// without positions is left below zero.
    /// </summary>
    internal static void AssertInvariants(Venue venue)
    {
        var state = venue.House.CaptureState();
        for (var c = 0; c < state.Ledgers.Count; c++)
        {
            var ledger = state.Ledgers[c];
            var balances = state.Accounts.Aggregate(BigInteger.Zero, (sum, a) => sum + a.Balances[c].Units)
                + state.Accounts.SelectMany(a => a.Isolated).Where(i => CurrencyOf(venue, i.Instrument) == c).Aggregate(BigInteger.Zero, (sum, i) => sum + i.Balance.Units);
            var costs = state.Accounts.SelectMany(a => a.Positions)
                .Where(p => CurrencyOf(venue, p.Instrument) == c)
                .Aggregate(BigInteger.Zero, (sum, p) => sum + (BigInteger)p.Position.Cost.Units);
            Assert.Equal(costs, (FinePerUnit * (balances + ledger.InsuranceFund.Units + ledger.FundingPool.Units - ledger.Deposited.Units + ledger.Withdrawn.Units)) + (BigInteger)ledger.Residual.Units);
            Assert.True(ledger.InsuranceFund >= Money.Zero);
        }

        foreach (var market in venue.State.Markets)
        {
            Assert.Equal(0, state.Accounts.SelectMany(a => a.Positions).Where(p => p.Instrument == market.Id).Sum(p => p.Position.Size));
        }

        var books = venue.State.Markets.Select(m => venue.State.Matching.TryGetBook(m.Id, out var book) ? book : throw new InvalidOperationException()).ToArray();
        var rebuilt = Clearinghouse.Restore(books, venue.Config, state);
        foreach (var account in state.Accounts)
        {
            for (var c = 0; c < state.Ledgers.Count; c++)
            {
                Assert.True(venue.House.TryGetMargin(account.Id, new CurrencyId(c), out var live));
                Assert.True(rebuilt.TryGetMargin(account.Id, new CurrencyId(c), out var fresh));
                Assert.Equal(fresh, live);
                Assert.True(!live.IsLiquidatable || (account.Liquidating & (1u << c)) != 0, $"account {account.Id} is due in currency {c} but not locked");
                Assert.Equal(account.Model == MarginModel.Portfolio, venue.House.TryGetPortfolioMargin(account.Id, new CurrencyId(c), out var portfolio));
                if (account.Model == MarginModel.Portfolio)
                {
                    // No stale requirement is left between commands: the pool shows the portfolio's.
                    Assert.Equal((portfolio.Initial, portfolio.Maintenance), (live.PositionInitial, live.Maintenance));
                }

                var crossPositions = account.Positions.Any(p => CurrencyOf(venue, p.Instrument) == c && !account.Isolated.Any(i => i.Instrument == p.Instrument));
                Assert.True(crossPositions || live.Balance >= Money.Zero, $"account {account.Id} is flat and below zero in currency {c}");
            }

            foreach (var isolated in account.Isolated)
            {
                Assert.True(venue.House.TryGetIsolatedMargin(account.Id, isolated.Instrument, out var live));
                Assert.True(rebuilt.TryGetIsolatedMargin(account.Id, isolated.Instrument, out var fresh));
                Assert.Equal(fresh, live);
                Assert.True(!live.IsLiquidatable || isolated.Liquidating, $"account {account.Id} is due in isolated {isolated.Instrument} but not locked");
                Assert.True(account.Positions.Any(p => p.Instrument == isolated.Instrument) || live.Balance >= Money.Zero, $"account {account.Id} is flat and below zero in isolated {isolated.Instrument}");
            }
        }
    }

    private static int CurrencyOf(Venue venue, InstrumentId instrument) =>
        venue.State.Markets.Single(m => m.Id == instrument).Settlement == SettlementType.Linear ? Venue.Usdc.Value : Venue.Btc.Value;

    /// <summary>Draws the next command from a seeded mix; prices follow a random walk with rare shocks of ±10–30%.</summary>
    private sealed class RandomStream(int seed, Venue venue, bool options = false, bool listings = false)
    {
        private static readonly int[] Accounts = [1, 2, 3, 4, 5, 6];
        private static readonly DateOnly[] Expiries = [new(2023, 11, 15), new(2023, 11, 16), new(2023, 11, 17)];
        private readonly Random _random = new(seed);

        /// <summary>Listings, delistings and orders in listed options draw from their own generator, so the rest of the stream draws as it did before them.</summary>
        private readonly Random _listing = new(-seed);
        private readonly List<(InstrumentId Instrument, long Id, int Account)> _orders = [];
        private decimal _price = 50_000m;
        private bool _familyOpened;
        private bool _halted;

        public int Isolations { get; private set; }

        public List<object> Next()
        {
            venue.Now += _random.Next(0, 400_000);
            if (!_familyOpened)
            {
                _familyOpened = true;
                venue.Deposit(1, Venue.Btc, 50_000_000, 1);
                return venue.CreateSubaccount(1, 2);
            }

            if (_halted && _random.Next(10) == 0)
            {
                return Halt(false);
            }

            if (options && _random.Next(4) == 0)
            {
                return Option();
            }

            var roll = _random.Next(100);
            return roll switch
            {
                < 6 => Deposit(),
                < 9 => venue.Withdraw(Account(), Currency(), Amount(), _random.Next(1, 40)),
                < 11 => venue.Transfer(Account(), Account(), Currency(), Amount(), _random.Next(1, 40)),
                < 20 => Quote(),
                < 22 => venue.Tick(),
                < 23 => venue.KillSwitch(Account(), _random.Next(3) == 0),
                < 24 => Halt(true),
                < 27 => Isolate(),
                < 70 => Order(),
                < 90 => Cancel(),
                _ => Amend(),
            };
        }

        /// <summary>The platform-wide halt, released a few commands after it is engaged.</summary>
        private List<object> Halt(bool halted)
        {
            _halted = halted;
            return venue.Halt(halted);
        }

        /// <summary>Isolates a market, tops it up or releases it, or returns it to cross margin (amount zero).</summary>
        private List<object> Isolate()
        {
            var instrument = Venue.Markets[_random.Next(Venue.Markets.Count)].Id;
            var collateral = _random.Next(3) == 0 ? 0 : Amount() * (instrument == Venue.Linear ? 100 : 1);
            var events = venue.IsolatedMargin(Account(), instrument, collateral);
            Isolations += events.OfType<BalanceChanged>().Count(b => b.Reason == BalanceChangeReason.IsolatedMargin && b.Isolated is not null && b.Change > Money.Zero);
            return events;
        }

        private List<object> Deposit()
        {
            var currency = Currency();
            return venue.Deposit(Account(), currency, Amount() * (currency == Venue.Btc ? 1 : 100), _random.Next(1, 40));
        }

        private List<object> Quote()
        {
            if (_random.Next(15) == 0)
            {
                // A shock of ±10% to ±30% that every source reports at once: the index follows and positions are liquidated.
                _price = Math.Clamp(decimal.Round(_price * (1m + ((_random.Next(2) == 0 ? -1 : 1) * _random.Next(10, 31) / 100m)), 2), 1_000m, 200_000m);
                return [.. venue.Quote(_price, 1), .. venue.Quote(_price, 2), .. venue.Quote(_price, 3)];
            }

            _price = Math.Clamp(decimal.Round(_price * (1m + ((_random.Next(201) - 100) / 10_000m)), 2), 1_000m, 200_000m);

            // Occasionally one source strays far: clipped, not followed.
            var price = _random.Next(20) == 0 ? _price * 1.5m : _price;
            return venue.Quote(price, _random.Next(1, 4));
        }

        private List<object> Order()
        {
            var instrument = Venue.Markets[_random.Next(Venue.Markets.Count)].Id;
            var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var offset = (_random.Next(21) - 10) / 2_000m;
            var usd = decimal.Round(_price * (1 + offset), 0);
            var lots = instrument == Venue.Linear ? _random.Next(1, 2_000) : _random.Next(1, 5_000);
            var account = Account();
            var tif = _random.Next(5) == 0 ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled;

            // Id 0: the engine assigns one, clear of the ids liquidation orders take.
            // One immediate order in five is reduce-only, chosen from draws already made so the streams stay as they were.
            var events = venue.Order(instrument, 0, account, side, usd, lots, tif, reduceOnly: tif == TimeInForce.ImmediateOrCancel && lots % 5 == 0);
            foreach (var accepted in events.OfType<OrderAccepted>().Where(a => a.Order.Account.Value == account))
            {
                _orders.Add((instrument, accepted.Order.Id.Value, account));
            }

            return events;
        }

        /// <summary>A flat surface for one of the first two expiries (one in eight), a switch of margin model (one in 32), with listings a listing or delisting (one in 32), else an option order around its mark.</summary>
        private List<object> Option()
        {
            var roll = _random.Next(32);
            if (roll < 4)
            {
                // Not the third expiry, which only listings open: its options stay without a mark and their orders are refused.
                return venue.FlatSurface(Expiries[_random.Next(2)], _random.Next(20, 150) / 100.0);
            }

            if (roll == 4)
            {
                return venue.MarginModel(Account(), _random.Next(3) == 0 ? MarginModel.Standard : MarginModel.Portfolio);
            }

            if (listings && _listing.Next(32) == 0)
            {
                return ListOrDelist();
            }

            // The configured option is drawn first, so the main generator draws as it did before listings came in.
            var instrument = Venue.OptionMarkets[_random.Next(Venue.OptionMarkets.Count)].Id;
            var listed = venue.State.Markets.Skip(venue.Listed.Count).ToArray();
            if (listed.Length > 0 && _listing.Next(4) == 0)
            {
                instrument = listed[_listing.Next(listed.Length)].Id;
            }

            var linear = venue.State.Markets.Single(m => m.Id == instrument).Settlement == SettlementType.Linear;
            var mark = venue.House.PricesOf(instrument).Mark;
            var premium = (mark.IsPositive ? mark.E8 / 100_000_000m : linear ? 1_000m : 0.02m) * (1 + ((_random.Next(41) - 20) / 100m));
            var tick = linear ? 0.5m : premium >= 0.005m ? 0.0005m : 0.0001m;
            premium = Math.Max(tick, decimal.Round(premium / tick) * tick);
            var account = Account();
            var tif = _random.Next(5) == 0 ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled;
            var events = venue.OptionOrder(instrument, 0, account, _random.Next(2) == 0 ? Side.Buy : Side.Sell, premium, _random.Next(1, 60), tif);
            foreach (var accepted in events.OfType<OrderAccepted>().Where(a => a.Order.Account.Value == account))
            {
                _orders.Add((instrument, accepted.Order.Id.Value, account));
            }

            return events;
        }

        /// <summary>
        /// Lists an option on one of the expiries (the first comes during the stream: a listing after it is refused, as
        /// is a repeated name), or delists one the stream listed (refused while it has open interest).
        /// </summary>
        private List<object> ListOrDelist()
        {
            var listed = venue.State.Markets.Skip(venue.Listed.Count).ToArray();
            if (listed.Length > 0 && _listing.Next(3) == 0)
            {
                return venue.DelistOption(listed[_listing.Next(listed.Length)].Id);
            }

            var type = _listing.Next(2) == 0 ? OptionType.Call : OptionType.Put;
            var settlement = _listing.Next(3) == 0 ? SettlementType.Linear : SettlementType.Inverse;
            return venue.ListOption(Expiries[_listing.Next(Expiries.Length)], _listing.Next(45, 56) * 1_000m, type, settlement);
        }

        private List<object> Cancel()
        {
            if (_orders.Count == 0)
            {
                return venue.Tick();
            }

            var (instrument, id, account) = _orders[_random.Next(_orders.Count)];
            return venue.Cancel(instrument, id, _random.Next(10) == 0 ? Account() : account);
        }

        private List<object> Amend()
        {
            if (_orders.Count == 0)
            {
                return venue.Tick();
            }

            var (instrument, id, account) = _orders[_random.Next(_orders.Count)];
            var usd = decimal.Round(_price * (1 + ((_random.Next(41) - 20) / 1_000m)), 0);
            return venue.Amend(instrument, id, account, usd, _random.Next(1, 3_000));
        }

        private int Account() => Accounts[_random.Next(Accounts.Length)];

        private CurrencyId Currency() => _random.Next(2) == 0 ? Venue.Btc : Venue.Usdc;

        private long Amount() => _random.Next(1, 1_000) * 100_000L;
    }
}
