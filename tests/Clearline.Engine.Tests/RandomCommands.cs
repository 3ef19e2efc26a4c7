using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;

namespace Clearline.Engine.Tests;

/// <summary>
/// Seeded random command streams over a few markets: mostly limit orders near a mid price (so they cross),
/// with cancels, amends, market orders and cancel-alls of earlier ids, plus some invalid commands.
/// Commands are the domain records, boxed (test code).
/// </summary>
internal static class RandomCommands
{
    public static List<object> Generate(int seed, int count, int markets = 2, int accounts = 5)
    {
        var random = new Random(seed);
        var commands = new List<object>(count);
        var nextId = 1L;
        for (var i = 0; i < count; i++)
        {
            var instrument = new InstrumentId(random.Next(markets));
            var account = new AccountId(random.Next(1, accounts + 1));
            var earlier = new OrderId(Math.Max(1, nextId - random.Next(1, 40)));
            var roll = random.Next(100);
            commands.Add(roll switch
            {
                < 55 => NewLimit(random, instrument, new OrderId(nextId++), account),
                < 75 => new CancelOrder(instrument, earlier, account),
                < 85 => new AmendOrder(instrument, earlier, account, Near(random), new Quantity(random.Next(0, 30))),
                < 92 => new NewOrder(instrument, new OrderId(nextId++), account, Side(random), OrderType.Market, TimeInForce.ImmediateOrCancel, new Price(random.Next(2) == 0 ? 1 : 20_000), new Quantity(random.Next(1, 40))),
                < 95 => new CancelAllOrders(account, random.Next(2) == 0 ? null : instrument),
                _ => NewLimit(random, instrument, new OrderId(random.Next(2) == 0 ? nextId++ : 1), account) with { Quantity = new Quantity(random.Next(-1, 2)) },
            });
        }

        return commands;
    }

    public static int Encode(object command, Span<byte> destination) => command switch
    {
        NewOrder c => CommandCodec.Encode(c, destination),
        AmendOrder c => CommandCodec.Encode(c, destination),
        CancelOrder c => CommandCodec.Encode(c, destination),
        CancelAllOrders c => CommandCodec.Encode(c, destination),
        _ => throw new ArgumentException($"not a command: {command}", nameof(command)),
    };

    private static NewOrder NewLimit(Random random, InstrumentId instrument, OrderId id, AccountId account) =>
        new(instrument, id, account, Side(random), OrderType.Limit, random.Next(10) == 0 ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled, Near(random), new Quantity(random.Next(1, 25)));

    private static Price Near(Random random) => new(10_000 + random.Next(-20, 21));

    private static Side Side(Random random) => random.Next(2) == 0 ? Domain.Side.Buy : Domain.Side.Sell;
}
