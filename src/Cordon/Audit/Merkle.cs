using System.Numerics;
using System.Security.Cryptography;

namespace Cordon.Audit;

/// <summary>A complete subtree of the log: 2^Level leaves starting at leaf Index * 2^Level.</summary>
public readonly record struct TreeNode(int Level, long Index)
{
    public long Start => Index << Level;
    public long End => (Index + 1) << Level;
}

/// <summary>
/// RFC 9162 Merkle tree hashing: leaf hash SHA-256(0x00 ‖ entry), interior SHA-256(0x01 ‖ left ‖ right),
/// the tree over n leaves split at the largest power of two below n. Proof generation is expressed over
/// complete subtrees (<see cref="TreeNode"/>) so a store that keeps their hashes answers any proof with a
/// few dozen lookups instead of rehashing the log. Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2,
/// and its generalisation to subtrees in the Merkle Tree Certificates draft (§4.3, §4.4).
/// </summary>
public static class Merkle
{
    public const int HashSize = 32;

    /// <summary>The hash of an empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot => SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        var buffer = entry.Length <= 4096 ? stackalloc byte[entry.Length + 1] : new byte[entry.Length + 1];
        buffer[0] = 0x00;
        entry.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + HashSize + HashSize];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root of the tree over the given leaf hashes, computed in memory (tests, small trees).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) => leafHashes.Count == 0 ? EmptyRoot : RangeHash(leafHashes, 0, leafHashes.Count);

    private static byte[] RangeHash(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        if (end - start == 1)
        {
            return leaves[start];
        }
        var k = (int)LargestPowerOfTwoBelow((ulong)(end - start));
        return NodeHash(RangeHash(leaves, start, start + k), RangeHash(leaves, start + k, end));
    }

    /// <summary>The largest power of two strictly less than n (n ≥ 2).</summary>
    public static ulong LargestPowerOfTwoBelow(ulong n) => 1UL << (63 - BitOperations.LeadingZeroCount(n - 1));

    /// <summary>
    /// The complete subtrees that make up the tree node over leaves [start, end), leftmost (largest) first.
    /// Its hash is the fold from the right: H(b0, H(b1, … H(bk-1, bk))).
    /// </summary>
    public static List<TreeNode> CompleteSubtrees(long start, long end)
    {
        var nodes = new List<TreeNode>(8);
        while (start < end)
        {
            var level = start == 0 ? 62 : BitOperations.TrailingZeroCount(start);
            while ((1L << level) > end - start)
            {
                level--;
            }
            nodes.Add(new TreeNode(level, start >> level));
            start += 1L << level;
        }
        return nodes;
    }

    /// <summary>The tree-node ranges whose hashes form the inclusion proof of leaf <paramref name="index"/> (RFC 9162 PATH), in proof order.</summary>
    public static List<(long Start, long End)> InclusionRanges(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Leaf {index} is not in a tree of size {size}.");
        }
        var ranges = new List<(long, long)>();
        long start = 0, end = size;
        while (end - start > 1)
        {
            var k = (long)LargestPowerOfTwoBelow((ulong)(end - start));
            if (index < start + k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
            }
        }
        ranges.Reverse();
        return ranges;
    }

    /// <summary>The tree-node ranges whose hashes form the consistency proof from size1 to size2 (RFC 9162 PROOF), in proof order.</summary>
    public static List<(long Start, long End)> ConsistencyRanges(long size1, long size2)
    {
        if (size1 < 1 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), $"A consistency proof needs 0 < from ≤ to; got {size1} and {size2}.");
        }
        var ranges = new List<(long, long)>();
        long start = 0, end = size2, m = size1;
        var whole = true;
        while (true)
        {
            var n = end - start;
            if (m == n)
            {
                if (!whole)
                {
                    ranges.Add((start, end));
                }
                break;
            }
            var k = (long)LargestPowerOfTwoBelow((ulong)n);
            if (m <= k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
                m -= k;
                whole = false;
            }
        }
        ranges.Reverse();
        return ranges;
    }

    /// <summary>Hash of the tree node over [start, end) from the hashes of its complete subtrees.</summary>
    public static byte[] HashRange(long start, long end, IReadOnlyDictionary<TreeNode, byte[]> complete)
    {
        var parts = CompleteSubtrees(start, end);
        var hash = complete[parts[^1]];
        for (var i = parts.Count - 2; i >= 0; i--)
        {
            hash = NodeHash(complete[parts[i]], hash);
        }
        return hash;
    }

    /// <summary>Every complete subtree needed to answer the given ranges.</summary>
    public static HashSet<TreeNode> NodesFor(IEnumerable<(long Start, long End)> ranges)
    {
        var set = new HashSet<TreeNode>();
        foreach (var (start, end) in ranges)
        {
            set.UnionWith(CompleteSubtrees(start, end));
        }
        return set;
    }

    // ---- Verification (inputs are untrusted: any size, any index, any byte strings) ----

    /// <summary>RFC 9162 §2.1.3.2: leaf <paramref name="index"/> with <paramref name="leafHash"/> is in the tree of <paramref name="size"/> with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
        => size > 0 && VerifySubtreeInclusion(index, 0, size, leafHash, proof, root);

    /// <summary>Inclusion of a leaf in the subtree [start, end) with hash <paramref name="subtreeHash"/> (MTC draft §4.3.3).</summary>
    public static bool VerifySubtreeInclusion(ulong index, ulong start, ulong end, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeHash)
    {
        if (!IsSubtree(start, end) || index < start || index >= end || leafHash.Length != HashSize || subtreeHash.Length != HashSize)
        {
            return false;
        }
        var fn = index - start;
        var sn = end - start - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (p is null || p.Length != HashSize || sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                // Skip the levels where this node is the only child on the right edge.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(subtreeHash);
    }

    /// <summary>RFC 9162 §2.1.4.2: the tree of size1 with root1 is a prefix of the tree of size2 with root2.</summary>
    public static bool VerifyConsistency(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
        // An empty first tree proves nothing, so it is refused rather than vacuously accepted.
        => size1 > 0 && VerifySubtreeConsistency(0, size1, size2, proof, root1, root2);

    /// <summary>The subtree [start, end) with <paramref name="subtreeHash"/> is part of the tree of <paramref name="size"/> with <paramref name="root"/> (MTC draft §4.4.3).</summary>
    public static bool VerifySubtreeConsistency(ulong start, ulong end, ulong size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeHash, ReadOnlySpan<byte> root)
    {
        if (start == end)
        {
            // The empty subtree: its hash is the empty-tree hash and there is nothing to prove.
            return end <= size && proof.Count == 0 && subtreeHash.SequenceEqual(EmptyRoot);
        }
        if (!IsSubtree(start, end) || end > size)
        {
            return false;
        }
        ulong fn = start, sn = end - 1, tn = size - 1;
        if (sn == tn)
        {
            while (fn != sn)
            {
                fn >>= 1;
                sn >>= 1;
                tn >>= 1;
            }
        }
        else
        {
            while (fn != sn && (sn & 1) == 1)
            {
                fn >>= 1;
                sn >>= 1;
                tn >>= 1;
            }
        }
        var position = 0;
        byte[] fr, sr;
        if (fn == sn)
        {
            fr = sr = subtreeHash.ToArray();
        }
        else
        {
            if (proof.Count == 0 || proof[0] is not { Length: HashSize } first)
            {
                return false;
            }
            fr = sr = first;
            position = 1;
        }
        for (; position < proof.Count; position++)
        {
            var c = proof[position];
            if (c is null || c.Length != HashSize || tn == 0)
            {
                return false;
            }
            if ((sn & 1) == 1 || sn == tn)
            {
                if (fn < sn)
                {
                    fr = NodeHash(c, fr);
                }
                sr = NodeHash(c, sr);
                while ((sn & 1) == 0 && sn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                    tn >>= 1;
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
            tn >>= 1;
        }
        return tn == 0 && fr.AsSpan().SequenceEqual(subtreeHash) && sr.AsSpan().SequenceEqual(root);
    }

    /// <summary>[start, end) is a node of some Merkle tree: non-empty and start a multiple of the bit ceiling of its width.</summary>
    public static bool IsSubtree(ulong start, ulong end)
    {
        if (start >= end)
        {
            return false;
        }
        var width = end - start;
        if (width > 1UL << 63)
        {
            return start == 0; // the bit ceiling would be 2^64
        }
        return start % BitOperations.RoundUpToPowerOf2(width) == 0;
    }
}
