using System.Data.Common;
using System.Globalization;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Audit;

public sealed record PublishedConsistency(long From, long To, string[] Proof);

public sealed record InclusionProof(long Index, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Proof);

public sealed record ConsistencyProof(long From, long To, IReadOnlyList<byte[]> Proof);

/// <summary>
/// The Merkle tree over the stored log: appends (entries plus the complete-subtree hashes they finish),
/// roots and proofs from stored hashes. A proof or root at any size reads at most ~2·log2(n) stored
/// hashes in one query: it never rehashes the log.
/// </summary>
public static class AuditTree
{
    /// <summary>Key of the transaction-scoped PostgreSQL advisory lock that serialises appends ("cordonau").</summary>
    public const long AppendLockKey = 0x636F72646F6E6175;

    /// <summary>Key of the node over 2^level leaves starting at index·2^level: (its last leaf)·64 + level.</summary>
    public static long NodeId(int level, long index) => ((((index + 1) << level) - 1) * 64) + level;

    public static long NodeId(TreeNode node) => NodeId(node.Level, node.Index);

    /// <summary>
    /// The largest size seen committed, per database: the log only grows, so a proof for a size at or below it
    /// needs no MAX query (one round trip less per proof).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> KnownSizes = new();

    private static async Task<long> AtLeastAsync(CordonDb db, long wanted, CancellationToken ct)
    {
        var key = db.Database.GetConnectionString() ?? "";
        return KnownSizes.TryGetValue(key, out var known) && known >= wanted ? known : await SizeAsync(db, ct);
    }

    public static async Task<long> SizeAsync(CordonDb db, CancellationToken ct = default)
    {
        var size = await ReadSizeAsync(db, ct);
        if (db.Database.CurrentTransaction is null)
        {
            // Only committed state is remembered (an appender's own uncommitted rows could still roll back).
            KnownSizes.AddOrUpdate(db.Database.GetConnectionString() ?? "", size, (_, old) => Math.Max(old, size));
        }
        return size;
    }

