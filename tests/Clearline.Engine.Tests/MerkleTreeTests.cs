using System.Security.Cryptography;

namespace Clearline.Engine.Tests;

/// <summary>The tree against a hand computation with <see cref="SHA256.HashData(byte[])"/>.</summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Data = [[], [1], [2, 2], "three"u8.ToArray(), [4, 4, 4, 4, 4]];

    [Fact]
    public void A_leaf_is_the_hash_of_zero_then_the_data()
    {
        foreach (var data in Data)
        {
            Assert.Equal(SHA256.HashData([0x00, .. data]), MerkleTree.HashLeaf(data).ToArray());
        }
    }

    [Fact]
    public void Roots_of_one_two_three_and_five_leaves()
    {
        var l = Data.Select(d => SHA256.HashData([0x00, .. d])).ToArray();
        Assert.Equal(l[0], Root(1));
        Assert.Equal(Node(l[0], l[1]), Root(2));
        Assert.Equal(Node(Node(l[0], l[1]), l[2]), Root(3));
        Assert.Equal(Node(Node(Node(l[0], l[1]), Node(l[2], l[3])), l[4]), Root(5));
    }

    [Fact]
    public void An_empty_tree_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MerkleTree.Root([]));
    }

    [Fact]
    public void A_digest_keeps_its_bytes_in_order_and_prints_them_as_lowercase_hex()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var hash = new Hash256(bytes);
        Assert.Equal(bytes, hash.ToArray());
        Assert.Equal(Convert.ToHexStringLower(bytes), hash.ToString());
        Assert.Equal(hash, new Hash256(bytes));
        bytes[31]++;
        Assert.NotEqual(hash, new Hash256(bytes));
        Assert.Throws<ArgumentException>(() => new Hash256(bytes.AsSpan(1)));
    }

    private static byte[] Root(int leaves) =>
        MerkleTree.Root(Data.Take(leaves).Select(d => MerkleTree.HashLeaf(d)).ToArray()).ToArray();

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);
}
