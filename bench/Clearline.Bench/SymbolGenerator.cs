using Clearline.Domain;

namespace Clearline.Bench;

/// <summary>
/// Generates one symbol's commands against its own <see cref="ShadowBook"/>. Two slow integral
/// controllers keep the stream on target: the chance that a GTC or a move crosses the spread steers the
/// share of trading commands, and how many resting orders an aggressive order sweeps steers the book size.
/// Self-trade prevention is off: the generator does not care which accounts meet.
/// </summary>
public sealed class SymbolGenerator
{
    private const int MinRestingLots = 10;
    private const int MaxRestingLots = 100;
    private const int BandMargin = 64;
    private const int WalkTicks = 8;
    private const int NearBand = 825;
    private const double FarShare = 0.7;

    private readonly WorkloadProfile _profile;
    private readonly ShadowBook _book;
    private readonly long _mid;
    private readonly int _halfBand;
    private Prng _rng;

    // Chance that a GTC or move is placed to cross (integral control on the trade ratio).
    private double _crossChance = 0.033;

    // Extra orders swept per aggressive order (integral control on the book size).
    private double _sweepBias;

    public SymbolGenerator(int instrument, WorkloadProfile profile, ulong seed)
    {
        Instrument = instrument;
        _profile = profile;
        _mid = WorkloadProfile.MidPrice;
        _halfBand = profile.HalfBand;
        _book = new ShadowBook(_mid - _halfBand - BandMargin, _mid + _halfBand + BandMargin, profile.TargetOrders);
        _rng = new Prng(seed);
    }

    public int Instrument { get; }

    public ShadowBook Book => _book;

    public long Mid => _mid;

    /// <summary>A passive GTC order, to build the resting book before measurement.</summary>
    public BenchCommand NextPrefill(long id, int account)
    {
        var side = RandomSide();
        var price = PassivePrice(side);
        var quantity = RestingQuantity();
        _book.Submit(id, account, side, price, quantity, rest: true);
        return new BenchCommand(id, price, quantity, account, Instrument, BenchOp.Gtc, side);
    }

    /// <summary>The next measured command; <paramref name="id"/> is used only if it is a new order.</summary>
    public BenchCommand Next(long id, int account, out int trades)
    {
        var roll = _rng.Next(100);
        BenchCommand command;
        if (roll < 9)
        {
            command = NewGtc(id, account, out trades);
        }
        else if (roll < 12)
        {
            command = NewIoc(id, account, out trades);
        }
        else if (roll < 18 && _book.OrderCount > 0)
        {
            var slot = _book.LiveSlot(_rng.Next(_book.OrderCount));
            command = new BenchCommand(_book.IdOf(slot), _book.PriceOf(slot), (int)_book.RemainingOf(slot), _book.AccountOf(slot), Instrument, BenchOp.Cancel, _book.SideOf(slot));
            _book.Cancel(slot);
            trades = 0;
        }
        else if (_book.OrderCount > 0)
        {
            command = Move(out trades);
        }
        else
        {
            command = NewGtc(id, account, out trades);
        }

        // Integral control. Every trading command other than an IOC takes one order off the book net (a fill
        // completes either the maker or the taker), so at 9% GTC / 6% cancel the book only holds its size if
        // a little under 3% of commands trade that way: the trade target gives a little when the book is
        // small, and the sweep depth of aggressive orders takes off what is left over when it is large.
        var error = SizeError();
        var tradeTarget = _profile.TradeRatio + (0.005 * error);
        _crossChance = Math.Clamp(_crossChance + (0.0005 * (tradeTarget - (trades > 0 ? 1 : 0))), 0, 0.5);
        _sweepBias = Math.Clamp(_sweepBias + (0.0002 * error), -1, 4);
        return command;
    }

    private BenchCommand NewGtc(long id, int account, out int trades)
    {
        var side = RandomSide();
        long price;
        long quantity;
        if (_book.OppositeBest(side) >= 0 && _rng.Chance(_crossChance))
        {
            side = AggressiveSide(side);
            (price, quantity, var swept) = Aggressive(side, sweep: SizeError() > 0);
            if (swept > 0 && _rng.Chance(0.5))
            {
                // Rest the remainder: it takes the swept orders' place, so the book size is unchanged.
                quantity += RestingQuantity();
            }
        }
        else
        {
            price = PassivePrice(side);
            quantity = RestingQuantity();
        }

        quantity = Math.Min(quantity, 1_000_000);
        trades = _book.Submit(id, account, side, price, quantity, rest: true);
        return new BenchCommand(id, price, (int)quantity, account, Instrument, BenchOp.Gtc, side);
    }

