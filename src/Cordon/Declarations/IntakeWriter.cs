using Cordon.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Declarations;

internal enum ColumnType
{
    Text,
    Int,
    Decimal,
    Date,
    Instant,
    Uuid,
    Bool,
    Bytes,
    Long,
}

internal sealed record Column(string Name, ColumnType Type);

/// <summary>Text held as UTF-8 bytes (written as text, not as a blob).</summary>
internal sealed record Utf8Text(byte[] Bytes)
{
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Bytes);
}

internal sealed record TableShape(string Name, Column[] Columns)
{
    public string QuotedColumns => string.Join(", ", Columns.Select(c => $"\"{c.Name}\""));
}

/// <summary>
/// The tables of one kind of intake record. The header's first eleven columns are fixed:
/// Id, OwningAgencyId, Marking, the three key columns, Version, ContentHash, FirstReceivedAt,
/// UpdatedAt, UpdatedBy. Child, version and outcome rows start with the parent id.
/// </summary>
internal sealed record IntakeShape(TableShape Header, TableShape Children, TableShape Versions, TableShape? Outcomes)
{
    public const int IdIndex = 0, KeyIndex = 3, VersionIndex = 6, HashIndex = 7, FirstReceivedIndex = 8;
    public string[] Key => [Header.Columns[KeyIndex].Name, Header.Columns[KeyIndex + 1].Name, Header.Columns[KeyIndex + 2].Name];
}

public enum IntakeOutcome
{
    Accepted,
    Duplicate,
    Amended,
    Rejected,
}

/// <summary>A validated record ready to write: its key, content hash, canonical content and column values.</summary>
internal sealed class StagedRecord
{
    public required object?[] Header { get; init; }
    public required List<object?[]> Children { get; init; }
    public object?[]? Outcome { get; init; }
    /// <summary>Canonical JSON, UTF-8: half the memory of a string while the batch waits to be written.</summary>
    public required Utf8Text Content { get; init; }
    public required string Source { get; init; }
    public required string ReceivedBy { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    public Guid NewId => (Guid)Header[IntakeShape.IdIndex]!;
    public string K1 => (string)Header[IntakeShape.KeyIndex]!;
    public string K2 => (string)Header[IntakeShape.KeyIndex + 1]!;
    public string K3 => (string)Header[IntakeShape.KeyIndex + 2]!;
    public byte[] Hash => (byte[])Header[IntakeShape.HashIndex]!;
    public (string, string, string) Key => (K1, K2, K3);

    // Set by the writer once the batch committed.
    public IntakeOutcome Outcome_ { get; set; }
    public Guid StoredId { get; set; }
    public int StoredVersion { get; set; }
}

/// <summary>A rejected record, kept in quarantine.</summary>
internal sealed record QuarantineRow(
    Guid OwningAgencyId, IntakeKind Kind, string Source, string Position, string? Number, string Content, bool ContentIsJson,
    string Errors, byte[] RawHash, DateTimeOffset ReceivedAt, string ReceivedBy)
{
    public static readonly TableShape Table = new("quarantined_records",
    [
        new("Id", ColumnType.Uuid), new("OwningAgencyId", ColumnType.Uuid), new("Marking", ColumnType.Text), new("Kind", ColumnType.Text),
        new("Source", ColumnType.Text), new("Position", ColumnType.Text), new("Number", ColumnType.Text), new("Content", ColumnType.Text),
        new("ContentIsJson", ColumnType.Bool), new("Errors", ColumnType.Text), new("RawHash", ColumnType.Bytes), new("ReceivedAt", ColumnType.Instant),
        new("ReceivedBy", ColumnType.Text),
    ]);

    public object?[] Values() =>
    [
        Guid.CreateVersion7(), OwningAgencyId, "Amber", Kind.ToString(), Source, Position, Number, Content, ContentIsJson, Errors, RawHash, ReceivedAt, ReceivedBy,
    ];
}

/// <summary>
/// Writes batches of staged records idempotently: per record, a new key is inserted, the same content
/// again is a duplicate, different content is an amendment (new version; every version is kept).
/// One transaction per batch: a record counts as stored only once its batch committed. The unique
/// index on the key decides races between concurrent writers; the loser retries its batch and then
/// sees the winner's row.
/// </summary>
internal abstract class IntakeWriter : IAsyncDisposable
{
    public static async Task<IntakeWriter> OpenAsync(StorageSetup.StoreSettings settings, CancellationToken ct)
    {
        IntakeWriter writer = settings.Provider == DatabaseProvider.Sqlite
            ? new SqliteIntakeWriter(settings.ConnectionString)
            : new PostgresIntakeWriter(settings.ConnectionString);
        await writer.OpenAsync(ct);
        return writer;
    }

