using System.Data.Common;
using System.Diagnostics;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cordon.Audit;

/// <summary>What is wrong with the log at an entry, in English; <see cref="Said"/> is for a page to say in the reader's language.</summary>
public sealed record VerifyProblem(long? Index, string Message)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Wording Said { get; init; } = Message;

    public static VerifyProblem AtEntry(long? index, Wording said) => new(index, said.ToString()) { Said = said };
}

public sealed record VerifyReport(long Entries, int Checkpoints, IReadOnlyList<VerifyProblem> Problems, string RootHash, TimeSpan Elapsed)
{
    public bool Ok => Problems.Count == 0;
    /// <summary>The index of the first entry found bad, reading the log in order.</summary>
    public long? FirstBadIndex => Problems.FirstOrDefault(p => p.Index is not null)?.Index;
}

/// <summary>
/// Full verification: streams every stored entry in index order, rebuilds its canonical bytes and leaf
/// hash, rebuilds the whole tree from them, compares every stored subtree hash (which proofs are served
/// from) and every stored checkpoint (signature with the trusted key, and root at its size).
/// Catches a changed field (leaf hash), a deleted entry (gap, or a checkpoint larger than the log),
/// reordered entries (the index is inside the hashed bytes), and a change whose hashes were recomputed
/// (stored subtree hashes and signed roots no longer match).
/// </summary>
public static class AuditVerifier
{
    private const int MaxProblems = 50;

    public static async Task<VerifyReport> VerifyAsync(CordonDb db, NoteVerifier trusted, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var problems = new ProblemList();
        var total = await AuditTree.SizeAsync(db, ct);
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync(ct);
        var ordered = SignedCheckpoints(checkpoints, trusted, problems);

        var frontier = new List<(int Level, byte[] Hash)>();
        var completed = new List<AuditTreeNode>();
        long expected = 0, leaves = 0;
        await using var entries = await Reader.OpenAsync(db, $"SELECT {AuditTree.EntryColumns} FROM audit_entries ORDER BY \"LeafIndex\"", ct);
        await using var nodes = await Reader.OpenAsync(db, "SELECT \"Id\", \"Hash\" FROM audit_tree_nodes ORDER BY \"Id\"", ct);
        var stored = new StoredNodes(nodes.Data, problems);
        await stored.StartAsync(ct);
        var gap = false;
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        while (await entries.Data.ReadAsync(ct))
        {
            var entry = ReadEntry(entries.Data, sqlite);
            if (entry.LeafIndex != expected)
            {
                if (entry.LeafIndex > expected)
                {
                    problems.Problem(expected, $"Entries {expected} to {entry.LeafIndex - 1} are missing (deleted).");
                }
                else
                {
                    problems.Problem(expected, $"Entry index {entry.LeafIndex} appears twice.");
                }
                expected = entry.LeafIndex;
                // From here the rebuilt tree has fewer leaves than the indexes say: stored subtrees no longer line up.
                gap = true;
            }
            var leaf = AuditCanonical.LeafHash(entry);
            if (!leaf.AsSpan().SequenceEqual(entry.LeafHash))
            {
                problems.Problem(entry.LeafIndex, $"Entry {entry.LeafIndex} ({entry.Action} by {entry.ActorName}) does not match its leaf hash: it was changed or moved after it was written.");
                stored.BadLeaves.Add(entry.LeafIndex);
            }
            completed.Clear();
            AuditTree.Extend(frontier, leaves, leaf, completed);
            leaves++;
            foreach (var node in gap ? [] : completed)
            {
                await stored.CompareAsync(node, expected, ct);
            }
            expected++;
            while (ordered.TryPeek(out var checkpoint) && checkpoint.TreeSize == leaves)
            {
                ordered.Dequeue();
                if (!AuditTree.FrontierRoot(frontier).AsSpan().SequenceEqual(checkpoint.RootHash))
                {
                    problems.Problem(null, $"Checkpoint at size {checkpoint.TreeSize}: the entries no longer produce the root it signed.");
                }
            }
            if (expected % 16384 == 0)
            {
                progress?.Report((expected, total));
            }
        }
        foreach (var late in ordered)
        {
            problems.Problem(leaves == expected ? expected : null, $"Checkpoint at size {late.TreeSize}, but the log ends at {expected} entries: entries from {expected} on were deleted.");
        }
        progress?.Report((expected, total));
        return new VerifyReport(leaves, checkpoints.Count, problems.Found, Convert.ToBase64String(AuditTree.FrontierRoot(frontier)), clock.Elapsed);
    }

    /// <summary>The problems found, up to <see cref="MaxProblems"/>.</summary>
    private sealed class ProblemList
    {
        public List<VerifyProblem> Found { get; } = [];

        public void Problem(long? index, Wording message)
        {
            if (Found.Count < MaxProblems)
            {
                Found.Add(VerifyProblem.AtEntry(index, message));
            }
        }
    }

