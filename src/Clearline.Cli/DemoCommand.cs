using System.CommandLine;
using System.Globalization;
using Clearline.Bench;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Matching;

namespace Clearline.Cli;

/// <summary><c>clearline demo</c>: two accounts trade a few orders on BTC-PERPETUAL; prints every event and the book.</summary>
internal static class DemoCommand
{
    private static readonly AccountId Alice = new(1);
    private static readonly AccountId Bob = new(2);

    public static Command Create()
    {
        var demo = new Command("demo", "a short walk through the matching engine on BTC-PERPETUAL");
        demo.SetAction(parse =>
        {
            Run(parse.InvocationConfiguration.Output);
            return 0;
        });
        return demo;
    }

    private static void Run(TextWriter output)
    {
        var spec = BenchInstruments.Create(0);
        var engine = new MatchingEngine([spec]);
        var sink = new PrintingSink(output, spec.Ticks);
        var instrument = spec.Id;
        var nextId = 1L;
        Price Usd(decimal price) => spec.Ticks.TryToPrice(price, out var p) ? p : throw new InvalidOperationException($"{price} is off the tick grid");

        void Place(string who, AccountId account, Side side, decimal price, long lots, TimeInForce tif = TimeInForce.GoodTilCancelled)
        {
            var order = NewOrder.Limit(instrument, new OrderId(nextId++), account, side, Usd(price), new Quantity(lots), tif);
            output.WriteLine($"> {who} {(side == Side.Buy ? "buys" : "sells")} {lots} @ {price} ({tif}), order {order.Id}");
            engine.Submit(order, ref sink);
        }

        output.WriteLine($"{spec.Name}: tick {spec.Ticks.TickSize} USD; prices in USD, sizes in lots. Alice is account {Alice}, Bob {Bob}.");
        output.WriteLine();
        Place("Alice", Alice, Side.Sell, 90_000m, 10);
        Place("Alice", Alice, Side.Sell, 90_010m, 5);
        Place("Bob", Bob, Side.Buy, 89_990m, 4);
        PrintBook(output, engine, instrument, spec.Ticks);

        Place("Bob", Bob, Side.Buy, 90_010m, 12);
        Place("Bob", Bob, Side.Buy, 90_050m, 10, TimeInForce.ImmediateOrCancel);

        output.WriteLine("> Bob moves order 3 to 89995");
        engine.Amend(new AmendOrder(instrument, new OrderId(3), Bob, Usd(89_995m)), ref sink);
        output.WriteLine("> Alice tries to cancel Bob's order 3");
        engine.Cancel(new CancelOrder(instrument, new OrderId(3), Alice), ref sink);
        Place("Alice", Alice, Side.Sell, 90_020m, 7);
        PrintBook(output, engine, instrument, spec.Ticks);

        output.WriteLine("> Bob cancels all his orders");
        engine.CancelAll(new CancelAllOrders(Bob), ref sink);
        PrintBook(output, engine, instrument, spec.Ticks);
    }

    private static void PrintBook(TextWriter output, MatchingEngine engine, InstrumentId instrument, TickSizeSchedule ticks)
    {
        if (!engine.TryGetBook(instrument, out var book))
        {
            throw new InvalidOperationException($"the demo lists instrument {instrument}");
        }

        output.WriteLine("  book:");
        foreach (var level in book.GetLevels(Side.Sell).Reverse())
        {
            output.WriteLine($"    ask {ticks.ToDecimal(level.Price),10} {level.DisplayedQuantity.Lots,5} lots ({level.OrderCount} order(s))");
        }

        output.WriteLine("    ---");
        foreach (var level in book.GetLevels(Side.Buy))
        {
            output.WriteLine($"    bid {ticks.ToDecimal(level.Price),10} {level.DisplayedQuantity.Lots,5} lots ({level.OrderCount} order(s))");
        }

        output.WriteLine();
    }

    /// <summary>Writes each event as a line; a demo, so it may allocate.</summary>
    private readonly struct PrintingSink(TextWriter output, TickSizeSchedule ticks) : IMatchingEventSink
    {
        public void OnAccepted(in OrderAccepted e) =>
            Write($"accepted   order {e.Order.Id} {e.Order.Side} {e.Order.Quantity.Lots} @ {Usd(e.Order.Price)}");

        public void OnRejected(in CommandRejected e) =>
            Write($"rejected   {e.Command} for order {e.Order} by account {e.Account}: {e.Reason}");

        public void OnTrade(in Trade e) =>
            Write($"TRADE      {e.Quantity.Lots} @ {Usd(e.Price)}: maker order {e.MakerOrder} (account {e.MakerAccount}, {e.MakerRemaining.Lots} left), taker order {e.TakerOrder} (account {e.TakerAccount}, {e.TakerRemaining.Lots} left), aggressor {e.AggressorSide}");

        public void OnCancelled(in OrderCancelled e) =>
            Write($"cancelled  order {e.Order}: {e.Cancelled.Lots} lots, {e.Remaining.Lots} left ({e.Reason})");

        public void OnAmended(in OrderAmended e) =>
            Write($"amended    order {e.Order}: {e.Quantity.Lots} lots @ {Usd(e.Price)}{(e.LostPriority ? ", lost priority" : string.Empty)}");

        public void OnLevelChanged(in BookLevelChanged e) =>
            Write($"level      {e.Side} {Usd(e.Price)}: {e.DisplayedQuantity.Lots} lots in {e.OrderCount} order(s)");

        private string Usd(Price price) => ticks.ToDecimal(price).ToString(CultureInfo.InvariantCulture);

        private void Write(string line) => output.WriteLine("    " + line);
    }
}
