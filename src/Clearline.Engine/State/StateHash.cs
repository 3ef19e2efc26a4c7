using System.Buffers;
using System.Security.Cryptography;
using Clearline.Domain;

namespace Clearline.Engine;

/// <summary>
/// What a leaf of the state tree holds. The value is also the first byte of the leaf's data, so leaves of
/// different kinds can never hash alike.
/// </summary>
public enum StateLeafKind : byte
{
    /// <summary>Format version, last sequence, last timestamp.</summary>
    Header = 1,

    /// <summary>One market: its instrument, spec fingerprint and book.</summary>
    Market = 2,

    /// <summary>Clearing's venue-wide state: configuration fingerprint, currency ledgers, indices, marks.</summary>
    Clearing = 3,

    /// <summary>One account: family, kill switch, balances, positions.</summary>
    Account = 4,

    /// <summary>Every accepted collateral request (the idempotency records).</summary>
    Requests = 5,
}

/// <summary>
/// One leaf of the state tree: its hash is SHA-256(0x00 ‖ kind ‖ the codec's bytes for it); the instrument is a
/// market leaf's and the account an account leaf's.
/// </summary>
public readonly record struct StateLeaf(StateLeafKind Kind, InstrumentId? Instrument, Hash256 Hash, AccountId? Account = null);

/// <summary>
/// The engine's state digest: a <see cref="MerkleTree"/> over one leaf for the header, one per market in
/// ascending instrument id and, with clearing, one for the venue's clearing state, one per account in ascending
/// account id and one for the collateral requests, so settlement can prove one market or one balance against the root.
/// </summary>
public sealed class StateHash
{
    internal StateHash(StateLeaf[] leaves)
    {
        Leaves = leaves;
        var hashes = new Hash256[leaves.Length];
        for (var i = 0; i < leaves.Length; i++)
        {
            hashes[i] = leaves[i].Hash;
        }

        Root = MerkleTree.Root(hashes);
    }

    public Hash256 Root { get; }

    /// <summary>The header leaf, the market leaves by instrument id, then any clearing leaves.</summary>
    public IReadOnlyList<StateLeaf> Leaves { get; }

    /// <summary>The root as lowercase hex.</summary>
    public override string ToString() => Root.ToString();

    /// <summary>
    /// Hashes each leaf's data as <see cref="EngineStateCodec"/> writes it, streamed through a 64 KiB buffer
    /// into an incremental SHA-256, so a million-order book costs one pass and no per-order allocation.
    /// </summary>
    internal static StateHash Compute(EngineState state)
    {
        var clearing = state.Clearing?.CaptureState();
        var leaves = new StateLeaf[1 + state.Markets.Count + (clearing is null ? 0 : 2 + clearing.Accounts.Count)];
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var target = new HashTarget(sha);
            var header = Begin(buffer, target, StateLeafKind.Header);
            EngineStateCodec.WriteHeader(ref header, state);
            header.Complete();
            leaves[0] = new StateLeaf(StateLeafKind.Header, null, MerkleTree.Finish(sha));
            for (var i = 0; i < state.Markets.Count; i++)
            {
                var market = Begin(buffer, target, StateLeafKind.Market);
                EngineStateCodec.WriteMarket(ref market, state, i);
                market.Complete();
                leaves[i + 1] = new StateLeaf(StateLeafKind.Market, state.Markets[i].Id, MerkleTree.Finish(sha));
            }

            if (clearing is not null)
            {
                var next = 1 + state.Markets.Count;
                leaves[next++] = new StateLeaf(StateLeafKind.Clearing, null, Leaf(buffer, target, sha, StateLeafKind.Clearing, ClearingCodec.EncodeVenue(clearing, state.ClearingFingerprint)));
                foreach (var account in clearing.Accounts)
                {
                    leaves[next++] = new StateLeaf(StateLeafKind.Account, null, Leaf(buffer, target, sha, StateLeafKind.Account, ClearingCodec.EncodeAccount(account)), account.Id);
                }

                leaves[next] = new StateLeaf(StateLeafKind.Requests, null, Leaf(buffer, target, sha, StateLeafKind.Requests, ClearingCodec.EncodeRequests(clearing.Requests)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new StateHash(leaves);
    }

    private static Hash256 Leaf(byte[] buffer, HashTarget target, IncrementalHash sha, StateLeafKind kind, ReadOnlySpan<byte> data)
    {
        var writer = Begin(buffer, target, kind);
        writer.Write(data);
        writer.Complete();
        return MerkleTree.Finish(sha);
    }

    private static StateWriter Begin(byte[] buffer, HashTarget target, StateLeafKind kind)
    {
        var writer = new StateWriter(buffer, target);
        var prefix = writer.Reserve(2);
        prefix[0] = MerkleTree.LeafPrefix;
        prefix[1] = (byte)kind;
        return writer;
    }
}