    protected abstract Task OpenAsync(CancellationToken ct);

    /// <summary>CPU time the writer's own thread spent in writes, where the store lets it be measured (SQLite); else 0.</summary>
    public double CpuSeconds { get; protected set; }

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// True when the store lets several batches share one transaction (SQLite): a file import then
    /// commits every second or so instead of every batch, which writes each index page touched by a
    /// batch once per commit instead of once per batch (decision 012).
    /// </summary>
    public virtual bool GroupsBatches => false;

    /// <summary>
    /// Writes one batch; on return every record has its outcome. With <paramref name="commit"/> false
    /// (only where <see cref="GroupsBatches"/>) the batch stays in an open transaction until
    /// <see cref="CommitAsync"/>: nothing of it counts as stored before then.
    /// </summary>
    public async Task WriteAsync(IntakeShape shape, IReadOnlyList<StagedRecord> records, IReadOnlyList<QuarantineRow> quarantine, CancellationToken ct, bool commit = true)
    {
        // A key may appear only once per round: a later copy in the same batch is written in a
        // following round of the same transaction, so it sees the earlier one and becomes a
        // duplicate or an amendment of it.
        var rounds = new List<List<StagedRecord>> { new() };
        var seen = new List<HashSet<(string, string, string)>> { new() };
        foreach (var r in records)
        {
            var i = 0;
            while (i < rounds.Count && seen[i].Contains(r.Key))
            {
                i++;
            }
            if (i == rounds.Count)
            {
                rounds.Add([]);
                seen.Add([]);
            }
            rounds[i].Add(r);
            seen[i].Add(r.Key);
        }
        for (var attempt = 1; ; attempt++)
        {
            // Read before writing: a failure rolls back the open transaction, and with it any earlier
            // batches waiting in it, which a retry of this batch alone would silently lose.
            var alone = !HasUncommittedBatches;
            try
            {
                await WriteRoundsAsync(shape, rounds, quarantine, commit || !GroupsBatches, ct);
                return;
            }
            catch (Exception e) when (StoreErrors.IsUniqueViolation(e) && attempt < 8 && alone)
            {
                // Another writer inserted one of our keys first; our transaction was rolled back. Retry:
                // the lookup now finds its row.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    protected abstract Task WriteRoundsAsync(IntakeShape shape, List<List<StagedRecord>> rounds, IReadOnlyList<QuarantineRow> quarantine, bool commit, CancellationToken ct);

    /// <summary>Earlier batches wait in the open transaction: a failure now loses them too, so it cannot be retried alone.</summary>
    protected virtual bool HasUncommittedBatches => false;

    /// <summary>Commits the batches written with commit: false.</summary>
    public virtual Task CommitAsync() => Task.CompletedTask;

    /// <summary>The columns of an answer in a sender's outbox (<see cref="TradeMessages.OutboxMessage"/>), as the intake writes them.</summary>
    internal static readonly TableShape OutboxTable = new("trade_message_outbox",
    [
        new("Id", ColumnType.Uuid), new("OwningAgencyId", ColumnType.Uuid), new("Marking", ColumnType.Text), new("Sequence", ColumnType.Long),
        new("Kind", ColumnType.Text), new("State", ColumnType.Text), new("Recipient", ColumnType.Text), new("InterchangeReference", ColumnType.Text),
        new("MessageReference", ColumnType.Text), new("DeclarationNumber", ColumnType.Text), new("DeclarationId", ColumnType.Uuid),
        new("AnswerKey", ColumnType.Text), new("Content", ColumnType.Text), new("AnsweredBy", ColumnType.Text), new("SyntaxIdentifier", ColumnType.Text),
        new("SyntaxVersion", ColumnType.Text), new("DocumentCode", ColumnType.Text), new("ConsignmentId", ColumnType.Uuid), new("Version", ColumnType.Int),
        new("Errors", ColumnType.Text), new("CreatedAt", ColumnType.Instant),
    ]);

    protected static object?[] OutboxRow(TradeMessages.OutboxMessage m)
        => [m.Id, m.OwningAgencyId, m.Marking.ToString(), m.Sequence, m.Kind, m.State, m.Recipient, m.InterchangeReference, m.MessageReference, m.DeclarationNumber,
            m.DeclarationId, m.AnswerKey, m.StoredContent, m.AnsweredBy, m.SyntaxIdentifier, m.SyntaxVersion, m.DocumentCode, m.ConsignmentId, m.Version, m.Errors,
            m.CreatedAt];

    /// <summary>
    /// Appends answers to one agency's outbox with the records they answer (SQLite: in the open transaction, committed with
    /// them; PostgreSQL: in a transaction of their own right after): each answer whose key is already there keeps the stored
    /// one's sequence and is not written again; the others are numbered after the agency's last answer. True for each written.
    /// Numbering takes the store's write lock (SQLite) or retries on a concurrent writer's collision (PostgreSQL).
    /// </summary>
    public abstract Task<bool[]> AppendAnswersAsync(Guid agency, IReadOnlyList<TradeMessages.OutboxMessage> answers, CancellationToken ct);

    protected static object?[] VersionRow(StagedRecord r, Guid id, int version)
        => [id, version, r.Hash, r.Content, r.ReceivedAt, r.ReceivedBy, r.Source];

    protected static bool SameHash(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);
}

/// <summary>
/// SQLite: one writer at a time (BEGIN IMMEDIATE), on a connection of its own without SQLite's per-call
/// mutex. The hot statements are prepared once and bound by position straight through e_sqlite3
/// (<see cref="SqliteNative"/>): Microsoft.Data.Sqlite's named parameters, then SQLitePCL's per-call
/// handles and per-string arrays, each cost more than the insert itself (decision 012).
/// </summary>
internal sealed class SqliteIntakeWriter(string connectionString) : IntakeWriter
{
    private SqliteNative.Connection? _connection;
    private readonly Dictionary<string, SqliteNative.Statement> _statements = new(StringComparer.Ordinal);

    private SqliteNative.Connection Connection => _connection ?? throw new InvalidOperationException("The writer is not open.");

    protected override Task OpenAsync(CancellationToken ct)
    {
        _connection = new SqliteNative.Connection(connectionString);
        // WAL with synchronous=NORMAL: a committed batch survives a process crash; a large page cache
        // keeps the key index hot (64 MB, well inside the memory budget). No foreign-key checks on this
        // connection: every child row it writes takes the id of the record it has just inserted or
        // found under its own write lock, and the three extra index lookups per record cost 15 % of
        // SQLite's work here (measured, decision 012).
        // The busy timeout first: even switching to WAL waits for another writer's lock.
        _connection.Execute("PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var s in _statements.Values)
        {
            s.Dispose();
        }
        _statements.Clear();
        _connection?.Dispose();
        _connection = null;
        return ValueTask.CompletedTask;
    }

    private SqliteNative.Statement Sql(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            _statements[sql] = statement = Connection.Prepare(sql);
        }
        return statement;
    }

    private static string Placeholders(int n) => string.Join(", ", Enumerable.Range(1, n).Select(i => $"?{i}"));

    private struct Existing
    {
        public Guid Id;
        public int Version;
        public byte[] Hash;
    }

    public override bool GroupsBatches => true;

    protected override bool HasUncommittedBatches => _open;

    // A transaction left open by a batch written with commit: false.
    private bool _open;

    protected override Task WriteRoundsAsync(IntakeShape shape, List<List<StagedRecord>> rounds, IReadOnlyList<QuarantineRow> quarantine, bool commit, CancellationToken ct)
    {
        InTransaction(() =>
        {
            if (!_open)
            {
                // BEGIN IMMEDIATE: take the write lock up front, so the lookups below see every committed
                // row, and no other writer can insert one of our keys until we commit.
                Connection.Execute("BEGIN IMMEDIATE");
                _open = true;
            }
            WriteRounds(shape, rounds, quarantine, ct);
            if (commit)
            {
                Commit();
            }
        });
        return Task.CompletedTask;
    }

    public override Task CommitAsync()
    {
        if (_open)
        {
            InTransaction(Commit);
        }
        return Task.CompletedTask;
    }

    public override Task<bool[]> AppendAnswersAsync(Guid agency, IReadOnlyList<TradeMessages.OutboxMessage> answers, CancellationToken ct)
    {
        var written = new bool[answers.Count];
        if (answers.Count == 0)
        {
            return Task.FromResult(written);
        }
        InTransaction(() =>
        {
            if (!_open)
            {
                Connection.Execute("BEGIN IMMEDIATE");
                _open = true;
            }
            var t = OutboxTable;
            var last = Sql($"SELECT COALESCE(MAX(\"Sequence\"), 0) FROM \"{t.Name}\" WHERE \"OwningAgencyId\" = ?1");
            var find = Sql($"SELECT \"Sequence\" FROM \"{t.Name}\" WHERE \"OwningAgencyId\" = ?1 AND \"AnswerKey\" = ?2");
            // Most answers are new: insert first (the unique index on the key is probed once, by the insert) and look
            // up the stored one only when the key is already there. The write lock is held, so the sequence cannot collide.
            var insert = Sql($"INSERT INTO \"{t.Name}\" ({t.QuotedColumns}) VALUES ({Placeholders(t.Columns.Length)}) ON CONFLICT (\"OwningAgencyId\", \"AnswerKey\") DO NOTHING");
            last.Bind(0, agency);
            var next = 0L;
            last.QueryFirst(ref next, static (SqliteNative.Columns row, ref long n) => n = row.Long(0));
            for (var i = 0; i < answers.Count; i++)
            {
                var a = answers[i];
                a.Sequence = next + 1;
                insert.Bind(OutboxRow(a));
                if (insert.Execute() == 1)
                {
                    next++;
                    written[i] = true;
                    continue;
                }
                find.Bind(0, agency);
                find.Bind(1, a.AnswerKey);
                var stored = 0L;
                find.QueryFirst(ref stored, static (SqliteNative.Columns row, ref long n) => n = row.Long(0));
                a.Sequence = stored;
            }
        });
        return Task.FromResult(written);
    }

    /// <summary>Runs part of the open transaction on this thread: a failure rolls it back; its CPU time is counted.</summary>
    private void InTransaction(Action work)
    {
        var cpu = SqliteNative.ThreadCpuSeconds();
        try
        {
            work();
        }
        catch
        {
            Rollback();
            throw;
        }
        finally
        {
            CpuSeconds += SqliteNative.ThreadCpuSeconds() - cpu;
        }
    }

    private void Commit()
    {
        // Never cancel a commit half-way: once it is sent, the batches are either fully stored or not at all.
        Connection.Execute("COMMIT");
        _open = false;
    }

    private void Rollback()
    {
        if (_open)
        {
            _open = false;
            try
            {
                Connection.Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                // SQLite already rolled back (a full disk, an I/O error): the first error is the one to report.
            }
        }
    }

    private void WriteRounds(IntakeShape shape, List<List<StagedRecord>> rounds, IReadOnlyList<QuarantineRow> quarantine, CancellationToken ct)
    {
        var h = shape.Header;
        var key = shape.Key;
        var children = shape.Children;
        var versions = shape.Versions;
        var tryInsert = Sql($"INSERT INTO \"{h.Name}\" ({h.QuotedColumns}) VALUES ({Placeholders(h.Columns.Length)}) ON CONFLICT ({string.Join(", ", key.Select(k => $"\"{k}\""))}) DO NOTHING");
        var lookup = Sql($"SELECT \"Id\", \"Version\", \"ContentHash\" FROM \"{h.Name}\" WHERE \"{key[0]}\" = ?1 AND \"{key[1]}\" = ?2 AND \"{key[2]}\" = ?3");
        var insertChild = Sql($"INSERT INTO \"{children.Name}\" ({children.QuotedColumns}) VALUES ({Placeholders(children.Columns.Length)})");
        var insertVersion = Sql($"INSERT INTO \"{versions.Name}\" ({versions.QuotedColumns}) VALUES ({Placeholders(versions.Columns.Length)})");
        var earlier = Sql($"SELECT 1 FROM \"{versions.Name}\" WHERE \"{versions.Columns[0].Name}\" = ?1 AND \"ContentHash\" = ?2 LIMIT 1");
        var deleteChildren = Sql($"DELETE FROM \"{children.Name}\" WHERE \"{children.Columns[0].Name}\" = ?1");
        var screeningBacklog = Sql(Screening.Hits.IntakeBacklog.SqliteInsert);
        // Amendments rewrite every header column except the id and the first-received instant.
        var updatable = Enumerable.Range(1, h.Columns.Length - 1).Where(i => i != IntakeShape.FirstReceivedIndex).ToArray();
        var update = Sql($"UPDATE \"{h.Name}\" SET " + string.Join(", ", updatable.Select((c, j) => $"\"{h.Columns[c].Name}\" = ?{j + 2}")) + " WHERE \"Id\" = ?1");
        SqliteNative.Statement? upsertOutcome = null;
        if (shape.Outcomes is { } o)
        {
            upsertOutcome = Sql($"INSERT INTO \"{o.Name}\" ({o.QuotedColumns}) VALUES ({Placeholders(o.Columns.Length)}) " +
                $"ON CONFLICT (\"{o.Columns[0].Name}\") DO UPDATE SET " + string.Join(", ", o.Columns.Skip(1).Select(c => $"\"{c.Name}\" = excluded.\"{c.Name}\"")));
        }

        foreach (var round in rounds)
        {
            foreach (var r in round)
            {
                ct.ThrowIfCancellationRequested();
                // Most records of an import are new: try the insert first and look up only when the key exists.
                tryInsert.Bind(r.Header);
                if (tryInsert.Execute() == 1)
                {
                    r.Outcome_ = IntakeOutcome.Accepted;
                    r.StoredId = r.NewId;
                    r.StoredVersion = 1;
                    WriteRest(r, r.NewId, 1);
                    continue;
                }
                lookup.Bind(0, r.K1);
                lookup.Bind(1, r.K2);
                lookup.Bind(2, r.K3);
                var found = new Existing { Hash = [] };
                if (!lookup.QueryFirst(ref found, static (SqliteNative.Columns row, ref Existing e) =>
                {
                    e.Id = Guid.Parse(row.Text(0));
                    e.Version = row.Int(1);
                    e.Hash = row.Blob(2);
                }))
                {
                    throw new InvalidOperationException($"Key {r.K1}/{r.K2}/{r.K3} was neither inserted nor found.");
                }
                var (id, existingVersion, existingHash) = (found.Id, found.Version, found.Hash);
                var duplicate = SameHash(existingHash, r.Hash);
                if (!duplicate)
                {
                    // The content of an earlier version sent again (a file re-run, a late resend) is a
                    // duplicate too, not an amendment back to old content.
                    earlier.Bind(0, id);
                    earlier.Bind(1, r.Hash);
                    var none = 0;
                    duplicate = earlier.QueryFirst(ref none, static (SqliteNative.Columns _, ref int _) => { });
                }
                if (duplicate)
                {
                    r.Outcome_ = IntakeOutcome.Duplicate;
                    r.StoredId = id;
                    r.StoredVersion = existingVersion;
                    continue;
                }
                var version = existingVersion + 1;
                update.Bind(0, id);
                for (var j = 0; j < updatable.Length; j++)
                {
                    var c = updatable[j];
                    update.Bind(j + 1, c == IntakeShape.VersionIndex ? version : r.Header[c]);
                }
                update.Execute();
                deleteChildren.Bind(0, id);
                deleteChildren.Execute();
                r.Outcome_ = IntakeOutcome.Amended;
                r.StoredId = id;
                r.StoredVersion = version;
                WriteRest(r, id, version);
            }
        }

        void WriteRest(StagedRecord r, Guid target, int version)
        {
            foreach (var child in r.Children)
            {
                child[0] = target;
                insertChild.Bind(child);
                insertChild.Execute();
            }
            insertVersion.Bind(VersionRow(r, target, version));
            insertVersion.Execute();
            // Every stored version waits to be screened, committed with the record itself.
            screeningBacklog.Bind(Screening.Hits.IntakeBacklog.Row(shape, r, target, version));
            screeningBacklog.Execute();
            if (upsertOutcome is not null && r.Outcome is { } outcome)
            {
                outcome[0] = target;
                upsertOutcome.Bind(outcome);
                upsertOutcome.Execute();
            }
        }

        if (quarantine.Count > 0)
        {
            var q = QuarantineRow.Table;
            var insertQuarantine = Sql($"INSERT INTO \"{q.Name}\" ({q.QuotedColumns}) VALUES ({Placeholders(q.Columns.Length)}) ON CONFLICT DO NOTHING");
            foreach (var row in quarantine)
            {
                insertQuarantine.Bind(row.Values());
                insertQuarantine.Execute();
            }
        }
    }
}

/// <summary>
/// PostgreSQL: per batch one key lookup (unnest, FOR UPDATE), amendments as statements, and new rows
/// by binary COPY straight into the tables. A concurrent writer that inserted one of the same keys
/// makes the COPY fail on the unique index; the batch then rolls back and retries.
/// </summary>
internal sealed class PostgresIntakeWriter(string connectionString) : IntakeWriter
{
    private readonly NpgsqlConnection _connection = new(connectionString);

