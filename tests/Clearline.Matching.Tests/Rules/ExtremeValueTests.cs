using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Testing;
using static Clearline.Matching.Tests.Rules.B;

namespace Clearline.Matching.Tests.Rules;

/// <summary>The fast book against the reference at the edges of the value ranges (prices far apart, largest sizes).</summary>
public sealed class ExtremeValueTests
{
    private static readonly InstrumentSpec Huge = new(
        new InstrumentId(7),
        InstrumentName.Parse("BTC-PERPETUAL"),
        new TickSizeSchedule(1m, [new TickSizeStep(1_048_576m, 128m)]),
        contractSize: 10m,
        lotSize: 1m,
        maxOrderQuantity: new Quantity(InstrumentSpec.MaxOrderLotsLimit),
        maxPrice: new Price(InstrumentSpec.MaxPriceTicksLimit));

    [Fact]
    public void Prices_across_the_whole_range_and_maximum_sizes_agree()
    {
        var driver = new DifferentialDriver(TestBooks.Create(TestBooks.FastName, Huge, 100), TestBooks.Create(TestBooks.ReferenceName, Huge, 100));
        var max = InstrumentSpec.MaxPriceTicksLimit;
        var lots = InstrumentSpec.MaxOrderLotsLimit;
        var id = 0L;
        NewOrder Order(int account, Side side, long price, long quantity, TimeInForce tif = Gtc, long display = 0, PostOnly postOnly = PostOnly.Off) =>
            Limit(++id, account, side, price, quantity, tif, display, postOnly);

        var commands = new List<BookCommand>
        {
            BookCommand.Of(Order(1, Sell, max, lots)),
            BookCommand.Of(Order(2, Sell, max - 128, lots, display: lots / 4)),
            BookCommand.Of(Order(3, Sell, 1_048_960, 4)),
            BookCommand.Of(Order(1, Buy, 1_049_600, 2, postOnly: PostOnly.Reprice)),
            BookCommand.Of(Order(1, Buy, 1_048_960, 1, Ioc)),
            BookCommand.Of(Order(3, Buy, 1, lots)),
            BookCommand.Of(Order(1, Buy, 999_999, 5)),
            BookCommand.Of(Order(2, Buy, 1_000_100, 5, postOnly: PostOnly.Reprice)),
            BookCommand.Of(Order(2, Sell, 1_000_050, 5)),
            BookCommand.Of(Order(3, Sell, 2, 3, postOnly: PostOnly.Reprice)),
            BookCommand.Of(Order(3, Buy, max, 7, Ioc)),
            BookCommand.Of(Order(1, Buy, max, lots, Fok)),
            BookCommand.Of(Order(1, Buy, max, lots - 20, Ioc)),
            BookCommand.Of(Order(3, Sell, 1, lots, Ioc)),
            BookCommand.Of(Amend(1, 1, max - 256, lots)),
            BookCommand.Of(Order(1, Buy, max, lots)),
            BookCommand.Of(Order(2, Sell, 1, 1, Fok)),
            BookCommand.CancelAllOf(new AccountId(2)),
            BookCommand.CancelAllOf(new AccountId(1)),
            BookCommand.CancelAllOf(new AccountId(3)),
        };
        foreach (var command in commands)
        {
            driver.Step(command);
        }

        driver.CompareState();
        Assert.Equal(0, driver.Oracle.OrderCount);
        Assert.True(driver.EventCount > 30, $"only {driver.EventCount} events");
    }

    [Fact]
    public void Extreme_account_and_order_ids_agree()
    {
        var driver = new DifferentialDriver(TestBooks.Create(TestBooks.FastName, Instruments.Plain, 100), TestBooks.Create(TestBooks.ReferenceName, Instruments.Plain, 100));
        int[] accounts = [0, -1, int.MinValue, int.MaxValue, 1];
        long[] ids = [1, 2, 1L << 32, (1L << 32) + 1, 1L << 40, (1L << 62) + 7, long.MaxValue - 1, long.MaxValue];
        var commands = new List<BookCommand>();
        for (var i = 0; i < ids.Length; i++)
        {
            var account = accounts[i % accounts.Length];
            commands.Add(BookCommand.Of(Limit(ids[i], account, i % 2 == 0 ? Buy : Sell, i % 2 == 0 ? 10 - i : 11 + i, 2 + i, stp: SelfTradePrevention.CancelResting)));
        }

        commands.Add(BookCommand.Of(Amend(1L << 32, int.MinValue, 12, 9)));
        commands.Add(BookCommand.Of(Cancel(long.MaxValue - 1, accounts[6 % 5])));
        commands.Add(BookCommand.Of(Limit(long.MaxValue, 0, Buy, 30, 50, Ioc, stp: SelfTradePrevention.DecrementBoth)));
        commands.Add(BookCommand.CancelAllOf(new AccountId(0)));
        commands.Add(BookCommand.CancelAllOf(new AccountId(int.MinValue)));
        commands.Add(BookCommand.Of(Limit(long.MaxValue, 1, Buy, 5, 1)));
        commands.Add(BookCommand.Of(Cancel(long.MaxValue, 1)));
        commands.Add(BookCommand.Of(Cancel(long.MinValue, 1)));
        commands.Add(BookCommand.CancelAllOf(new AccountId(-1)));
        commands.Add(BookCommand.CancelAllOf(new AccountId(int.MaxValue)));
        commands.Add(BookCommand.CancelAllOf(new AccountId(1)));
        foreach (var command in commands)
        {
            driver.Step(command);
        }

        Assert.Equal(0, driver.Oracle.OrderCount);
        Assert.True(driver.EventCount > 25, $"only {driver.EventCount} events");
    }

    /// <summary>A 1-lot slice on a 2^40-lot iceberg would make one sweep 10^12 trades: icebergs are capped at 1,000 slices.</summary>
    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Icebergs_needing_more_than_a_thousand_slices_are_rejected(string name)
    {
        var h = Huge.Id;
        var book = Book(name, Huge);
        Assert.Equal(
            [Rejected(CommandKind.NewOrder, 1, 1, RejectReason.InvalidDisplayQuantity, h)],
            book.Do(Limit(1, 1, Sell, 100, InstrumentSpec.MaxOrderLotsLimit, display: 1, instrument: h)));
        Assert.Equal(
            [Rejected(CommandKind.NewOrder, 1, 1, RejectReason.InvalidDisplayQuantity, h)],
            book.Do(Limit(1, 1, Sell, 100, 10_001, display: 10, instrument: h)));

        var atLimit = Limit(1, 1, Sell, 100, 10_000, display: 10, instrument: h);
        Assert.Equal([Accepted(atLimit), Level(Sell, 100, 10, 1, h)], book.Do(atLimit));

        // Growing the iceberg past 1,000 slices is refused too; staying within them is fine.
        var before = book.Snapshot();
        Assert.Equal([Rejected(CommandKind.AmendOrder, 1, 1, RejectReason.InvalidDisplayQuantity, h)], book.Do(Amend(1, 1, 100, 10_001, instrument: h)));
        Assert.Equal(before, book.Snapshot());
        Assert.Equal(
            [new OrderAmended(h, new OrderId(1), new AccountId(1), new Price(100), new Quantity(9_000), new Quantity(9_000), LostPriority: false), Level(Sell, 100, 10, 1, h)],
            book.Do(Amend(1, 1, 100, 9_000, instrument: h)));
    }
}