    private BenchCommand NewIoc(long id, int account, out int trades)
    {
        var side = RandomSide();
        long price;
        long quantity;
        if (_book.OppositeBest(side) >= 0)
        {
            side = AggressiveSide(side);
            (price, quantity, var swept) = Aggressive(side, sweep: true);
            if (swept > 0 && _rng.Chance(0.25))
            {
                // More than the swept orders hold: the IOC's remainder is cancelled.
                quantity += RestingQuantity();
            }
        }
        else
        {
            price = side == Side.Buy ? _mid + _halfBand : _mid - _halfBand;
            quantity = RestingQuantity();
        }

        quantity = Math.Min(quantity, 1_000_000);
        trades = _book.Submit(id, account, side, price, quantity, rest: false);
        return new BenchCommand(id, price, (int)quantity, account, Instrument, BenchOp.Ioc, side);
    }

    private BenchCommand Move(out int trades)
    {
        var slot = _book.LiveSlot(_rng.Next(_book.OrderCount));
        var side = _book.SideOf(slot);
        var old = _book.PriceOf(slot);
        long price;
        // A crossing move takes at least one order off the book (the mover or a maker it completes); unless
        // the book is too large it only crosses when it is smaller than the opposite front order, so that
        // it is the only one to go. (The trade controller makes up for the moves that may not cross.)
        if (_book.OppositeBest(side) >= 0 && _rng.Chance(_crossChance)
            && (SizeError() > 0 || _book.RemainingOf(slot) < _book.FrontOppositeRemaining(side)))
        {
            // Cross as deep as the sweep controller wants, but the size stays the order's own.
            price = Aggressive(side, sweep: true).Price;
        }
        else
        {
            price = old;
            for (var attempt = 0; attempt < 4 && price == old; attempt++)
            {
                price = _rng.Chance(0.5) ? WalkPrice(side, old) : PassivePrice(side);
            }
        }

        var command = new BenchCommand(_book.IdOf(slot), price, (int)_book.RemainingOf(slot), _book.AccountOf(slot), Instrument, BenchOp.Move, side);
        trades = _book.Move(slot, price);
        return command;
    }

    /// <summary>A limit price and size that take the first k opposite orders whole (k from the sweep controller), or part of the first.</summary>
    private (long Price, long Quantity, int Swept) Aggressive(Side side, bool sweep)
    {
        var depth = sweep ? _sweepBias + SizeError() : 0;
        var k = depth <= 0 ? 0 : (int)depth + (_rng.NextDouble() < depth - Math.Floor(depth) ? 1 : 0);
        if (k == 0)
        {
            var front = _book.FrontOppositeRemaining(side);
            return (_book.OppositeBest(side), front > 1 ? 1 + _rng.Next((int)Math.Min(Math.Max(1, front / 4), int.MaxValue)) : 1, 0);
        }

        var (quantity, worst, swept) = _book.PeekOpposite(side, k);
        return (worst, quantity, swept);
    }

    /// <summary>Book size off target, saturating at 100 orders either way (so a deep book reacts like a small one).</summary>
    /// <summary>
    /// When the book is not too large, an aggressive order goes against a front order it can fill only in
    /// part (more than one lot), if either side has one, so that it takes no order off the book.
    /// </summary>
    private Side AggressiveSide(Side side)
    {
        var other = side == Side.Buy ? Side.Sell : Side.Buy;
        return SizeError() <= 0 && _book.FrontOppositeRemaining(side) <= 1 && _book.FrontOppositeRemaining(other) > 1 ? other : side;
    }

    private double SizeError() =>
        Math.Clamp((_book.OrderCount - _profile.TargetOrders) / (0.1 * Math.Min(_profile.TargetOrders, 1_000)), -1, 1);

    private long PassivePrice(Side side)
    {
        // Within the exchange-core band for a share of orders, so that a wide (deep) band still refills the
        // top of the book as fast as a narrow one and the best prices stay near the mid.
        var band = _halfBand > NearBand && !_rng.Chance(FarShare) ? NearBand : _halfBand;
        var price = side == Side.Buy ? _mid - 1 - _rng.Next(band) : _mid + 1 + _rng.Next(band);
        return KeepPassive(side, price);
    }

    private long WalkPrice(Side side, long old)
    {
        var step = _rng.NextInclusive(1, WalkTicks);
        var price = _rng.Chance(0.5) ? old + step : old - step;
        price = side == Side.Buy
            ? Math.Clamp(price, _mid - _halfBand, _mid - 1)
            : Math.Clamp(price, _mid + 1, _mid + _halfBand);
        return KeepPassive(side, price);
    }

    /// <summary>Pulls a price back behind the opposite best so that it rests without trading.</summary>
    private long KeepPassive(Side side, long price)
    {
        if (side == Side.Buy && _book.BestAsk >= 0 && price >= _book.BestAsk)
        {
            price = _book.BestAsk - 1;
        }
        else if (side == Side.Sell && _book.BestBid >= 0 && price <= _book.BestBid)
        {
            price = _book.BestBid + 1;
        }

        return Math.Clamp(price, _book.MinPrice, _book.MaxPrice);
    }

    private Side RandomSide() => _rng.Chance(0.5) ? Side.Buy : Side.Sell;

    private int RestingQuantity() => _rng.NextInclusive(MinRestingLots, MaxRestingLots);
}