    protected override Task OpenAsync(CancellationToken ct) => _connection.OpenAsync(ct);

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static NpgsqlDbType DbType(ColumnType type) => type switch
    {
        ColumnType.Text => NpgsqlDbType.Text,
        ColumnType.Int => NpgsqlDbType.Integer,
        ColumnType.Decimal => NpgsqlDbType.Numeric,
        ColumnType.Date => NpgsqlDbType.Date,
        ColumnType.Instant => NpgsqlDbType.TimestampTz,
        ColumnType.Uuid => NpgsqlDbType.Uuid,
        ColumnType.Bool => NpgsqlDbType.Boolean,
        ColumnType.Bytes => NpgsqlDbType.Bytea,
        ColumnType.Long => NpgsqlDbType.Bigint,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    protected override async Task WriteRoundsAsync(IntakeShape shape, List<List<StagedRecord>> rounds, IReadOnlyList<QuarantineRow> quarantine, bool commit, CancellationToken ct)
    {
        await using var tx = await _connection.BeginTransactionAsync(ct);
        foreach (var round in rounds)
        {
            await WriteRoundAsync(shape, round, ct);
        }
        if (quarantine.Count > 0)
        {
            var q = QuarantineRow.Table;
            await using var batch = new NpgsqlBatch(_connection);
            foreach (var row in quarantine)
            {
                var command = new NpgsqlBatchCommand($"INSERT INTO \"{q.Name}\" ({q.QuotedColumns}) VALUES ({string.Join(", ", q.Columns.Select((_, i) => $"${i + 1}"))}) ON CONFLICT DO NOTHING");
                var values = row.Values();
                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = DbType(q.Columns[i].Type), Value = values[i] ?? DBNull.Value });
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
        // Never cancel a commit half-way: once it is sent, the batch is either fully stored or not at all.
        await tx.CommitAsync(CancellationToken.None);
    }

    private async Task WriteRoundAsync(IntakeShape shape, List<StagedRecord> round, CancellationToken ct)
    {
        var h = shape.Header;
        var key = shape.Key;
        var existing = new Dictionary<(string, string, string), (Guid Id, int Version, byte[] Hash)>();
        await using (var lookup = new NpgsqlCommand(
            $"SELECT h.\"Id\", h.\"Version\", h.\"ContentHash\", h.\"{key[0]}\", h.\"{key[1]}\", h.\"{key[2]}\" " +
            $"FROM unnest($1::text[], $2::text[], $3::text[]) AS k(a, b, c) JOIN \"{h.Name}\" h ON h.\"{key[0]}\" = k.a AND h.\"{key[1]}\" = k.b AND h.\"{key[2]}\" = k.c " +
            "FOR UPDATE OF h", _connection))
        {
            lookup.Parameters.Add(new NpgsqlParameter { Value = round.Select(r => r.K1).ToArray() });
            lookup.Parameters.Add(new NpgsqlParameter { Value = round.Select(r => r.K2).ToArray() });
            lookup.Parameters.Add(new NpgsqlParameter { Value = round.Select(r => r.K3).ToArray() });
            await using var reader = await lookup.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                existing[(reader.GetString(3), reader.GetString(4), reader.GetString(5))] = (reader.GetGuid(0), reader.GetInt32(1), (byte[])reader.GetValue(2));
            }
        }

        // Content of an earlier version sent again is a duplicate, not an amendment back to old content.
        var changed = round.Where(r => existing.TryGetValue(r.Key, out var e) && !SameHash(e.Hash, r.Hash)).ToList();
        var earlier = new HashSet<(Guid, string)>();
        if (changed.Count > 0)
        {
            var v = shape.Versions;
            await using var older = new NpgsqlCommand(
                $"SELECT v.\"{v.Columns[0].Name}\", v.\"ContentHash\" FROM unnest($1::uuid[], $2::bytea[]) AS k(id, h) " +
                $"JOIN \"{v.Name}\" v ON v.\"{v.Columns[0].Name}\" = k.id AND v.\"ContentHash\" = k.h", _connection);
            older.Parameters.Add(new NpgsqlParameter { Value = changed.Select(r => existing[r.Key].Id).ToArray() });
            older.Parameters.Add(new NpgsqlParameter { Value = changed.Select(r => r.Hash).ToArray() });
            await using var reader = await older.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                earlier.Add((reader.GetGuid(0), Convert.ToHexString((byte[])reader.GetValue(1))));
            }
        }

