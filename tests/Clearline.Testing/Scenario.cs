using System.Globalization;
using System.Text;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;

namespace Clearline.Testing;

/// <summary>An instrument plus the narrow band of valid prices most orders use (so crossing is frequent).</summary>
public sealed class Market
{
    public Market(string name, InstrumentSpec spec, long bandLow, long bandHigh, long[] offGrid, bool deep = false)
    {
        Name = name;
        Deep = deep;
        Spec = spec;
        ValidPrices = TestMarkets.ValidPrices(spec);
        BandLow = Array.FindIndex(ValidPrices, p => p >= bandLow);
        BandHigh = Array.FindLastIndex(ValidPrices, p => p <= bandHigh);
        var max = spec.MaxPrice.Ticks;
        EdgePrices = [0, -1, long.MinValue, 1, 2, max - 1, max, max + 1, long.MaxValue, .. offGrid];
    }

    public string Name { get; }

    /// <summary>Streams that build a deep book (hundreds to a thousand resting orders): few cancels, a large limit.</summary>
    public bool Deep { get; }

    public InstrumentSpec Spec { get; }

    public long[] ValidPrices { get; }

    /// <summary>Index range into <see cref="ValidPrices"/>.</summary>
    public int BandLow { get; }

    public int BandHigh { get; }

    /// <summary>Raw prices at and beyond the edges, off the grid and absurd.</summary>
    public long[] EdgePrices { get; }

    public override string ToString() => Name;
}

public enum PriceKind : byte
{
    /// <summary>Index into the market's valid prices.</summary>
    Index,

    /// <summary>A raw tick value, valid or not.</summary>
    Raw,

    /// <summary>Amend only: the order's last known price.</summary>
    Same,

    /// <summary>Amend only: that many valid prices away from the order's last known price.</summary>
    Step,
}

public readonly record struct PriceChoice(PriceKind Kind, long Value);

public enum IdChoice : byte
{
    Next,
    Gap,
    ReuseLast,
    ReuseOlder,
    Zero,
    Negative,
}

/// <summary>A command before its ids and accounts are resolved against the stream so far.</summary>
public abstract record Op;

public sealed record NewOp(int Side, int Type, int TimeInForce, int PostOnly, int SelfTrade, PriceChoice Price, long Quantity, long Display, int Account, IdChoice Id, bool WrongInstrument) : Op;

/// <summary><see cref="Recency"/> 0 is the most recent good-til-cancelled limit order; beyond those it names an unknown id.</summary>
public sealed record AmendOp(int Recency, bool AsOwner, int Account, PriceChoice Price, long Quantity, bool WrongInstrument) : Op;

public sealed record CancelOp(int Recency, bool AsOwner, int Account, bool WrongInstrument) : Op;

public sealed record CancelAllOp(int Account) : Op;

/// <summary>One generated stream: a market, 3-5 accounts, a book size limit and the commands.</summary>
public sealed record Scenario(Market Market, int Accounts, int MaxResting, Op[] Ops)
{
    public IReadOnlyList<BookCommand> Resolve()
    {
        var spec = Market.Spec;
        var valid = Market.ValidPrices;
        var issued = new List<long>();
        var known = new Dictionary<long, (int Account, long Price)>();
        var lastId = 0L;
        var commands = new List<BookCommand>(Ops.Length);
        var wrong = new InstrumentId(spec.Id.Value + 1);

        AccountId AccountOf(int index) => new((index % Accounts) + 1);

        long PriceOf(PriceChoice choice, long current) => choice.Kind switch
        {
            PriceKind.Index => valid[Math.Clamp((int)choice.Value, 0, valid.Length - 1)],
            PriceKind.Same => current,
            PriceKind.Step => valid[Math.Clamp(NearestIndex(valid, current) + (int)choice.Value, 0, valid.Length - 1)],
            _ => choice.Value,
        };

        (OrderId Id, AccountId Account, long Price) Target(int recency, bool asOwner, int account)
        {
            if (recency < issued.Count)
            {
                var id = issued[issued.Count - 1 - recency];
                var (owner, price) = known[id];
                var who = asOwner ? owner : (owner + 1 + (account % (Accounts - 1))) % Accounts;
                return (new OrderId(id), AccountOf(who), price);
            }

            return (new OrderId(lastId + 1_000 + recency), AccountOf(account), valid[(Market.BandLow + Market.BandHigh) / 2]);
        }

        foreach (var op in Ops)
        {
            switch (op)
            {
                case NewOp n:
                    var id = n.Id switch
                    {
                        IdChoice.Next => lastId + 1,
                        IdChoice.Gap => lastId + 3,
                        IdChoice.ReuseLast => Math.Max(lastId, 1),
                        IdChoice.ReuseOlder => issued.Count > 2 ? issued[^3] : Math.Max(lastId, 1),
                        IdChoice.Zero => 0,
                        _ => -lastId - 1,
                    };
                    var price = PriceOf(n.Price, 0);
                    if (id > lastId)
                    {
                        lastId = id;
                        known[id] = (n.Account % Accounts, price);
                        if (n.Type == 0 && n.TimeInForce == 0)
                        {
                            issued.Add(id);
                        }
                    }

                    commands.Add(BookCommand.Of(new NewOrder(
                        n.WrongInstrument ? wrong : spec.Id,
                        new OrderId(id),
                        AccountOf(n.Account),
                        (Side)n.Side,
                        (OrderType)n.Type,
                        (TimeInForce)n.TimeInForce,
                        new Price(price),
                        new Quantity(n.Quantity),
                        new Quantity(n.Display),
                        (PostOnly)n.PostOnly,
                        (SelfTradePrevention)n.SelfTrade)));
                    break;
                case AmendOp a:
                    var (amendId, amendAccount, oldPrice) = Target(a.Recency, a.AsOwner, a.Account);
                    var newPrice = PriceOf(a.Price, oldPrice);
                    if (known.TryGetValue(amendId.Value, out var entry))
                    {
                        known[amendId.Value] = (entry.Account, newPrice);
                    }

                    commands.Add(BookCommand.Of(new AmendOrder(a.WrongInstrument ? wrong : spec.Id, amendId, amendAccount, new Price(newPrice), new Quantity(a.Quantity))));
                    break;
                case CancelOp c:
                    var (cancelId, cancelAccount, _) = Target(c.Recency, c.AsOwner, c.Account);
                    commands.Add(BookCommand.Of(new CancelOrder(c.WrongInstrument ? wrong : spec.Id, cancelId, cancelAccount)));
                    break;
                case CancelAllOp all:
                    commands.Add(BookCommand.CancelAllOf(AccountOf(all.Account)));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(op), op, "unknown op");
            }
        }

        return commands;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Scenario {Market.Name}, {Accounts} accounts, max {MaxResting} resting, {Ops.Length} commands:\n");
        var commands = Resolve();
        for (var i = 0; i < commands.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  [{i}] {commands[i]}\n");
        }

        return text.ToString();
    }

    private static int NearestIndex(long[] valid, long price)
    {
        var index = Array.BinarySearch(valid, price);
        return index >= 0 ? index : Math.Clamp(~index, 0, valid.Length - 1);
    }
}