    private static async Task<long> ReadSizeAsync(CordonDb db, CancellationToken ct)
    {
        await using var lease = await Lease.OpenAsync(db, ct);
        await using var command = lease.Command("SELECT MAX(\"LeafIndex\") FROM audit_entries");
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await command.PrepareAsync(ct);
        }
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture) + 1;
    }

    /// <summary>The root hash of the log's first <paramref name="size"/> entries.</summary>
    public static async Task<byte[]> RootAsync(CordonDb db, long size, CancellationToken ct = default)
    {
        if (size == 0)
        {
            return Merkle.EmptyRoot;
        }
        var hashes = await LoadAsync(db, Merkle.CompleteSubtrees(0, size), ct);
        return Merkle.HashRange(0, size, hashes);
    }

    public static async Task<InclusionProof> InclusionAsync(CordonDb db, long index, long size, CancellationToken ct = default)
    {
        // One connection for the size check and the hash lookups (not two trips through the pool).
        await using var lease = await Lease.OpenAsync(db, ct);
        var current = await AtLeastAsync(db, size, ct);
        var errors = new FieldErrors();
        if (size < 1 || size > current)
        {
            errors.Add("size", $"Tree size must be 1 to {current} (the log has {current} entries).");
        }
        else if (index < 0 || index >= size)
        {
            errors.Add("index", $"Leaf index must be 0 to {size - 1} for a tree of size {size}.");
        }
        errors.ThrowIfAny();
        var ranges = Merkle.InclusionRanges(index, size);
        var nodes = Merkle.NodesFor(ranges);
        var leaf = new TreeNode(0, index);
        nodes.Add(leaf);
        var hashes = await LoadAsync(db, nodes, ct);
        return new InclusionProof(index, size, hashes[leaf], ranges.Select(r => Merkle.HashRange(r.Start, r.End, hashes)).ToList());
    }

    /// <summary>A consistency proof between two sizes the caller names, hashes in base64, as the audit API and federation partners publish it.</summary>
    public static async Task<PublishedConsistency> PublishedConsistencyAsync(CordonDb db, long? from, long? to, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (from is null)
        {
            errors.Add("from", "The older tree size is required.");
        }
        if (to is null)
        {
            errors.Add("to", "The newer tree size is required.");
        }
        errors.ThrowIfAny();
        var proof = await ConsistencyAsync(db, from!.Value, to!.Value, ct);
        return new PublishedConsistency(proof.From, proof.To, proof.Proof.Select(Convert.ToBase64String).ToArray());
    }

    public static async Task<ConsistencyProof> ConsistencyAsync(CordonDb db, long from, long to, CancellationToken ct = default)
    {
        // One connection for the size check and the hash lookups (not two trips through the pool).
        await using var lease = await Lease.OpenAsync(db, ct);
        var current = await AtLeastAsync(db, to, ct);
        var errors = new FieldErrors();
        if (to < 1 || to > current)
        {
            errors.Add("to", $"Tree size 'to' must be 1 to {current} (the log has {current} entries).");
        }
        else if (from < 1 || from > to)
        {
            errors.Add("from", $"Tree size 'from' must be 1 to {to}.");
        }
        errors.ThrowIfAny();
        var ranges = Merkle.ConsistencyRanges(from, to);
        var hashes = await LoadAsync(db, Merkle.NodesFor(ranges), ct);
        return new ConsistencyProof(from, to, ranges.Select(r => Merkle.HashRange(r.Start, r.End, hashes)).ToList());
    }

    /// <summary>Stored hashes of complete subtrees: leaves from audit_entries, higher levels from audit_tree_nodes, in one query.</summary>
    public static async Task<Dictionary<TreeNode, byte[]>> LoadAsync(CordonDb db, IEnumerable<TreeNode> nodes, CancellationToken ct = default)
    {
        var wanted = nodes.ToDictionary(NodeId);
        var result = new Dictionary<TreeNode, byte[]>(wanted.Count);
        if (wanted.Count == 0)
        {
            return result;
        }
        await using var lease = await Lease.OpenAsync(db, ct);
        await using var command = lease.Command("");
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // One prepared statement with array parameters: PostgreSQL plans it once per connection.
            command.CommandText = "SELECT \"LeafIndex\" * 64, \"LeafHash\" FROM audit_entries WHERE \"LeafIndex\" = ANY(@leaves) "
                                  + "UNION ALL SELECT \"Id\", \"Hash\" FROM audit_tree_nodes WHERE \"Id\" = ANY(@ids)";
            command.Parameters.Add(new NpgsqlParameter<long[]>("leaves", wanted.Values.Where(n => n.Level == 0).Select(n => n.Index).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<long[]>("ids", wanted.Where(w => w.Value.Level > 0).Select(w => w.Key).ToArray()));
            await command.PrepareAsync(ct);
        }
        else
        {
            // SQLite prepares statements cheaply; the ids are numbers we computed, so inlining them is safe.
            var leaves = wanted.Values.Where(n => n.Level == 0).Select(n => n.Index.ToString(CultureInfo.InvariantCulture)).ToList();
            var inner = wanted.Where(w => w.Value.Level > 0).Select(w => w.Key.ToString(CultureInfo.InvariantCulture)).ToList();
            command.CommandText = $"SELECT \"LeafIndex\" * 64, \"LeafHash\" FROM audit_entries WHERE \"LeafIndex\" IN ({string.Join(",", leaves)}) "
                                  + $"UNION ALL SELECT \"Id\", \"Hash\" FROM audit_tree_nodes WHERE \"Id\" IN ({string.Join(",", inner)})";
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[wanted[reader.GetInt64(0)]] = (byte[])reader.GetValue(1);
        }
        if (result.Count != wanted.Count)
        {
            var missing = wanted.Values.First(n => !result.ContainsKey(n));
            throw new InvalidOperationException(
                $"The audit log's stored tree lacks the hash of leaves [{missing.Start}, {missing.End}) (level {missing.Level}): run 'cordon audit verify'.");
        }
        return result;
    }

    /// <summary>
    /// Appends entries at the end of the log inside the current transaction (which the caller must have
    /// begun): takes the append lock, reads the head and its right frontier, assigns indexes and leaf
    /// hashes, and writes the entries and every subtree hash they complete. Returns the first index.
    /// </summary>
    /// <summary>
    /// Takes the append lock now (PostgreSQL; SQLite's writer lock is already held), for a transaction that
    /// will append only after writing its rows: taking it before the rows keeps the order every appender
    /// uses (lock, then rows), so two transactions cannot each hold what the other waits for.
    /// </summary>
    internal static async Task LockAsync(CordonDb db, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }
        await using var lease = await Lease.OpenAsync(db, ct);
        await using var lockCommand = lease.Command($"SELECT pg_advisory_xact_lock({AppendLockKey})");
        await lockCommand.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<long> AppendAsync(CordonDb db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit appends run inside a transaction.");
        }
        await using var lease = await Lease.OpenAsync(db, ct);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Held to the end of the transaction: the next appender reads the head only after this one commits.
            await using var lockCommand = lease.Command($"SELECT pg_advisory_xact_lock({AppendLockKey})");
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        // SQLite: EF begins IMMEDIATE transactions, so this connection already holds the single write lock.
        var size = await SizeAsync(db, ct);
        var frontier = new List<(int Level, byte[] Hash)>();
        if (size > 0)
        {
            var subtrees = Merkle.CompleteSubtrees(0, size);
            var hashes = await LoadAsync(db, subtrees, ct);
            frontier.AddRange(subtrees.Select(s => (s.Level, hashes[s])));
        }
        var nodes = new List<AuditTreeNode>(entries.Count + 8);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            entry.LeafIndex = size + i;
            entry.LeafHash = AuditCanonical.LeafHash(entry);
            Extend(frontier, entry.LeafIndex, entry.LeafHash, nodes);
        }
        if (db.Provider == DatabaseProvider.Postgres && entries.Count > 32)
        {
            await CopyAsync((NpgsqlConnection)lease.Connection, entries, nodes, ct);
        }
        else
        {
            await InsertAsync(lease, db.Provider, entries, nodes, ct);
        }
        return size;
    }

    /// <summary>Adds leaf <paramref name="index"/> to the right frontier, emitting each subtree it completes.</summary>
    public static void Extend(List<(int Level, byte[] Hash)> frontier, long index, byte[] leafHash, List<AuditTreeNode>? completed)
    {
        var level = 0;
        var hash = leafHash;
        while (frontier.Count > 0 && frontier[^1].Level == level)
        {
            hash = Merkle.NodeHash(frontier[^1].Hash, hash);
            frontier.RemoveAt(frontier.Count - 1);
            level++;
            completed?.Add(new AuditTreeNode { Id = NodeId(level, index >> level), Hash = hash });
        }
        frontier.Add((level, hash));
    }

    /// <summary>The root of the tree whose right frontier this is.</summary>
    public static byte[] FrontierRoot(List<(int Level, byte[] Hash)> frontier)
    {
        if (frontier.Count == 0)
        {
            return Merkle.EmptyRoot;
        }
        var hash = frontier[^1].Hash;
        for (var i = frontier.Count - 2; i >= 0; i--)
        {
            hash = Merkle.NodeHash(frontier[i].Hash, hash);
        }
        return hash;
    }

    internal const string EntryColumns = "\"LeafIndex\", \"Time\", \"ActorKind\", \"ActorUserId\", \"ActorName\", \"ActorAgencyId\", \"Action\", \"RecordType\", \"RecordId\", \"RecordAgencyId\", \"Purpose\", \"Decision\", \"Details\", \"LeafHash\"";

    private static async Task InsertAsync(Lease lease, DatabaseProvider provider, IReadOnlyList<AuditEntry> entries, List<AuditTreeNode> nodes, CancellationToken ct)
    {
        var sqlite = provider == DatabaseProvider.Sqlite;
        await using (var insert = lease.Command($"INSERT INTO audit_entries ({EntryColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13)"))
        {
            var p = new DbParameter[14];
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = insert.CreateParameter();
                p[i].ParameterName = $"@p{i}";
                insert.Parameters.Add(p[i]);
            }
            if (!sqlite)
            {
                // Typed so that nulls in uuid and text columns need no inference.
                var types = new[] { NpgsqlDbType.Bigint, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bytea };
                for (var i = 0; i < p.Length; i++)
                {
                    ((NpgsqlParameter)p[i]).NpgsqlDbType = types[i];
                }
            }
            foreach (var e in entries)
            {
                p[0].Value = e.LeafIndex;
                p[1].Value = sqlite ? e.Time.UtcTicks : e.Time.UtcDateTime;
                p[2].Value = e.ActorKind;
                p[3].Value = Guid(e.ActorUserId, sqlite);
                p[4].Value = e.ActorName;
                p[5].Value = Guid(e.ActorAgencyId, sqlite);
                p[6].Value = e.Action;
                p[7].Value = (object?)e.RecordType ?? DBNull.Value;
                p[8].Value = (object?)e.RecordId ?? DBNull.Value;
                p[9].Value = Guid(e.RecordAgencyId, sqlite);
                p[10].Value = (object?)e.Purpose ?? DBNull.Value;
                p[11].Value = e.Decision is { } d ? AuditCanonical.DecisionName(d) : DBNull.Value;
                p[12].Value = (object?)e.Details ?? DBNull.Value;
                p[13].Value = e.LeafHash;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
        if (nodes.Count == 0)
        {
            return;
        }
        await using var node = lease.Command("INSERT INTO audit_tree_nodes (\"Id\", \"Hash\") VALUES (@id, @hash)");
        var id = node.CreateParameter();
        id.ParameterName = "@id";
        var hash = node.CreateParameter();
        hash.ParameterName = "@hash";
        node.Parameters.Add(id);
        node.Parameters.Add(hash);
        foreach (var n in nodes)
        {
            id.Value = n.Id;
            hash.Value = n.Hash;
            await node.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>EF stores SQLite GUIDs as upper-case text; raw inserts must match.</summary>
    private static object Guid(Guid? id, bool sqlite)
        => id is not { } g ? DBNull.Value : sqlite ? g.ToString("D").ToUpperInvariant() : g;

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<AuditEntry> entries, List<AuditTreeNode> nodes, CancellationToken ct)
    {
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY audit_entries ({EntryColumns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in entries)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(e.LeafIndex, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(e.Time.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(e.ActorKind, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, e.ActorUserId, ct);
                await writer.WriteAsync(e.ActorName, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, e.ActorAgencyId, ct);
                await writer.WriteAsync(e.Action, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(writer, e.RecordType, ct);
                await WriteNullableAsync(writer, e.RecordId, ct);
                await WriteNullableAsync(writer, e.RecordAgencyId, ct);
                await WriteNullableAsync(writer, e.Purpose, ct);
                await WriteNullableAsync(writer, e.Decision is { } d ? AuditCanonical.DecisionName(d) : null, ct);
                await WriteNullableAsync(writer, e.Details, ct);
                await writer.WriteAsync(e.LeafHash, NpgsqlDbType.Bytea, ct);
            }
            await writer.CompleteAsync(ct);
        }
        if (nodes.Count == 0)
        {
            return;
        }
        await using (var writer = await connection.BeginBinaryImportAsync("COPY audit_tree_nodes (\"Id\", \"Hash\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var n in nodes)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(n.Id, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(n.Hash, NpgsqlDbType.Bytea, ct);
            }
            await writer.CompleteAsync(ct);
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken ct)
        => value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, Guid? value, CancellationToken ct)
        => value is { } g ? writer.WriteAsync(g, NpgsqlDbType.Uuid, ct) : writer.WriteNullAsync(ct);

    /// <summary>The context's own connection (opened if needed), with commands enlisted in its current transaction.</summary>
    internal sealed class Lease : IAsyncDisposable
    {
        private readonly CordonDb _db;
        private readonly bool _opened;
        public DbConnection Connection { get; }

        private Lease(CordonDb db, bool opened)
        {
            _db = db;
            _opened = opened;
            Connection = db.Database.GetDbConnection();
        }

        public static async Task<Lease> OpenAsync(CordonDb db, CancellationToken ct)
        {
            var connection = db.Database.GetDbConnection();
            var opened = connection.State != System.Data.ConnectionState.Open;
            if (opened)
            {
                await db.Database.OpenConnectionAsync(ct);
            }
            return new Lease(db, opened);
        }

        public DbCommand Command(string sql)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            if (_opened)
            {
                await _db.Database.CloseConnectionAsync();
            }
        }
    }
}