        var inserts = new List<StagedRecord>();
        var writes = new List<StagedRecord>();
        var amended = new List<StagedRecord>();
        foreach (var r in round)
        {
            if (existing.TryGetValue(r.Key, out var e))
            {
                r.StoredId = e.Id;
                if (SameHash(e.Hash, r.Hash) || earlier.Contains((e.Id, Convert.ToHexString(r.Hash))))
                {
                    r.Outcome_ = IntakeOutcome.Duplicate;
                    r.StoredVersion = e.Version;
                    continue;
                }
                r.Outcome_ = IntakeOutcome.Amended;
                r.StoredVersion = e.Version + 1;
                amended.Add(r);
            }
            else
            {
                r.Outcome_ = IntakeOutcome.Accepted;
                r.StoredId = r.NewId;
                r.StoredVersion = 1;
                inserts.Add(r);
            }
            writes.Add(r);
        }

        if (amended.Count > 0)
        {
            var updatable = Enumerable.Range(1, h.Columns.Length - 1).Where(i => i != IntakeShape.FirstReceivedIndex).ToArray();
            var updateSql = $"UPDATE \"{h.Name}\" SET " + string.Join(", ", updatable.Select((c, j) => $"\"{h.Columns[c].Name}\" = ${j + 2}")) + " WHERE \"Id\" = $1";
            await using var batch = new NpgsqlBatch(_connection);
            foreach (var r in amended)
            {
                var command = new NpgsqlBatchCommand(updateSql);
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = r.StoredId });
                foreach (var c in updatable)
                {
                    var value = c == IntakeShape.VersionIndex ? r.StoredVersion : r.Header[c];
                    command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = DbType(h.Columns[c].Type), Value = value ?? DBNull.Value });
                }
                batch.BatchCommands.Add(command);
            }
            var ids = amended.Select(r => r.StoredId).ToArray();
            var deleteChildren = new NpgsqlBatchCommand($"DELETE FROM \"{shape.Children.Name}\" WHERE \"{shape.Children.Columns[0].Name}\" = ANY($1)");
            deleteChildren.Parameters.Add(new NpgsqlParameter { Value = ids });
            batch.BatchCommands.Add(deleteChildren);
            if (shape.Outcomes is { } o)
            {
                var deleteOutcomes = new NpgsqlBatchCommand($"DELETE FROM \"{o.Name}\" WHERE \"{o.Columns[0].Name}\" = ANY($1)");
                deleteOutcomes.Parameters.Add(new NpgsqlParameter { Value = ids });
                batch.BatchCommands.Add(deleteOutcomes);
            }
            await batch.ExecuteNonQueryAsync(ct);
        }

        await CopyAsync(h, inserts.Select(r => r.Header), ct);
        await CopyAsync(shape.Children, writes.SelectMany(r => r.Children.Select(c =>
        {
            c[0] = r.StoredId;
            return c;
        })), ct);
        await CopyAsync(shape.Versions, writes.Select(r => VersionRow(r, r.StoredId, r.StoredVersion)), ct);
        // Every stored version waits to be screened, committed with the record itself.
        await CopyAsync(Screening.Hits.IntakeBacklog.Table, writes.Select(r => Screening.Hits.IntakeBacklog.Row(shape, r, r.StoredId, r.StoredVersion)), ct);
        if (shape.Outcomes is { } outcomes)
        {
            await CopyAsync(outcomes, writes.Where(r => r.Outcome is not null).Select(r =>
            {
                r.Outcome![0] = r.StoredId;
                return r.Outcome;
            }), ct);
        }
    }

    public override async Task<bool[]> AppendAnswersAsync(Guid agency, IReadOnlyList<TradeMessages.OutboxMessage> answers, CancellationToken ct)
    {
        var t = OutboxTable;
        for (var attempt = 1; ; attempt++)
        {
            var written = new bool[answers.Count];
            if (answers.Count == 0)
            {
                return written;
            }
            try
            {
                await using var tx = await _connection.BeginTransactionAsync(ct);
                var stored = new Dictionary<string, long>(StringComparer.Ordinal);
                await using (var find = new NpgsqlCommand($"SELECT \"AnswerKey\", \"Sequence\" FROM \"{t.Name}\" WHERE \"OwningAgencyId\" = $1 AND \"AnswerKey\" = ANY($2)", _connection))
                {
                    find.Parameters.Add(new NpgsqlParameter { Value = agency });
                    find.Parameters.Add(new NpgsqlParameter { Value = answers.Select(a => a.AnswerKey).Distinct().ToArray() });
                    await using var reader = await find.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        stored[reader.GetString(0)] = reader.GetInt64(1);
                    }
                }
                long next;
                await using (var last = new NpgsqlCommand($"SELECT COALESCE(MAX(\"Sequence\"), 0) FROM \"{t.Name}\" WHERE \"OwningAgencyId\" = $1", _connection))
                {
                    last.Parameters.Add(new NpgsqlParameter { Value = agency });
                    next = Convert.ToInt64(await last.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                }
                var rows = new List<object?[]>();
                for (var i = 0; i < answers.Count; i++)
                {
                    var a = answers[i];
                    if (stored.TryGetValue(a.AnswerKey, out var sequence))
                    {
                        a.Sequence = sequence;
                        continue;
                    }
                    a.Sequence = ++next;
                    stored[a.AnswerKey] = a.Sequence;
                    rows.Add(OutboxRow(a));
                    written[i] = true;
                }
                await CopyAsync(t, rows, ct);
                await tx.CommitAsync(CancellationToken.None);
                return written;
            }
            catch (Exception e) when (StoreErrors.IsUniqueViolation(e) && attempt < 5)
            {
                // Another writer numbered answers of the same agency at the same time: number again after it.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    private async Task CopyAsync(TableShape table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        using var enumerator = rows.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            return;
        }
        var types = table.Columns.Select(c => DbType(c.Type)).ToArray();
        await using var importer = await _connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({table.QuotedColumns}) FROM STDIN (FORMAT BINARY)", ct);
        // Synchronous writes: the importer buffers, and awaiting per field would dominate the cost.
        do
        {
            var row = enumerator.Current;
            importer.StartRow();
            for (var i = 0; i < row.Length; i++)
            {
                switch (row[i])
                {
                    case null: importer.WriteNull(); break;
                    case string s: importer.Write(s, types[i]); break;
                    case Guid g: importer.Write(g, types[i]); break;
                    case int n: importer.Write(n, types[i]); break;
                    case long l: importer.Write(l, types[i]); break;
                    case decimal m: importer.Write(m, types[i]); break;
                    case DateOnly d: importer.Write(d, types[i]); break;
                    case DateTimeOffset t: importer.Write(t, types[i]); break;
                    case bool b: importer.Write(b, types[i]); break;
                    case byte[] bytes: importer.Write(bytes, types[i]); break;
                    case Utf8Text text: importer.Write(text.ToString(), types[i]); break;
                    default: throw new InvalidOperationException($"No COPY mapping for {row[i]!.GetType().Name} in {table.Name}.");
                }
            }
        }
        while (enumerator.MoveNext());
        await importer.CompleteAsync(ct);
    }
}
