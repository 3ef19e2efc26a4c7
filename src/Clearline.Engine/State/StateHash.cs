using System.Buffers;
using System.Security.Cryptography;
using Clearline.Domain;

namespace Clearline.Engine;

/// <summary>
/// What a leaf of the state tree holds. The value is also the first byte of the leaf's data, so leaves of
/// different kinds can never hash alike. Accounts (issue 4) will add a kind and one leaf per account, after the markets.
/// </summary>
public enum StateLeafKind : byte
{
    /// <summary>Format version, last sequence, last timestamp.</summary>
    Header = 1,

    /// <summary>One market: its instrument, spec fingerprint and book.</summary>
    Market = 2,
}

/// <summary>
/// One leaf of the state tree: its hash is SHA-256(0x00 ‖ kind ‖ the codec's bytes for it), and the instrument
/// is the market's (null for the header).
/// </summary>
public readonly record struct StateLeaf(StateLeafKind Kind, InstrumentId? Instrument, Hash256 Hash);

/// <summary>
/// The engine's state digest: a <see cref="MerkleTree"/> over one leaf for the header and one per market in
/// ascending instrument id, so settlement can prove one market's state against the root.
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

    /// <summary>The header leaf, then the market leaves by instrument id.</summary>
    public IReadOnlyList<StateLeaf> Leaves { get; }

    /// <summary>The root as lowercase hex.</summary>
    public override string ToString() => Root.ToString();

    /// <summary>
    /// Hashes each leaf's data as <see cref="EngineStateCodec"/> writes it, streamed through a 64 KiB buffer
    /// into an incremental SHA-256, so a million-order book costs one pass and no per-order allocation.
    /// </summary>
    internal static StateHash Compute(EngineState state)
    {
        var leaves = new StateLeaf[1 + state.Markets.Count];
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

            // Issue 4: one leaf per account, in ascending account id, goes here, after the markets.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new StateHash(leaves);
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
