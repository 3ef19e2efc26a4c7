using Clearline.Domain;
using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;
using Clearline.Sequencing.Codecs;

namespace Clearline.Cli.Tests;

/// <summary>
/// Seeded command streams over two markets that exercise every kind and option: limit orders near a mid price
/// (so they cross), icebergs, post-only, self-trade prevention, market orders, amends, cancels and cancel-alls.
/// Commands are the domain records, boxed (test code).
/// </summary>
internal static class SampleCommands
{
    public static List<object> Generate(int seed, int count, long firstId = 1)
    {
        var random = new Random(seed);
        var commands = new List<object>(count);
        var nextId = firstId;
        for (var i = 0; i < count; i++)
        {
            var instrument = new InstrumentId(random.Next(2));
            var account = new AccountId(random.Next(1, 6));
            var earlier = new OrderId(Math.Max(1, nextId - random.Next(1, 40)));
            var roll = random.Next(100);
            commands.Add(roll switch
            {
                < 55 => new NewOrder(
                    instrument,
                    new OrderId(nextId++),
                    account,
                    random.Next(2) == 0 ? Side.Buy : Side.Sell,
                    OrderType.Limit,
                    random.Next(10) == 0 ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled,
                    new Price(10_000 + (2 * random.Next(-20, 21))),
                    new Quantity(random.Next(1, 25)),
                    new Quantity(random.Next(8) == 0 ? 2 : 0),
                    (PostOnly)random.Next(3),
                    (SelfTradePrevention)random.Next(5)),
                < 75 => new CancelOrder(instrument, earlier, account),
                < 85 => new AmendOrder(instrument, earlier, account, new Price(10_000 + (2 * random.Next(-20, 21))), new Quantity(random.Next(0, 30))),
                < 95 => new NewOrder(instrument, new OrderId(nextId++), account, random.Next(2) == 0 ? Side.Buy : Side.Sell, OrderType.Market, (TimeInForce)random.Next(1, 3), new Price(random.Next(2) == 0 ? 2 : 20_000), new Quantity(random.Next(1, 40))),
                _ => new CancelAllOrders(account, random.Next(2) == 0 ? null : instrument),
            });
        }

        return commands;
    }

    public static byte[] Encode(object command)
    {
        var bytes = new byte[CommandCodec.MaxSize];
        var length = command switch
        {
            NewOrder c => CommandCodec.Encode(c, bytes),
            AmendOrder c => CommandCodec.Encode(c, bytes),
            CancelOrder c => CommandCodec.Encode(c, bytes),
            CancelAllOrders c => CommandCodec.Encode(c, bytes),
            ListOption c => CommandCodec.Encode(c, bytes),
            DelistOption c => CommandCodec.Encode(c, bytes),
            _ => throw new ArgumentException($"not a command: {command}", nameof(command)),
        };
        return bytes[..length];
    }
}
