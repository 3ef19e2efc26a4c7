using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Testing;
using static Clearline.Matching.Tests.Rules.B;

namespace Clearline.Matching.Tests.Rules;

/// <summary>Every reject reason, with the validation order, and the book unchanged afterwards.</summary>
public sealed class RejectionTests
{
    private static readonly InstrumentId Other = new(8);

    /// <summary>Case name → (command, kind, id, account, reason). The book holds #1 (account 1, sell 10 × 5) and #2 (account 2, buy 8 × 5, post-only reject).</summary>
    private static readonly Dictionary<string, (BookCommand Command, CommandKind Kind, long Id, int Account, RejectReason Reason)> Cases = new()
    {
        ["new: unknown instrument"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, instrument: Other)), CommandKind.NewOrder, 3, 1, RejectReason.UnknownInstrument),
        ["new: unknown instrument before invalid side"] = (BookCommand.Of(Limit(3, 1, (Side)2, 9, 1, instrument: Other)), CommandKind.NewOrder, 3, 1, RejectReason.UnknownInstrument),
        ["new: invalid side"] = (BookCommand.Of(Limit(3, 1, (Side)2, 9, 1)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidSide),
        ["new: invalid side before invalid type"] = (BookCommand.Of(Limit(3, 1, (Side)9, 9, 1) with { Type = (OrderType)2 }), CommandKind.NewOrder, 3, 1, RejectReason.InvalidSide),
        ["new: invalid type"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1) with { Type = (OrderType)2 }), CommandKind.NewOrder, 3, 1, RejectReason.InvalidOrderType),
        ["new: invalid type before invalid time in force"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, (TimeInForce)3) with { Type = (OrderType)7 }), CommandKind.NewOrder, 3, 1, RejectReason.InvalidOrderType),
        ["new: invalid time in force"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, (TimeInForce)3)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidTimeInForce),
        ["new: invalid time in force before invalid post-only"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, (TimeInForce)3, postOnly: (PostOnly)3)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidTimeInForce),
        ["new: invalid post-only"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, postOnly: (PostOnly)3)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidPostOnly),
        ["new: invalid post-only before invalid self-trade"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, postOnly: (PostOnly)3, stp: (SelfTradePrevention)5)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidPostOnly),
        ["new: invalid self-trade prevention"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, stp: (SelfTradePrevention)5)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidSelfTradePrevention),
        ["new: invalid self-trade before price"] = (BookCommand.Of(Limit(3, 1, Buy, 0, 1, stp: (SelfTradePrevention)255)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidSelfTradePrevention),
        ["new: price zero"] = (BookCommand.Of(Limit(3, 1, Buy, 0, 1)), CommandKind.NewOrder, 3, 1, RejectReason.PriceOutOfBounds),
        ["new: price negative"] = (BookCommand.Of(Limit(3, 1, Buy, -5, 1)), CommandKind.NewOrder, 3, 1, RejectReason.PriceOutOfBounds),
        ["new: price above max"] = (BookCommand.Of(Limit(3, 1, Buy, 31, 1)), CommandKind.NewOrder, 3, 1, RejectReason.PriceOutOfBounds),
        ["new: price huge"] = (BookCommand.Of(Limit(3, 1, Sell, long.MaxValue, 1)), CommandKind.NewOrder, 3, 1, RejectReason.PriceOutOfBounds),
        ["new: market protection price out of bounds"] = (BookCommand.Of(Market(3, 1, Buy, 31, 1)), CommandKind.NewOrder, 3, 1, RejectReason.PriceOutOfBounds),
        ["new: price before quantity"] = (BookCommand.Of(Limit(3, 1, Buy, 0, 0)), CommandKind.NewOrder, 3, 1, RejectReason.PriceOutOfBounds),
        ["new: quantity zero"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 0)), CommandKind.NewOrder, 3, 1, RejectReason.QuantityNotPositive),
        ["new: quantity negative"] = (BookCommand.Of(Limit(3, 1, Buy, 9, long.MinValue)), CommandKind.NewOrder, 3, 1, RejectReason.QuantityNotPositive),
        ["new: quantity above max"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 51)), CommandKind.NewOrder, 3, 1, RejectReason.QuantityAboveMaximum),
        ["new: quantity huge"] = (BookCommand.Of(Limit(3, 1, Buy, 9, long.MaxValue)), CommandKind.NewOrder, 3, 1, RejectReason.QuantityAboveMaximum),
        ["new: quantity before market gtc"] = (BookCommand.Of(Market(3, 1, Buy, 9, 51, Gtc)), CommandKind.NewOrder, 3, 1, RejectReason.QuantityAboveMaximum),
        ["new: market gtc"] = (BookCommand.Of(Market(3, 1, Buy, 9, 1, Gtc)), CommandKind.NewOrder, 3, 1, RejectReason.MarketOrderMustBeImmediate),
        ["new: market gtc before post-only"] = (BookCommand.Of(Market(3, 1, Buy, 9, 1, Gtc) with { PostOnly = PostOnly.Reject }), CommandKind.NewOrder, 3, 1, RejectReason.MarketOrderMustBeImmediate),
        ["new: post-only ioc"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, Ioc, postOnly: PostOnly.Reject)), CommandKind.NewOrder, 3, 1, RejectReason.PostOnlyMustRest),
        ["new: post-only fok"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, Fok, postOnly: PostOnly.Reprice)), CommandKind.NewOrder, 3, 1, RejectReason.PostOnlyMustRest),
        ["new: post-only market"] = (BookCommand.Of(Market(3, 1, Buy, 9, 1) with { PostOnly = PostOnly.Reprice }), CommandKind.NewOrder, 3, 1, RejectReason.PostOnlyMustRest),
        ["new: post-only before display"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 1, Ioc, display: 1, postOnly: PostOnly.Reject)), CommandKind.NewOrder, 3, 1, RejectReason.PostOnlyMustRest),
        ["new: display negative"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 5, display: -1)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidDisplayQuantity),
        ["new: display above quantity"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 5, display: 6)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidDisplayQuantity),
        ["new: display on ioc"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 5, Ioc, display: 1)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidDisplayQuantity),
        ["new: display on fok"] = (BookCommand.Of(Limit(3, 1, Buy, 9, 5, Fok, display: 5)), CommandKind.NewOrder, 3, 1, RejectReason.InvalidDisplayQuantity),
        ["new: display before id"] = (BookCommand.Of(Limit(1, 1, Buy, 9, 5, display: 6)), CommandKind.NewOrder, 1, 1, RejectReason.InvalidDisplayQuantity),
        ["new: id reused"] = (BookCommand.Of(Limit(2, 1, Buy, 9, 1)), CommandKind.NewOrder, 2, 1, RejectReason.OrderIdAlreadyUsed),
        ["new: id lower than accepted"] = (BookCommand.Of(Limit(1, 3, Buy, 9, 1)), CommandKind.NewOrder, 1, 3, RejectReason.OrderIdAlreadyUsed),
        ["new: id zero"] = (BookCommand.Of(Limit(0, 1, Buy, 9, 1)), CommandKind.NewOrder, 0, 1, RejectReason.OrderIdAlreadyUsed),
        ["new: id negative"] = (BookCommand.Of(Limit(-3, 1, Buy, 9, 1)), CommandKind.NewOrder, -3, 1, RejectReason.OrderIdAlreadyUsed),
        ["new: id before post-only cross"] = (BookCommand.Of(Limit(2, 1, Buy, 10, 1, postOnly: PostOnly.Reject)), CommandKind.NewOrder, 2, 1, RejectReason.OrderIdAlreadyUsed),
        ["new: post-only would cross"] = (BookCommand.Of(Limit(3, 3, Buy, 12, 1, postOnly: PostOnly.Reject)), CommandKind.NewOrder, 3, 3, RejectReason.PostOnlyWouldCross),
        ["amend: unknown instrument"] = (BookCommand.Of(Amend(1, 1, 11, instrument: Other)), CommandKind.AmendOrder, 1, 1, RejectReason.UnknownInstrument),
        ["amend: not found"] = (BookCommand.Of(Amend(99, 1, 11)), CommandKind.AmendOrder, 99, 1, RejectReason.OrderNotFound),
        ["amend: not found before price"] = (BookCommand.Of(Amend(99, 1, 0)), CommandKind.AmendOrder, 99, 1, RejectReason.OrderNotFound),
        ["amend: not owner"] = (BookCommand.Of(Amend(1, 2, 11)), CommandKind.AmendOrder, 1, 2, RejectReason.NotOrderOwner),
        ["amend: not owner before price"] = (BookCommand.Of(Amend(1, 2, 0)), CommandKind.AmendOrder, 1, 2, RejectReason.NotOrderOwner),
        ["amend: price zero"] = (BookCommand.Of(Amend(1, 1, 0)), CommandKind.AmendOrder, 1, 1, RejectReason.PriceOutOfBounds),
        ["amend: price above max"] = (BookCommand.Of(Amend(1, 1, 31, 3)), CommandKind.AmendOrder, 1, 1, RejectReason.PriceOutOfBounds),
        ["amend: price before quantity"] = (BookCommand.Of(Amend(1, 1, 31, -1)), CommandKind.AmendOrder, 1, 1, RejectReason.PriceOutOfBounds),
        ["amend: quantity negative"] = (BookCommand.Of(Amend(1, 1, 11, -1)), CommandKind.AmendOrder, 1, 1, RejectReason.QuantityNotPositive),
        ["amend: quantity above max"] = (BookCommand.Of(Amend(1, 1, 11, 51)), CommandKind.AmendOrder, 1, 1, RejectReason.QuantityAboveMaximum),
        ["amend: quantity before post-only"] = (BookCommand.Of(Amend(2, 2, 10, 51)), CommandKind.AmendOrder, 2, 2, RejectReason.QuantityAboveMaximum),
        ["amend: post-only would cross"] = (BookCommand.Of(Amend(2, 2, 10)), CommandKind.AmendOrder, 2, 2, RejectReason.PostOnlyWouldCross),
        ["cancel: unknown instrument"] = (BookCommand.Of(Cancel(1, 1, Other)), CommandKind.CancelOrder, 1, 1, RejectReason.UnknownInstrument),
        ["cancel: not found"] = (BookCommand.Of(Cancel(3, 1)), CommandKind.CancelOrder, 3, 1, RejectReason.OrderNotFound),
        ["cancel: not owner"] = (BookCommand.Of(Cancel(1, 2)), CommandKind.CancelOrder, 1, 2, RejectReason.NotOrderOwner),
    };

    public static TheoryData<string, string> All
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var book in new[] { TestBooks.FastName, TestBooks.ReferenceName })
            {
                foreach (var name in Cases.Keys)
                {
                    data.Add(book, name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Rejected_command_emits_one_rejection_and_changes_nothing(string bookName, string caseName)
    {
        var (command, kind, id, account, reason) = Cases[caseName];
        var book = Book(bookName);
        book.Seed(Limit(1, 1, Sell, 10, 5), Limit(2, 2, Buy, 8, 5, postOnly: PostOnly.Reject));
        var before = book.Snapshot();

        var events = new List<object>();
        var answer = book.Apply(command, events);

        // A rejection reports the command as it was sent, so it carries the command's instrument.
        var instrument = command switch
        {
            SubmitCommand c => c.Order.Instrument,
            AmendCommand c => c.Amend.Instrument,
            CancelCommand c => c.Cancel.Instrument,
            _ => I,
        };
        Expect(events, Rejected(kind, id, account, reason, instrument));
        Assert.Equal(0, answer);
        Assert.Equal(before, book.Snapshot());

        // Nothing consumed: the next id is still free and the book still trades as before.
        var next = Limit(3, 3, Buy, 10, 5);
        Expect(book.Do(next), Accepted(next), Traded(10, 5, Buy, 1, 1, 0, 3, 3, 0), Level(Sell, 10, 0, 0));
    }

    [Fact]
    public void Every_reject_reason_has_a_case()
    {
        var covered = Cases.Values.Select(c => c.Reason).Concat([RejectReason.PriceOffTickGrid, RejectReason.AmendQuantityNotAboveFilled, RejectReason.BookFull]).ToHashSet();
        // The book gives the reasons up to BookFull; those after it are clearing's.
        Assert.Equal(Enum.GetValues<RejectReason>().Where(r => r <= RejectReason.BookFull).Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Prices_off_the_grid_in_force_at_that_price_are_rejected(string name)
    {
        var s = Instruments.Stepped.Id;
        var book = Book(name, Instruments.Stepped);
        book.Seed(Limit(1, 1, Buy, 99, 1, instrument: s), Limit(2, 1, Sell, 105, 1, instrument: s));
        var before = book.Snapshot();
        Assert.Equal([Rejected(CommandKind.NewOrder, 3, 2, RejectReason.PriceOffTickGrid, s)], book.Do(Limit(3, 2, Buy, 101, 1, instrument: s)));
        Assert.Equal([Rejected(CommandKind.NewOrder, 3, 2, RejectReason.PriceOffTickGrid, s)], book.Do(Market(3, 2, Sell, 149, 1) with { Instrument = s }));
        Assert.Equal([Rejected(CommandKind.NewOrder, 3, 2, RejectReason.PriceOutOfBounds, s)], book.Do(Limit(3, 2, Buy, 151, 1, instrument: s)));
        Assert.Equal([Rejected(CommandKind.AmendOrder, 1, 1, RejectReason.PriceOffTickGrid, s)], book.Do(Amend(1, 1, 102, 1, instrument: s)));
        Assert.Equal(before, book.Snapshot());

        var d = Instruments.DenseSteps.Id;
        var dense = Book(name, Instruments.DenseSteps);
        foreach (var offGrid in new long[] { 5, 7, 9, 10, 11, 14, 17, 20, 39 })
        {
            Assert.Equal([Rejected(CommandKind.NewOrder, 1, 1, RejectReason.PriceOffTickGrid, d)], dense.Do(Limit(1, 1, Buy, offGrid, 1, instrument: d)));
        }

        foreach (var onGrid in new long[] { 1, 3, 4, 6, 8, 12, 16, 24, 40 })
        {
            var order = Limit(onGrid, 1, Buy, onGrid, 1, Ioc, instrument: d);
            Assert.IsType<OrderAccepted>(dense.Do(order)[0]);
        }
    }
}