    /// <summary>
    /// The stored checkpoints whose signature verifies with the trusted key, as their signed notes say (the note is what counts),
    /// by size; the empty tree's are checked here and left out.
    /// </summary>
    private static Queue<AuditCheckpoint> SignedCheckpoints(List<AuditCheckpoint> checkpoints, NoteVerifier trusted, ProblemList problems)
    {
        var pending = new Queue<AuditCheckpoint>();
        foreach (var c in checkpoints)
        {
            var opened = AuditCheckpoints.Open(trusted, c.Note);
            if (opened is not { } body)
            {
                problems.Problem(null, $"Checkpoint at size {c.TreeSize}: its signature does not verify with the trusted key {trusted}.");
                continue;
            }
            if (body.Size != c.TreeSize || !body.Root.AsSpan().SequenceEqual(c.RootHash) || body.Origin != trusted.Name)
            {
                problems.Problem(null, $"Checkpoint at size {c.TreeSize}: its stored size or root differs from what its signed note says (size {body.Size}).");
            }
            // The signed note is what counts: check the root it signed.
            pending.Enqueue(new AuditCheckpoint { CreatedAt = c.CreatedAt, TreeSize = body.Size, RootHash = body.Root, Origin = body.Origin, Note = c.Note, KeyId = c.KeyId });
        }
        var ordered = new Queue<AuditCheckpoint>(pending.OrderBy(c => c.TreeSize));
        while (ordered.TryPeek(out var empty) && empty.TreeSize == 0)
        {
            ordered.Dequeue();
            if (!empty.RootHash.AsSpan().SequenceEqual(Merkle.EmptyRoot))
            {
                problems.Problem(null, "Checkpoint at size 0 does not have the empty-tree root.");
            }
        }
        return ordered;
    }

    /// <summary>The stored subtree hashes, read in Id order beside the rebuilt tree's nodes, which come in Id order too.</summary>
    private sealed class StoredNodes(DbDataReader nodes, ProblemList problems)
    {
        private bool _available;

        /// <summary>Nodes found to differ: a parent of one differs as a consequence and is not reported again.</summary>
        private readonly HashSet<long> _differing = [];

        /// <summary>Entries whose leaf hash is wrong: the level-1 node above one differs as a consequence.</summary>
        public HashSet<long> BadLeaves { get; } = [];

        public async Task StartAsync(CancellationToken ct) => _available = await nodes.ReadAsync(ct);

        /// <summary>Compares the rebuilt <paramref name="node"/> (over entries up to <paramref name="last"/>) with the stored one.</summary>
        public async Task CompareAsync(AuditTreeNode node, long last, CancellationToken ct)
        {
            // Both sides are in Id order: stored ids below ours are nodes that should not exist.
            while (_available && nodes.GetInt64(0) < node.Id)
            {
                _available = await nodes.ReadAsync(ct);
            }
            var level = (int)(node.Id % 64);
            var first = last + 1 - (1L << level);
            if (!_available || nodes.GetInt64(0) != node.Id)
            {
                problems.Problem(first, $"The stored tree lacks the hash of entries {first} to {last}: proofs over them cannot be served.");
            }
            else if (!((byte[])nodes.GetValue(1)).AsSpan().SequenceEqual(node.Hash)
                     && _differing.Add(node.Id)
                     && (level == 1 ? !(BadLeaves.Contains(first) || BadLeaves.Contains(first + 1)) : !(_differing.Contains(AuditTree.NodeId(level - 1, (first >> (level - 1))))
                                         || _differing.Contains(AuditTree.NodeId(level - 1, (first >> (level - 1)) + 1)))))
            {
                problems.Problem(first, $"The stored hash of entries {first} to {last} differs from the entries: one of them was changed (and its leaf hash recomputed), or the tree store is damaged.");
            }
        }
    }

    private static AuditEntry ReadEntry(DbDataReader r, bool sqlite)
    {
        Guid? G(int i) => r.IsDBNull(i) ? null : sqlite ? Guid.Parse(r.GetString(i)) : r.GetGuid(i);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new AuditEntry
        {
            LeafIndex = r.GetInt64(0),
            Time = sqlite ? new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero) : new DateTimeOffset(r.GetFieldValue<DateTime>(1), TimeSpan.Zero),
            ActorKind = r.GetString(2),
            ActorUserId = G(3),
            ActorName = r.GetString(4),
            ActorAgencyId = G(5),
            Action = r.GetString(6),
            RecordType = S(7),
            RecordId = S(8),
            RecordAgencyId = G(9),
            Purpose = S(10),
            Decision = S(11) is { } d ? AuditCanonical.ParseDecision(d) : null,
            Details = S(12),
            LeafHash = (byte[])r.GetValue(13),
        };
    }

    /// <summary>A forward-only reader on its own connection, so that entries and nodes stream side by side.</summary>
    private sealed class Reader : IAsyncDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbCommand _command;
        public DbDataReader Data { get; }

        private Reader(DbConnection connection, DbCommand command, DbDataReader data)
        {
            _connection = connection;
            _command = command;
            Data = data;
        }

        public static async Task<Reader> OpenAsync(CordonDb db, string sql, CancellationToken ct)
        {
            var cs = db.Database.GetConnectionString()!;
            DbConnection connection = db.Provider == DatabaseProvider.Sqlite ? new SqliteConnection(cs) : new NpgsqlConnection(cs);
            await connection.OpenAsync(ct);
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0;
            return new Reader(connection, command, await command.ExecuteReaderAsync(ct));
        }

        public async ValueTask DisposeAsync()
        {
            await Data.DisposeAsync();
            await _command.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
