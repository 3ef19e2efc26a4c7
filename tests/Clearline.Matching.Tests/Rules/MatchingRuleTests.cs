using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Testing;
using static Clearline.Matching.Tests.Rules.B;

namespace Clearline.Matching.Tests.Rules;

/// <summary>One test per rule of docs/matching.md, with hand-checked event lists, on both books.</summary>
public sealed class MatchingRuleTests
{
    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Gtc_limit_order_rests_and_shows_its_level(string name)
    {
        var book = Book(name);
        var order = Limit(1, 1, Buy, 10, 5);
        Expect(book.Do(order), Accepted(order), Level(Buy, 10, 5, 1));
        Assert.Equal([Resting(1, 1, Buy, 10, 5, 0, 5, 5)], book.GetOrders(Buy));
        Assert.Equal(new Price(10), book.BestBid);
        Assert.Null(book.BestAsk);
        Assert.Equal(1, book.OrderCount);
        Assert.True(book.TryGetOrder(new OrderId(1), out var found));
        Assert.Equal(Resting(1, 1, Buy, 10, 5, 0, 5, 5), found);
        Assert.False(book.TryGetOrder(new OrderId(2), out _));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Price_time_priority_best_price_first_then_earliest_with_one_level_event_per_level(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 11, 3), Limit(2, 2, Sell, 10, 2), Limit(3, 3, Sell, 10, 4));
        var taker = Limit(4, 4, Buy, 11, 8);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 2, 2, 0, 4, 4, 6),
            Traded(10, 4, Buy, 3, 3, 0, 4, 4, 2),
            Level(Sell, 10, 0, 0),
            Traded(11, 2, Buy, 1, 1, 1, 4, 4, 0),
            Level(Sell, 11, 1, 1));
        Assert.Equal([Resting(1, 1, Sell, 11, 3, 2, 1, 1, status: OrderStatus.PartiallyFilled)], book.GetOrders(Sell));
        Assert.Empty(book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Partially_filled_gtc_order_rests_its_remainder_after_the_level_event(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 3));
        var taker = Limit(2, 2, Buy, 11, 5);
        Expect(book.Do(taker), Accepted(taker), Traded(10, 3, Buy, 1, 1, 0, 2, 2, 2), Level(Sell, 10, 0, 0), Level(Buy, 11, 2, 1));
        Assert.Equal([Resting(2, 2, Buy, 11, 5, 3, 2, 2, status: OrderStatus.PartiallyFilled)], book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Ioc_remainder_is_cancelled(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 3));
        var taker = Limit(2, 2, Buy, 10, 5, Ioc);
        Expect(book.Do(taker), Accepted(taker), Traded(10, 3, Buy, 1, 1, 0, 2, 2, 2), Level(Sell, 10, 0, 0), Cancelled(2, 2, Buy, 10, 2, 0, CancelReason.ImmediateOrCancel));
        Assert.Equal(0, book.OrderCount);
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Ioc_that_finds_nothing_is_cancelled_whole(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 12, 3));
        var taker = Limit(2, 2, Buy, 11, 5, Ioc);
        Expect(book.Do(taker), Accepted(taker), Cancelled(2, 2, Buy, 11, 5, 0, CancelReason.ImmediateOrCancel));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Fill_or_kill_is_killed_before_any_fill(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 3), Limit(2, 2, Sell, 11, 3), Limit(3, 1, Sell, 12, 9));
        var before = book.Snapshot();
        var taker = Limit(4, 3, Buy, 11, 7, Fok);
        Expect(book.Do(taker), Accepted(taker), Cancelled(4, 3, Buy, 11, 7, 0, CancelReason.FillOrKill));
        Assert.Equal(before, book.Snapshot());
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Fill_or_kill_that_can_fill_fills_in_full(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 3), Limit(2, 2, Sell, 11, 3));
        var taker = Limit(3, 3, Buy, 11, 6, Fok);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 3, Buy, 1, 1, 0, 3, 3, 3),
            Level(Sell, 10, 0, 0),
            Traded(11, 3, Buy, 2, 2, 0, 3, 3, 0),
            Level(Sell, 11, 0, 0));
        Assert.Equal(0, book.OrderCount);
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Fill_or_kill_counts_an_icebergs_hidden_quantity(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 10, display: 2));
        var taker = Limit(2, 2, Buy, 10, 10, Fok);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 1, 1, 8, 2, 2, 8),
            Traded(10, 2, Buy, 1, 1, 6, 2, 2, 6),
            Traded(10, 2, Buy, 1, 1, 4, 2, 2, 4),
            Traded(10, 2, Buy, 1, 1, 2, 2, 2, 2),
            Traded(10, 2, Buy, 1, 1, 0, 2, 2, 0),
            Level(Sell, 10, 0, 0));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Fill_or_kill_stops_counting_at_a_self_trade_barrier_and_counts_only_visible_slices_in_front(string name)
    {
        // Account 2's own sell (#2) is a barrier for CancelIncoming: only #1's visible slice (2) is in front of it.
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 10, display: 2), Limit(2, 2, Sell, 10, 5), Limit(3, 1, Sell, 10, 5));
        var before = book.Snapshot();
        var tooBig = Limit(4, 2, Buy, 10, 3, Fok, stp: SelfTradePrevention.CancelIncoming);
        Expect(book.Do(tooBig), Accepted(tooBig), Cancelled(4, 2, Buy, 10, 3, 0, CancelReason.FillOrKill));
        Assert.Equal(before, book.Snapshot());

        var fits = Limit(5, 2, Buy, 10, 2, Fok, stp: SelfTradePrevention.CancelBoth);
        Expect(book.Do(fits), Accepted(fits), Traded(10, 2, Buy, 1, 1, 8, 5, 2, 0), Level(Sell, 10, 12, 3));
        Assert.Equal([2L, 3L, 1L], book.GetOrders(Sell).Select(o => o.Id.Value));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Fill_or_kill_counts_own_orders_whole_under_decrement_both(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 10, display: 2), Limit(2, 2, Sell, 10, 5), Limit(3, 1, Sell, 10, 5));
        var taker = Limit(4, 2, Buy, 10, 10, Fok, stp: SelfTradePrevention.DecrementBoth);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 1, 1, 8, 4, 2, 8),
            Cancelled(2, 2, Sell, 10, 5, 0, CancelReason.SelfTradePrevention),
            Cancelled(4, 2, Buy, 10, 5, 3, CancelReason.SelfTradePrevention),
            Traded(10, 3, Buy, 3, 1, 2, 4, 2, 0),
            Level(Sell, 10, 4, 2));
        Assert.Equal([Resting(3, 1, Sell, 10, 5, 3, 2, 2, status: OrderStatus.PartiallyFilled), Resting(1, 1, Sell, 10, 10, 2, 8, 2, 2, OrderStatus.PartiallyFilled)], book.GetOrders(Sell));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Fill_or_kill_ignores_own_orders_under_cancel_resting(string name)
    {
        // Counting skips #2 (it would be cancelled): 3 + 3 = 6 < 7, so the order is killed and #2 survives.
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 3), Limit(2, 2, Sell, 10, 4), Limit(3, 3, Sell, 11, 3));
        var before = book.Snapshot();
        var taker = Limit(4, 2, Buy, 11, 7, Fok, stp: SelfTradePrevention.CancelResting);
        Expect(book.Do(taker), Accepted(taker), Cancelled(4, 2, Buy, 11, 7, 0, CancelReason.FillOrKill));
        Assert.Equal(before, book.Snapshot());
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Market_order_trades_up_to_its_protection_price_only(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 2), Limit(2, 2, Sell, 12, 2));
        var market = Market(3, 3, Buy, 11, 5);
        Expect(book.Do(market), Accepted(market), Traded(10, 2, Buy, 1, 1, 0, 3, 3, 3), Level(Sell, 10, 0, 0), Cancelled(3, 3, Buy, 11, 3, 0, CancelReason.ImmediateOrCancel));
        Assert.Equal([Resting(2, 2, Sell, 12, 2, 0, 2, 2)], book.GetOrders(Sell));

        var sell = Market(4, 3, Sell, 1, 5, Fok);
        Expect(book.Do(sell), Accepted(sell), Cancelled(4, 3, Sell, 1, 5, 0, CancelReason.FillOrKill));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Post_only_reject_refuses_a_crossing_price_and_rests_otherwise(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 1), Limit(2, 1, Buy, 8, 1));
        var before = book.Snapshot();
        Expect(book.Do(Limit(3, 2, Buy, 10, 1, postOnly: PostOnly.Reject)), Rejected(CommandKind.NewOrder, 3, 2, RejectReason.PostOnlyWouldCross));
        Expect(book.Do(Limit(3, 2, Sell, 8, 1, postOnly: PostOnly.Reject)), Rejected(CommandKind.NewOrder, 3, 2, RejectReason.PostOnlyWouldCross));
        Assert.Equal(before, book.Snapshot());
        var passive = Limit(3, 2, Buy, 9, 1, postOnly: PostOnly.Reject);
        Expect(book.Do(passive), Accepted(passive), Level(Buy, 9, 1, 1));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Post_only_reprice_moves_one_tick_inside_the_opposite_best(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 1), Limit(2, 1, Buy, 7, 1));
        var buy = Limit(3, 2, Buy, 12, 3, postOnly: PostOnly.Reprice);
        Expect(book.Do(buy), Accepted(buy, 9), Level(Buy, 9, 3, 1));
        var sell = Limit(4, 2, Sell, 5, 2, postOnly: PostOnly.Reprice);
        Expect(book.Do(sell), Accepted(sell, 10), Level(Sell, 10, 3, 2));
        var passive = Limit(5, 2, Sell, 20, 2, postOnly: PostOnly.Reprice);
        Expect(book.Do(passive), Accepted(passive), Level(Sell, 20, 2, 1));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Post_only_reprice_with_no_valid_price_inside_is_rejected(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 1, 1));
        Expect(book.Do(Limit(3, 2, Buy, 5, 1, postOnly: PostOnly.Reprice)), Rejected(CommandKind.NewOrder, 3, 2, RejectReason.PostOnlyWouldCross));

        var high = Book(name);
        high.Seed(Limit(1, 1, Buy, 30, 1));
        Expect(high.Do(Limit(2, 2, Sell, 30, 1, postOnly: PostOnly.Reprice)), Rejected(CommandKind.NewOrder, 2, 2, RejectReason.PostOnlyWouldCross));
        Expect(high.Do(Limit(2, 2, Sell, 29, 1, postOnly: PostOnly.Reprice)), Rejected(CommandKind.NewOrder, 2, 2, RejectReason.PostOnlyWouldCross));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Post_only_reprice_follows_tick_size_steps(string name)
    {
        // Stepped: tick 1 below 100, tick 5 from 100.
        var stepped = Book(name, Instruments.Stepped);
        var s = Instruments.Stepped.Id;
        stepped.Seed(Limit(1, 1, Sell, 100, 1, instrument: s), Limit(2, 1, Buy, 95, 1, instrument: s));
        var buy = Limit(3, 2, Buy, 105, 1, postOnly: PostOnly.Reprice, instrument: s);
        Assert.Equal([Accepted(buy, 99), Level(Buy, 99, 1, 1, s)], stepped.Do(buy));
        Assert.Equal(new Price(99), stepped.BestBid);

        var ask = Book(name, Instruments.Stepped);
        ask.Seed(Limit(1, 1, Sell, 110, 1, instrument: s), Limit(2, 1, Buy, 100, 1, instrument: s));
        var cheapBuy = Limit(3, 2, Buy, 150, 1, postOnly: PostOnly.Reprice, instrument: s);
        Assert.Equal([Accepted(cheapBuy, 105), Level(Buy, 105, 1, 1, s)], ask.Do(cheapBuy));
        var sell = Limit(4, 2, Sell, 99, 1, postOnly: PostOnly.Reprice, instrument: s);
        Assert.Equal([Accepted(sell, 110), Level(Sell, 110, 2, 2, s)], ask.Do(sell));

        var below = Book(name, Instruments.Stepped);
        below.Seed(Limit(1, 1, Buy, 99, 1, instrument: s));
        var sellUp = Limit(2, 2, Sell, 90, 1, postOnly: PostOnly.Reprice, instrument: s);
        Assert.Equal([Accepted(sellUp, 100), Level(Sell, 100, 1, 1, s)], below.Do(sellUp));

        // Dense: 1 below 4, 2 from 4, 4 from 8, 8 from 16.
        var d = Instruments.DenseSteps.Id;
        var dense = Book(name, Instruments.DenseSteps);
        dense.Seed(Limit(1, 1, Sell, 16, 1, instrument: d), Limit(2, 1, Buy, 3, 1, instrument: d));
        var denseBuy = Limit(3, 2, Buy, 24, 1, postOnly: PostOnly.Reprice, instrument: d);
        Assert.Equal([Accepted(denseBuy, 12), Level(Buy, 12, 1, 1, d)], dense.Do(denseBuy));
        var denseSell = Limit(4, 2, Sell, 2, 1, postOnly: PostOnly.Reprice, instrument: d);
        Assert.Equal([Accepted(denseSell, 16), Level(Sell, 16, 2, 2, d)], dense.Do(denseSell));

        var lowDense = Book(name, Instruments.DenseSteps);
        lowDense.Seed(Limit(1, 1, Buy, 3, 1, instrument: d));
        var lowSell = Limit(2, 2, Sell, 1, 1, postOnly: PostOnly.Reprice, instrument: d);
        Assert.Equal([Accepted(lowSell, 4), Level(Sell, 4, 1, 1, d)], lowDense.Do(lowSell));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_to_a_new_price_loses_priority(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Buy, 10, 2), Limit(2, 2, Buy, 10, 2), Limit(3, 1, Buy, 9, 1));
        Expect(book.Do(Amend(1, 1, 9)), Amended(1, 1, 9, 2, 2, true), Level(Buy, 10, 2, 1), Level(Buy, 9, 3, 2));
        Assert.Equal([2L, 3L, 1L], book.GetOrders(Buy).Select(o => o.Id.Value));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_size_increase_loses_priority(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Buy, 10, 2), Limit(2, 2, Buy, 10, 2));
        Expect(book.Do(Amend(1, 1, 10, 5)), Amended(1, 1, 10, 5, 5, true), Level(Buy, 10, 2, 1), Level(Buy, 10, 7, 2));
        Assert.Equal([Resting(2, 2, Buy, 10, 2, 0, 2, 2), Resting(1, 1, Buy, 10, 5, 0, 5, 5)], book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_size_decrease_keeps_priority_and_quantity_zero_keeps_the_size(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Buy, 10, 4, display: 3), Limit(2, 2, Buy, 10, 2));
        Expect(book.Do(Amend(1, 1, 10, 2)), Amended(1, 1, 10, 2, 2, false), Level(Buy, 10, 4, 2));
        Assert.Equal([Resting(1, 1, Buy, 10, 2, 0, 2, 2, 3), Resting(2, 2, Buy, 10, 2, 0, 2, 2)], book.GetOrders(Buy));
        Expect(book.Do(Amend(1, 1, 10)), Amended(1, 1, 10, 2, 2, false), Level(Buy, 10, 4, 2));
        Assert.Equal(1L, book.GetOrders(Buy)[0].Id.Value);
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_that_crosses_trades_as_the_taker_and_rests_the_rest(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 12, 3), Limit(2, 2, Buy, 10, 5));
        Expect(
            book.Do(Amend(2, 2, 12)),
            Amended(2, 2, 12, 5, 5, true),
            Level(Buy, 10, 0, 0),
            Traded(12, 3, Buy, 1, 1, 0, 2, 2, 2),
            Level(Sell, 12, 0, 0),
            Level(Buy, 12, 2, 1));
        Assert.Equal([Resting(2, 2, Buy, 12, 5, 3, 2, 2, status: OrderStatus.PartiallyFilled)], book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_at_or_below_the_filled_quantity_is_rejected(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 12, 5), Limit(2, 2, Buy, 12, 3));
        var before = book.Snapshot();
        Expect(book.Do(Amend(1, 1, 12, 3)), Rejected(CommandKind.AmendOrder, 1, 1, RejectReason.AmendQuantityNotAboveFilled));
        Expect(book.Do(Amend(1, 1, 12, 1)), Rejected(CommandKind.AmendOrder, 1, 1, RejectReason.AmendQuantityNotAboveFilled));
        Assert.Equal(before, book.Snapshot());
        Expect(book.Do(Amend(1, 1, 12, 4)), Amended(1, 1, 12, 4, 1, false), Level(Sell, 12, 1, 1));
        Assert.Equal([Resting(1, 1, Sell, 12, 4, 3, 1, 1, status: OrderStatus.PartiallyFilled)], book.GetOrders(Sell));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_of_a_post_only_order_is_rejected_or_repriced_when_it_would_cross(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 12, 3), Limit(2, 2, Buy, 9, 1, postOnly: PostOnly.Reject), Limit(3, 3, Buy, 8, 1, postOnly: PostOnly.Reprice));
        Expect(book.Do(Amend(2, 2, 12)), Rejected(CommandKind.AmendOrder, 2, 2, RejectReason.PostOnlyWouldCross));
        Expect(book.Do(Amend(3, 3, 13, 4)), Amended(3, 3, 11, 4, 4, true), Level(Buy, 8, 0, 0), Level(Buy, 11, 4, 1));
        Assert.Equal(new Price(11), book.BestBid);
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Cancel_removes_the_order_and_reports_its_level(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Buy, 10, 2), Limit(2, 2, Buy, 10, 3));
        Expect(book.Do(Cancel(1, 2)), Rejected(CommandKind.CancelOrder, 1, 2, RejectReason.NotOrderOwner));
        Expect(book.Do(Cancel(1, 1)), Cancelled(1, 1, Buy, 10, 2, 0, CancelReason.UserRequested), Level(Buy, 10, 3, 1));
        Expect(book.Do(Cancel(1, 1)), Rejected(CommandKind.CancelOrder, 1, 1, RejectReason.OrderNotFound));
        Assert.False(book.TryGetOrder(new OrderId(1), out _));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Cancel_all_cancels_the_accounts_orders_in_ascending_id(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Buy, 9, 2), Limit(2, 2, Buy, 10, 3), Limit(3, 1, Sell, 12, 1), Limit(4, 1, Buy, 10, 4));
        Expect(
            book.CancelAll(1, out var count),
            Cancelled(1, 1, Buy, 9, 2, 0, CancelReason.CancelAll),
            Level(Buy, 9, 0, 0),
            Cancelled(3, 1, Sell, 12, 1, 0, CancelReason.CancelAll),
            Level(Sell, 12, 0, 0),
            Cancelled(4, 1, Buy, 10, 4, 0, CancelReason.CancelAll),
            Level(Buy, 10, 3, 1));
        Assert.Equal(3, count);
        Assert.Empty(book.CancelAll(1, out var none));
        Assert.Equal(0, none);
        Assert.Equal([2L], book.GetOrders(Buy).Select(o => o.Id.Value));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Iceberg_shows_a_slice_and_a_replenished_slice_goes_to_the_back(string name)
    {
        var book = Book(name);
        var iceberg = Limit(1, 1, Sell, 10, 6, display: 2);
        Expect(book.Do(iceberg), Accepted(iceberg), Level(Sell, 10, 2, 1));
        book.Seed(Limit(2, 2, Sell, 10, 2));
        var taker = Limit(3, 3, Buy, 10, 3);
        Expect(book.Do(taker), Accepted(taker), Traded(10, 2, Buy, 1, 1, 4, 3, 3, 1), Traded(10, 1, Buy, 2, 2, 1, 3, 3, 0), Level(Sell, 10, 3, 2));
        Assert.Equal(
            [Resting(2, 2, Sell, 10, 2, 1, 1, 1, status: OrderStatus.PartiallyFilled), Resting(1, 1, Sell, 10, 6, 2, 4, 2, 2, OrderStatus.PartiallyFilled)],
            book.GetOrders(Sell));
        Assert.Equal([new BookLevel(new Price(10), new Quantity(3), 2)], book.GetLevels(Sell));

        // The last slice is smaller than the display size.
        var sweep = Limit(4, 3, Buy, 10, 5, Ioc);
        Expect(
            book.Do(sweep),
            Accepted(sweep),
            Traded(10, 1, Buy, 2, 2, 0, 4, 3, 4),
            Traded(10, 2, Buy, 1, 1, 2, 4, 3, 2),
            Traded(10, 2, Buy, 1, 1, 0, 4, 3, 0),
            Level(Sell, 10, 0, 0));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_off_lets_an_account_trade_with_itself(string name)
    {
        var book = SelfTradeBook(name);
        var taker = Limit(4, 2, Buy, 10, 5);
        Expect(book.Do(taker), Accepted(taker), Traded(10, 2, Buy, 1, 1, 0, 4, 2, 3), Traded(10, 3, Buy, 2, 2, 0, 4, 2, 0), Level(Sell, 10, 4, 1));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_cancel_resting_cancels_the_own_order_and_goes_on(string name)
    {
        var book = SelfTradeBook(name);
        var taker = Limit(4, 2, Buy, 10, 5, stp: SelfTradePrevention.CancelResting);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 1, 1, 0, 4, 2, 3),
            Cancelled(2, 2, Sell, 10, 3, 0, CancelReason.SelfTradePrevention),
            Traded(10, 3, Buy, 3, 3, 1, 4, 2, 0),
            Level(Sell, 10, 1, 1));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_cancel_incoming_stops_and_cancels_the_remainder_whatever_the_time_in_force(string name)
    {
        var book = SelfTradeBook(name);
        var taker = Limit(4, 2, Buy, 10, 5, stp: SelfTradePrevention.CancelIncoming);
        Expect(book.Do(taker), Accepted(taker), Traded(10, 2, Buy, 1, 1, 0, 4, 2, 3), Level(Sell, 10, 7, 2), Cancelled(4, 2, Buy, 10, 3, 0, CancelReason.SelfTradePrevention));
        Assert.Empty(book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_cancel_incoming_on_a_levels_first_order_emits_no_level_event(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 2, Sell, 10, 2));
        var taker = Limit(2, 2, Buy, 10, 1, stp: SelfTradePrevention.CancelIncoming);
        Expect(book.Do(taker), Accepted(taker), Cancelled(2, 2, Buy, 10, 1, 0, CancelReason.SelfTradePrevention));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_cancel_both_cancels_the_resting_order_then_the_incoming(string name)
    {
        var book = SelfTradeBook(name);
        var taker = Limit(4, 2, Buy, 10, 5, Ioc, stp: SelfTradePrevention.CancelBoth);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 1, 1, 0, 4, 2, 3),
            Cancelled(2, 2, Sell, 10, 3, 0, CancelReason.SelfTradePrevention),
            Level(Sell, 10, 4, 1),
            Cancelled(4, 2, Buy, 10, 3, 0, CancelReason.SelfTradePrevention));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_decrement_both_reduces_both_and_a_zeroed_incoming_gets_no_second_cancel(string name)
    {
        var book = SelfTradeBook(name);
        var taker = Limit(4, 2, Buy, 10, 5, stp: SelfTradePrevention.DecrementBoth);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 1, 1, 0, 4, 2, 3),
            Cancelled(2, 2, Sell, 10, 3, 0, CancelReason.SelfTradePrevention),
            Cancelled(4, 2, Buy, 10, 3, 0, CancelReason.SelfTradePrevention),
            Level(Sell, 10, 4, 1));
        Assert.Empty(book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_decrement_both_keeps_a_reduced_resting_order_in_place(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 2), Limit(2, 2, Sell, 10, 6, display: 4), Limit(3, 3, Sell, 10, 4));
        var taker = Limit(4, 2, Buy, 10, 4, stp: SelfTradePrevention.DecrementBoth);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Traded(10, 2, Buy, 1, 1, 0, 4, 2, 2),
            Cancelled(2, 2, Sell, 10, 2, 4, CancelReason.SelfTradePrevention),
            Cancelled(4, 2, Buy, 10, 2, 0, CancelReason.SelfTradePrevention),
            Level(Sell, 10, 8, 2));
        Assert.Equal(
            [Resting(2, 2, Sell, 10, 4, 0, 4, 4, 4, stp: SelfTradePrevention.Off), Resting(3, 3, Sell, 10, 4, 0, 4, 4)],
            book.GetOrders(Sell));

        // Decrement shrinks the visible slice to the remaining when that is smaller.
        var again = Limit(5, 2, Buy, 10, 3, Ioc, stp: SelfTradePrevention.DecrementBoth);
        Expect(
            book.Do(again),
            Accepted(again),
            Cancelled(2, 2, Sell, 10, 3, 1, CancelReason.SelfTradePrevention),
            Cancelled(5, 2, Buy, 10, 3, 0, CancelReason.SelfTradePrevention),
            Level(Sell, 10, 5, 2));
        Assert.Equal(Resting(2, 2, Sell, 10, 1, 0, 1, 1, 4), book.GetOrders(Sell)[0]);
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Self_trade_decrement_both_with_an_incoming_left_over_goes_on_and_rests(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 2, Sell, 10, 2), Limit(2, 3, Sell, 11, 1));
        var taker = Limit(3, 2, Buy, 11, 5, stp: SelfTradePrevention.DecrementBoth);
        Expect(
            book.Do(taker),
            Accepted(taker),
            Cancelled(1, 2, Sell, 10, 2, 0, CancelReason.SelfTradePrevention),
            Cancelled(3, 2, Buy, 11, 2, 3, CancelReason.SelfTradePrevention),
            Level(Sell, 10, 0, 0),
            Traded(11, 1, Buy, 2, 3, 0, 3, 2, 2),
            Level(Sell, 11, 0, 0),
            Level(Buy, 11, 2, 1));
        Assert.Equal([Resting(3, 2, Buy, 11, 3, 1, 2, 2, status: OrderStatus.PartiallyFilled, stp: SelfTradePrevention.DecrementBoth)], book.GetOrders(Buy));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_that_meets_an_own_order_applies_its_self_trade_prevention(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 2, Sell, 12, 2), Limit(2, 2, Buy, 10, 3, stp: SelfTradePrevention.CancelIncoming));
        Expect(
            book.Do(Amend(2, 2, 12)),
            Amended(2, 2, 12, 3, 3, true),
            Level(Buy, 10, 0, 0),
            Cancelled(2, 2, Buy, 12, 3, 0, CancelReason.SelfTradePrevention));
        Assert.Equal(1, book.OrderCount);
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Book_full_refuses_gtc_orders_but_not_immediate_ones(string name)
    {
        var book = Book(name, maxResting: 2);
        book.Seed(Limit(1, 1, Sell, 10, 2), Limit(2, 1, Sell, 11, 2));
        var before = book.Snapshot();
        Expect(book.Do(Limit(3, 2, Buy, 10, 1)), Rejected(CommandKind.NewOrder, 3, 2, RejectReason.BookFull));
        Assert.Equal(before, book.Snapshot());
        var ioc = Limit(3, 2, Buy, 10, 1, Ioc);
        Expect(book.Do(ioc), Accepted(ioc), Traded(10, 1, Buy, 1, 1, 1, 3, 2, 0), Level(Sell, 10, 1, 1));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Amend_repriced_back_to_its_own_price_keeps_priority(string name)
    {
        // #2 rests at 9 (re-priced below the ask at 10); amending it to a crossing 12 re-prices to 9 again: unchanged.
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 1), Limit(2, 2, Buy, 12, 3, postOnly: PostOnly.Reprice), Limit(3, 3, Buy, 9, 1));
        Expect(book.Do(Amend(2, 2, 12, 2)), Amended(2, 2, 9, 2, 2, false), Level(Buy, 9, 3, 2));
        Assert.Equal([2L, 3L], book.GetOrders(Buy).Select(o => o.Id.Value));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Book_full_is_checked_before_post_only_crossing(string name)
    {
        var book = Book(name, maxResting: 1);
        book.Seed(Limit(1, 1, Sell, 10, 2));
        Expect(book.Do(Limit(2, 2, Buy, 10, 1, postOnly: PostOnly.Reject)), Rejected(CommandKind.NewOrder, 2, 2, RejectReason.BookFull));
        Expect(book.Do(Limit(2, 2, Buy, 10, 1, postOnly: PostOnly.Reprice)), Rejected(CommandKind.NewOrder, 2, 2, RejectReason.BookFull));
    }

    [Theory]
    [MemberData(nameof(B.Books), MemberType = typeof(B))]
    public void Levels_are_aggregated_best_first_and_limited_by_depth(string name)
    {
        var book = Book(name);
        book.Seed(Limit(1, 1, Buy, 8, 2), Limit(2, 2, Buy, 10, 3, display: 1), Limit(3, 3, Buy, 10, 4), Limit(4, 1, Buy, 9, 5), Limit(5, 1, Sell, 12, 1), Limit(6, 2, Sell, 11, 2));
        BookLevel L(long price, long displayed, int count) => new(new Price(price), new Quantity(displayed), count);
        Assert.Equal([L(10, 5, 2), L(9, 5, 1), L(8, 2, 1)], book.GetLevels(Buy));
        Assert.Equal([L(10, 5, 2), L(9, 5, 1)], book.GetLevels(Buy, 2));
        Assert.Equal([L(11, 2, 1)], book.GetLevels(Sell, 1));
        Assert.Empty(book.GetLevels(Sell, 0));
        Assert.Equal(new Price(10), book.BestBid);
        Assert.Equal(new Price(11), book.BestAsk);
        Assert.Equal(6, book.OrderCount);
    }

    private static ITestBook SelfTradeBook(string name)
    {
        // Asks at 10: #1 account 1 (2 lots), #2 account 2 (3 lots), #3 account 3 (4 lots); the taker is account 2.
        var book = Book(name);
        book.Seed(Limit(1, 1, Sell, 10, 2), Limit(2, 2, Sell, 10, 3), Limit(3, 3, Sell, 10, 4));
        return book;
    }
}
