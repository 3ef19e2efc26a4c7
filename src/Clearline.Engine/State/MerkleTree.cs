using System.Security.Cryptography;

namespace Clearline.Engine;

/// <summary>
/// The binary Merkle tree of RFC 6962 (Certificate Transparency): a leaf hashes as SHA-256(0x00 ‖ data) and a
/// node as SHA-256(0x01 ‖ left ‖ right), so no leaf can pass for a node. Each level pairs nodes left to right
/// and promotes an odd last node unchanged, which gives RFC 6962's shape (split at the largest power of two).
/// Settlement builds proofs over the same leaves, so this is part of the verifiable format.
/// </summary>
public static class MerkleTree
{
    internal const byte LeafPrefix = 0x00;
    internal const byte NodePrefix = 0x01;

    public static Hash256 HashLeaf(ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([LeafPrefix]);
        sha.AppendData(data);
        return Finish(sha);
    }

    public static Hash256 HashNode(Hash256 left, Hash256 right)
    {
        Span<byte> node = stackalloc byte[1 + (2 * Hash256.Size)];
        node[0] = NodePrefix;
        left.CopyTo(node[1..]);
        right.CopyTo(node[(1 + Hash256.Size)..]);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA256.HashData(node, digest);
        return new Hash256(digest);
    }

    /// <summary>The root over leaf hashes (from <see cref="HashLeaf"/>), in order; a single leaf is its own root.</summary>
    public static Hash256 Root(ReadOnlySpan<Hash256> leaves)
    {
        if (leaves.IsEmpty)
        {
            throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        }

        var level = leaves.ToArray();
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i + 1 < count; i += 2)
            {
                level[next++] = HashNode(level[i], level[i + 1]);
            }

            if ((count & 1) == 1)
            {
                level[next++] = level[count - 1];
            }

            count = next;
        }

        return level[0];
    }

    /// <summary>Ends an incremental SHA-256 and makes it ready for the next leaf.</summary>
    internal static Hash256 Finish(IncrementalHash sha)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        sha.GetHashAndReset(digest);
        return new Hash256(digest);
    }
}
