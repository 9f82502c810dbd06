using System.Text.Json;
using Cordon.Audit;

namespace Cordon.Tests.Audit;

/// <summary>The proof vectors in data/testvectors/merkle: every happy path verifies, every tampered proof fails.</summary>
public sealed class MerkleVectorTests
{
    public static string VectorRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "testvectors", "merkle", "testdata");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new DirectoryNotFoundException("data/testvectors/merkle/testdata not found above the test binaries.");
        }
    }

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(VectorRoot, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(VectorRoot, file));
        }
        return data;
    }

    [Fact]
    public void All_four_kinds_of_vector_are_present()
    {
        var files = Vectors().Select(v => (string)v.Data).ToList();
        Assert.True(files.Count >= 480, $"only {files.Count} vectors");
        foreach (var kind in new[] { "inclusion", "consistency", "subtreeinclusion", "subtreeconsistency" })
        {
            Assert.Contains(files, f => f.StartsWith(kind + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }
    }

    [Theory, MemberData(nameof(Vectors))]
    public void Vector_verifies_exactly_when_it_should(string vector)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, vector))).RootElement;
        var wantErr = json.GetProperty("wantErr").GetBoolean();
        var kind = vector.Split(Path.DirectorySeparatorChar)[0];
        var proof = json.TryGetProperty("proof", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToList()
            : [];
        var verified = kind switch
        {
            "inclusion" => Merkle.VerifyInclusion(U(json, "leafIdx"), U(json, "treeSize"), B(json, "leafHash"), proof, B(json, "root")),
            "subtreeinclusion" => Merkle.VerifySubtreeInclusion(U(json, "leafIdx"), U(json, "start"), U(json, "end"), B(json, "leafHash"), proof, B(json, "root")),
            "consistency" => Merkle.VerifyConsistency(U(json, "size1"), U(json, "size2"), proof, B(json, "root1"), B(json, "root2")),
            "subtreeconsistency" => Merkle.VerifySubtreeConsistency(U(json, "start"), U(json, "end"), U(json, "size"), proof, B(json, "root1"), B(json, "root2")),
            _ => throw new InvalidOperationException($"unknown vector kind {kind}"),
        };
        Assert.True(verified == !wantErr, $"{vector} ({json.GetProperty("desc").GetString()}): verified={verified}, wantErr={wantErr}");
    }

    private static ulong U(JsonElement json, string name) => json.GetProperty(name).GetUInt64();

    private static byte[] B(JsonElement json, string name) => Convert.FromBase64String(json.GetProperty(name).GetString() ?? "");

    /// <summary>The RFC 6962 reference leaves the vectors were made from.</summary>
    public static readonly byte[][] ReferenceLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Fact]
    public void Roots_of_the_reference_tree_match_RFC_6962()
    {
        string[] expected =
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        var leaves = ReferenceLeaves.Select(l => Merkle.LeafHash(l)).ToList();
        for (var n = 1; n <= 8; n++)
        {
            Assert.Equal(expected[n - 1], Convert.ToHexStringLower(Merkle.Root(leaves.Take(n).ToList())));
        }
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(Merkle.Root([])));
    }

    [Theory]
    [InlineData("inclusion/1/happy-path.json")]
    [InlineData("inclusion/2/happy-path.json")]
    [InlineData("inclusion/3/happy-path.json")]
    [InlineData("inclusion/4/happy-path.json")]
    public void Generated_inclusion_proofs_equal_the_vectors(string vector)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, vector))).RootElement;
        var tree = new InMemoryTree(ReferenceLeaves.Select(l => Merkle.LeafHash(l)).Take((int)U(json, "treeSize")).ToList());
        var proof = tree.Inclusion((long)U(json, "leafIdx"));
        Assert.Equal(json.GetProperty("proof").EnumerateArray().Select(e => e.GetString()), proof.Select(Convert.ToBase64String));
        Assert.Equal(json.GetProperty("root").GetString(), Convert.ToBase64String(tree.Root));
    }

    [Theory]
    [InlineData("consistency/1/happy-path.json")]
    [InlineData("consistency/2/happy-path.json")]
    [InlineData("consistency/3/happy-path.json")]
    [InlineData("consistency/4/happy-path.json")]
    public void Generated_consistency_proofs_equal_the_vectors(string vector)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, vector))).RootElement;
        var tree = new InMemoryTree(ReferenceLeaves.Select(l => Merkle.LeafHash(l)).Take((int)U(json, "size2")).ToList());
        var proof = tree.Consistency((long)U(json, "size1"));
        Assert.Equal(json.GetProperty("proof").EnumerateArray().Select(e => e.GetString()), proof.Select(Convert.ToBase64String));
    }

    [Fact]
    public void Generated_proofs_verify_for_every_leaf_and_size_up_to_70_and_a_flipped_bit_fails()
    {
        var leaves = Enumerable.Range(0, 70).Select(i => Merkle.LeafHash(BitConverter.GetBytes(i))).ToList();
        for (var size = 1; size <= leaves.Count; size++)
        {
            var tree = new InMemoryTree(leaves.Take(size).ToList());
            Assert.Equal(Merkle.Root(leaves.Take(size).ToList()), tree.Root);
            for (var index = 0; index < size; index++)
            {
                var proof = tree.Inclusion(index);
                Assert.True(Merkle.VerifyInclusion((ulong)index, (ulong)size, leaves[index], proof, tree.Root), $"inclusion {index} in {size}");
                if (proof.Count > 0)
                {
                    proof[^1] = Flip(proof[^1]);
                    Assert.False(Merkle.VerifyInclusion((ulong)index, (ulong)size, leaves[index], proof, tree.Root));
                }
            }
            for (var from = 1; from <= size; from++)
            {
                var proof = tree.Consistency(from);
                var oldRoot = Merkle.Root(leaves.Take(from).ToList());
                Assert.True(Merkle.VerifyConsistency((ulong)from, (ulong)size, proof, oldRoot, tree.Root), $"consistency {from} to {size}");
                Assert.False(Merkle.VerifyConsistency((ulong)from, (ulong)size, proof, Flip(oldRoot), tree.Root));
            }
        }
    }

    private static byte[] Flip(byte[] hash)
    {
        var copy = (byte[])hash.Clone();
        copy[0] ^= 1;
        return copy;
    }
}

/// <summary>Complete-subtree hashes computed from an in-memory list of leaf hashes, to drive the proof generators.</summary>
internal sealed class InMemoryTree(List<byte[]> leaves)
{
    public byte[] Root => Merkle.HashRange(0, leaves.Count, Hashes(Merkle.NodesFor([(0, leaves.Count)])));

    public List<byte[]> Inclusion(long index)
    {
        var ranges = Merkle.InclusionRanges(index, leaves.Count);
        var hashes = Hashes(Merkle.NodesFor(ranges));
        return ranges.Select(r => Merkle.HashRange(r.Start, r.End, hashes)).ToList();
    }

    public List<byte[]> Consistency(long from)
    {
        var ranges = Merkle.ConsistencyRanges(from, leaves.Count);
        var hashes = Hashes(Merkle.NodesFor(ranges));
        return ranges.Select(r => Merkle.HashRange(r.Start, r.End, hashes)).ToList();
    }

    private Dictionary<TreeNode, byte[]> Hashes(IEnumerable<TreeNode> nodes)
        => nodes.ToDictionary(n => n, n => Merkle.Root(leaves.GetRange((int)n.Start, 1 << n.Level)));
}
