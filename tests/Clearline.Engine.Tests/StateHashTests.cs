using System.Security.Cryptography;
using Clearline.Domain;
using Clearline.Domain.Orders;
using Clearline.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Clearline.Engine.Tests;

/// <summary>The state hash: deterministic, built from the codec's bytes, and precise about what changed.</summary>
public sealed class StateHashTests
{
    /// <summary>
    /// Two engines fed the same stream agree leaf for leaf. Every command that is only rejected leaves every
    /// market leaf as it was (the header leaf moves with the sequence); one more accepted command on a market
    /// changes that market's leaf, the header leaf and the root, and nothing else.
    /// </summary>
    [Fact]
    public void Same_stream_same_hash_and_a_difference_shows_in_exactly_its_leaves()
    {
        var rejectedOnly = 0L;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true).WithName("state hash"),
            Prop.ForAll(EngineScenarios.Arbitrary(100), stream =>
            {
                var a = new EngineState(stream.Specs, stream.Limits);
                var b = new EngineState([.. stream.Specs.Reverse()], stream.Limits);
                var before = a.ComputeStateHash();
                foreach (var command in stream.Resolve())
                {
                    var events = a.Apply(command);
                    b.Apply(command);
                    var after = a.ComputeStateHash();
                    if (events.TrueForAll(e => e is CommandRejected))
                    {
                        Assert.Equal(before.Leaves.Skip(1), after.Leaves.Skip(1));
                        Assert.NotEqual(before.Leaves[0], after.Leaves[0]);
                        Interlocked.Increment(ref rejectedOnly);
                    }

                    before = after;
                }

                Assert.Equal(before.Leaves, b.ComputeStateHash().Leaves);
                Assert.Equal(before.Root, b.ComputeStateHash().Root);

                var market = stream.Picks[0];
                var spec = a.Markets[market];
                Assert.True(b.Matching.TryGetBook(spec.Id, out var book));
                var extra = NewOrder.Limit(spec.Id, new OrderId(book.HighestAcceptedId + 1), new AccountId(1), Side.Buy, new Price(1), new Quantity(1), TimeInForce.ImmediateOrCancel);
                Assert.IsType<OrderAccepted>(b.Apply(extra)[0]);
                var changed = b.ComputeStateHash();
                Assert.NotEqual(before.Root, changed.Root);
                for (var i = 0; i < changed.Leaves.Count; i++)
                {
                    Assert.Equal(i == 0 || i == market + 1, before.Leaves[i] != changed.Leaves[i]);
                }

                return true;
            }));

        Assert.True(rejectedOnly > 500, $"only {rejectedOnly} rejected commands checked");
    }

    [Fact]
    public void Rejected_commands_of_every_kind_change_no_market_leaf()
    {
        var state = EngineStateCodecTests.DeepState(30);
        var btc = state.Markets[0].Id;
        var before = state.ComputeStateHash();
        List<object>[] answers =
        [
            state.Apply(NewOrder.Limit(new InstrumentId(4), new OrderId(100), new AccountId(1), Side.Buy, new Price(10), new Quantity(1))),
            state.Apply(NewOrder.Limit(btc, new OrderId(1), new AccountId(1), Side.Buy, new Price(10), new Quantity(1))),
            state.Apply(NewOrder.Limit(btc, new OrderId(100), new AccountId(1), Side.Buy, new Price(10), new Quantity(0))),
            state.Apply(new AmendOrder(btc, new OrderId(2), new AccountId(16), new Price(5_010))),
            state.Apply(new CancelOrder(btc, new OrderId(99), new AccountId(1))),
            state.Apply(new CancelAllOrders(new AccountId(1), new InstrumentId(4))),
        ];

        Assert.All(answers, events => Assert.IsType<CommandRejected>(Assert.Single(events)));
        var after = state.ComputeStateHash();
        Assert.Equal(before.Leaves.Skip(1), after.Leaves.Skip(1));
        Assert.NotEqual(before.Root, after.Root);
    }

    /// <summary>
    /// Each leaf is SHA-256(0x00 ‖ kind ‖ the bytes the codec writes for it), so a verifier holding a snapshot
    /// can check any leaf; 3,000 orders also take the hash's streaming buffer across several chunks.
    /// </summary>
    [Fact]
    public void Leaves_hash_the_snapshot_bytes_and_are_ordered_header_then_markets_by_id()
    {
        var state = EngineStateCodecTests.DeepState(3_000);
        var bytes = EngineStateCodec.Encode(state);
        var hash = state.ComputeStateHash();

        Assert.Equal([StateLeafKind.Header, StateLeafKind.Market, StateLeafKind.Market], hash.Leaves.Select(l => l.Kind));
        Assert.Equal([null, new InstrumentId(0), new InstrumentId(1)], hash.Leaves.Select(l => l.Instrument));
        Assert.Equal(MerkleTree.HashLeaf([(byte)StateLeafKind.Header, .. bytes[4..22]]), hash.Leaves[0].Hash);
        var start = 26;
        for (var market = 0; market < 2; market++)
        {
            var length = 52 + (state.Books[market].OrderCount * 64);
            Assert.Equal(MerkleTree.HashLeaf([(byte)StateLeafKind.Market, .. bytes[start..(start + length)]]), hash.Leaves[market + 1].Hash);
            start += length;
        }

        Assert.Equal([0], bytes[start..]);
        Assert.Equal(MerkleTree.Root([.. hash.Leaves.Select(l => l.Hash)]), hash.Root);
        Assert.Equal(hash.Root.ToString(), hash.ToString());
    }

    /// <summary>
    /// Golden values for a fixed scenario. If this fails, the encoding or the hashing changed: every snapshot and
    /// every committed state root changes with it. Make such a change on purpose, bump
    /// <see cref="EngineStateCodec.Version"/>, and pin the new values here.
    /// </summary>
    [Fact]
    public void Golden_scenario_has_the_pinned_root_and_snapshot()
    {
        var btc = TestMarkets.Perpetual(0);
        var eth = TestMarkets.Stepped(5);
        var state = new EngineState([eth, btc]);
        var b = btc.Id;
        var e = eth.Id;
        state.Apply(NewOrder.Limit(b, new OrderId(1), new AccountId(1), Side.Buy, new Price(100), new Quantity(5)));
        state.Apply(new NewOrder(b, new OrderId(2), new AccountId(2), Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(100), new Quantity(4), new Quantity(1)));
        state.Apply(new NewOrder(b, new OrderId(3), new AccountId(3), Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(103), new Quantity(4), PostOnly: PostOnly.Reject));
        state.Apply(new NewOrder(b, new OrderId(4), new AccountId(3), Side.Sell, OrderType.Market, TimeInForce.ImmediateOrCancel, new Price(90), new Quantity(6)));
        state.Apply(NewOrder.Limit(e, new OrderId(1), new AccountId(1), Side.Sell, new Price(120), new Quantity(10)));
        state.Apply(new AmendOrder(e, new OrderId(1), new AccountId(1), new Price(110), new Quantity(8)));
        state.Apply(new NewOrder(e, new OrderId(2), new AccountId(2), Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, new Price(95), new Quantity(3), SelfTradePrevention: SelfTradePrevention.CancelResting));
        state.Apply(new CancelOrder(b, new OrderId(3), new AccountId(3)));
        state.Apply(new CancelOrder(e, new OrderId(99), new AccountId(1)));

        // The scenario itself, so a change in matching is told apart from a change in encoding.
        var books = state.CaptureBooks();
        Assert.Equal([(2L, 1L, 3L)], books[0].Bids.Select(o => (o.Id.Value, o.Visible.Lots, o.Remaining.Lots)));
        Assert.Empty(books[0].Asks);
        Assert.Equal([2L], books[1].Bids.Select(o => o.Id.Value));
        Assert.Equal([(1L, 110L, 8L)], books[1].Asks.Select(o => (o.Id.Value, o.Price.Ticks, o.Quantity.Lots)));

        var bytes = EngineStateCodec.Encode(state);
        Assert.Equal(4 + 18 + 4 + (2 * 52) + (3 * 64) + 1, bytes.Length);
        Assert.Equal("981ed29b0a21bf4d2ee349e256840a013451dd2c5c9b6acd7fdb9a8998917f2e", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("49cc394d3e7c7b92178f32a5e09cc1a069360dcae15c8cdc9c2fe347052939b4", state.ComputeStateHash().ToString());
    }
}
