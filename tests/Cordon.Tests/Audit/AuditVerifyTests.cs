using Cordon.Audit;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Audit;

/// <summary>Tampering with the stored log is caught by verification, on both stores.</summary>
public sealed class AuditVerifyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static AuditSigner Signer() => AuditSigner.LoadOrCreate(Path.Combine(Path.GetTempPath(), $"cordon-key-{Guid.NewGuid():N}", "audit-signing.key"), "test.cordon/audit");

    /// <summary>40 entries with checkpoints at 10, 25 and 40.</summary>
    private static async Task<(TestStore Store, AuditSigner Signer)> LogAsync(string store)
    {
        var s = await TestStore.CreateAsync(store);
        var signer = Signer();
        await using var db = s.Open();
        foreach (var (from, to) in new[] { (0, 10), (10, 25), (25, 40) })
        {
            await AuditLog.AppendBatchAsync(db, Enumerable.Range(from, to - from).Select(i => AuditLogTests.Read(i)).ToList(), Ct);
            await AuditCheckpoints.MakeAsync(db, signer, Ct);
        }
        return (s, signer);
    }

    private static async Task<VerifyReport> VerifyAsync(TestStore s, AuditSigner signer)
    {
        await using var db = s.Open();
        return await AuditVerifier.VerifyAsync(db, signer.Verifier, null, Ct);
    }

    private static async Task SqlAsync(TestStore s, string sql)
    {
        await using var db = s.Open();
        await db.Database.ExecuteSqlRawAsync(sql, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_untouched_log_verifies(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        var report = await VerifyAsync(s, signer);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(40, report.Entries);
        Assert.Equal(3, report.Checkpoints);
        await using var db = s.Open();
        Assert.Equal(Convert.ToBase64String(await AuditTree.RootAsync(db, 40, Ct)), report.RootHash);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Changing_a_stored_entry_is_detected_at_its_index(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        await SqlAsync(s, "UPDATE audit_entries SET \"Purpose\" = 'statistics' WHERE \"LeafIndex\" = 17");
        var report = await VerifyAsync(s, signer);
        Assert.False(report.Ok);
        Assert.Equal(17, report.FirstBadIndex);
        Assert.Contains(report.Problems, p => p.Message.Contains("Checkpoint at size 25", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Deleting_an_entry_is_detected_at_its_index(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        await SqlAsync(s, "DELETE FROM audit_entries WHERE \"LeafIndex\" = 12");
        var report = await VerifyAsync(s, signer);
        Assert.False(report.Ok);
        Assert.Equal(12, report.FirstBadIndex);
        Assert.Contains("missing", report.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Deleting_the_newest_entries_is_detected_by_the_last_checkpoint(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        await SqlAsync(s, "DELETE FROM audit_entries WHERE \"LeafIndex\" >= 38");
        var report = await VerifyAsync(s, signer);
        Assert.False(report.Ok);
        Assert.Equal(38, report.FirstBadIndex);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Reordering_two_entries_is_detected(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        // Swap rows 5 and 30 wholesale (every column, hashes included) through a free index.
        await SqlAsync(s, "UPDATE audit_entries SET \"LeafIndex\" = -1 WHERE \"LeafIndex\" = 5");
        await SqlAsync(s, "UPDATE audit_entries SET \"LeafIndex\" = 5 WHERE \"LeafIndex\" = 30");
        await SqlAsync(s, "UPDATE audit_entries SET \"LeafIndex\" = 30 WHERE \"LeafIndex\" = -1");
        var report = await VerifyAsync(s, signer);
        Assert.False(report.Ok);
        Assert.Equal(5, report.FirstBadIndex);
        Assert.Contains(report.Problems, p => p.Index == 30);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_change_with_its_leaf_hash_recomputed_is_caught_by_the_tree_and_the_signed_roots(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        await using (var db = s.Open())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.LeafIndex == 21, Ct);
            entry.ActorName = "someone-else";
            entry.LeafHash = AuditCanonical.LeafHash(entry);
            await db.SaveChangesAsync(Ct);
        }
        var report = await VerifyAsync(s, signer);
        Assert.False(report.Ok);
        Assert.True(report.FirstBadIndex == 20, string.Join("\n", report.Problems)); // the pair 20–21 whose stored hash no longer matches
        Assert.Contains(report.Problems, p => p.Message.Contains("Checkpoint at size 25", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("Checkpoint at size 10:", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_forged_or_foreign_checkpoint_is_rejected(string store)
    {
        var (s, signer) = await LogAsync(store);
        await using var _ = s;
        await SqlAsync(s, "UPDATE audit_checkpoints SET \"Note\" = REPLACE(\"Note\", '\n25\n', '\n24\n') WHERE \"TreeSize\" = 25");
        var report = await VerifyAsync(s, signer);
        Assert.Contains(report.Problems, p => p.Message.StartsWith("Checkpoint at size 25: its signature does not verify", StringComparison.Ordinal));
        // The same log checked against another key: no checkpoint verifies.
        await using var db = s.Open();
        var other = await AuditVerifier.VerifyAsync(db, Signer().Verifier, null, Ct);
        Assert.Equal(3, other.Problems.Count(p => p.Message.Contains("signature does not verify", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_key_is_kept_in_its_file_and_notes_follow_the_signed_note_format()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cordon-key-{Guid.NewGuid():N}", "audit-signing.key");
        var first = AuditSigner.LoadOrCreate(file, "example.org/log");
        var again = AuditSigner.LoadOrCreate(file, "example.org/log");
        Assert.Equal(first.Verifier.ToString(), again.Verifier.ToString());
        Assert.StartsWith("PRIVATE+KEY+example.org/log+", File.ReadAllText(file), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        var note = first.Sign(AuditSigner.CheckpointText("example.org/log", 7, new byte[32]));
        Assert.Matches("^example.org/log\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 example.org/log [A-Za-z0-9+/]{91}=\n$", note);
        var verifier = NoteVerifier.Parse(first.Verifier.ToString());
        Assert.Equal((7L, "example.org/log"), AuditCheckpoints.Open(verifier, note) is { } b ? (b.Size, b.Origin) : default);
        Assert.Null(AuditCheckpoints.Open(verifier, note.Replace("\n7\n", "\n8\n", StringComparison.Ordinal)));
        Assert.Throws<InvalidOperationException>(() => AuditSigner.LoadOrCreate(file, "another.org/log"));
    }

    [Fact]
    public void A_note_signed_by_Go_tooling_verifies()
    {
        // Example from golang.org/x/mod/sumdb/note: key "PeterNeumann", text "If you think cryptography is the answer to your problem,\n…".
        var verifier = NoteVerifier.Parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        const string note = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
        Assert.NotNull(verifier.Open(note));
        Assert.Null(verifier.Open(note.Replace("problem,", "problems,", StringComparison.Ordinal)));
    }
}
