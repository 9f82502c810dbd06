using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cordon.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cordon.Storage;

/// <summary>What a backup holds, written beside it (<c>FILE.manifest.json</c>) and checked on restore.</summary>
public sealed record BackupManifest(
    string Format,
    DatabaseProvider Provider,
    DateTimeOffset TakenAt,
    string? Schema,
    SortedDictionary<string, long> Rows,
    long AuditEntries,
    string AuditRoot,
    string AuditVerifier,
    string Checkpoint)
{
    public const string CurrentFormat = "cordon-backup/1";

    public static string PathFor(string backupFile) => backupFile + ".manifest.json";
}

public sealed record RestoreReport(BackupManifest Manifest, IReadOnlyList<string> Problems, VerifyReport Audit)
{
    public bool Ok => Problems.Count == 0 && Audit.Ok;
}

/// <summary>
/// Backups an operator can trust: one consistent copy of the store (SQLite's online backup API; for
/// PostgreSQL pg_dump on an exported snapshot), a manifest of every table's row count and the audit
/// log's size and root at that same moment, and a restore that refuses a store holding data and then
/// proves the copy: every count, the log's root at the backup's size, and a full verification of the log.
/// </summary>
public static class StoreBackup
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest> BackupAsync(StorageSetup.StoreSettings settings, AuditSigner signer, string file, TimeProvider clock, CancellationToken ct = default)
    {
        file = Path.GetFullPath(file);
        if (File.Exists(file))
        {
            throw new InvalidOperationException($"Backup file {file} exists already: name a new file, so no earlier backup is overwritten.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await using var db = StorageSetup.Open(settings, clock);
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            throw new InvalidOperationException($"The {settings.Provider} store at {settings.Describe()} is not migrated to this version: run 'cordon db migrate' first.");
        }
        // The backup's own signed checkpoint: a restore checks the log against a signature, not just a count.
        var checkpoint = await AuditCheckpoints.MakeAsync(db, signer, ct);

        BackupManifest manifest;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using (var source = new SqliteConnection(settings.ConnectionString))
            await using (var target = new SqliteConnection($"Data Source={file};Pooling=false"))
            {
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
            }
            // Counted from the copy itself, so the manifest describes exactly what was written.
            await using var copy = StorageSetup.Open(new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"), clock);
            manifest = await DescribeAsync(copy, signer, checkpoint, clock, ct);
        }
        else
        {
            // pg_dump reads the snapshot this transaction exported, so the counts and the dump agree.
            await db.Database.OpenConnectionAsync(ct);
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var id = await db.Database.SqlQueryRaw<string>("SELECT pg_export_snapshot() AS \"Value\"").SingleAsync(ct);
            manifest = await DescribeAsync(db, signer, checkpoint, clock, ct);
            await PostgresToolAsync("pg_dump", settings.ConnectionString, ["--format=custom", $"--snapshot={id}", "--no-owner", "--no-privileges", $"--file={file}"], ct);
            await snapshot.CommitAsync(ct);
        }
        await File.WriteAllTextAsync(BackupManifest.PathFor(file), JsonSerializer.Serialize(manifest, ManifestJson), ct);
        return manifest;
    }

    /// <summary>Restores into an empty store, then checks every table's count and the audit log against the manifest.</summary>
    public static async Task<RestoreReport> RestoreAsync(StorageSetup.StoreSettings settings, string file, Cordon.Audit.NoteVerifier? trusted, TimeProvider clock, CancellationToken ct = default)
    {
        file = Path.GetFullPath(file);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"Backup file {file} does not exist.");
        }
        var manifestFile = BackupManifest.PathFor(file);
        if (!File.Exists(manifestFile))
        {
            throw new InvalidOperationException($"The backup's manifest {manifestFile} is missing: a restore is checked against it.");
        }
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestFile, ct), ManifestJson)
            ?? throw new InvalidOperationException($"{manifestFile} is empty.");
        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new InvalidOperationException($"{manifestFile}: format '{manifest.Format}' is not {BackupManifest.CurrentFormat}.");
        }
        if (manifest.Provider != settings.Provider)
        {
            throw new InvalidOperationException($"The backup is of a {manifest.Provider} store; the target is {settings.Provider}.");
        }

        await using (var db = StorageSetup.Open(settings, clock))
        {
            if ((await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            {
                throw new InvalidOperationException($"The {settings.Provider} store at {settings.Describe()} is not empty: restore only into an empty store, so nothing there is mixed with the backup.");
            }
        }
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
            await using var target = new SqliteConnection(settings.ConnectionString);
            await source.OpenAsync(ct);
            await target.OpenAsync(ct);
            source.BackupDatabase(target);
            SqliteConnection.ClearPool(target);
        }
        else
        {
            await PostgresToolAsync("pg_restore", settings.ConnectionString, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", file], ct);
        }

        await using var restored = StorageSetup.Open(settings, clock);
        var problems = new List<string>();
        var rows = await CountRowsAsync(restored, ct);
        foreach (var (table, expected) in manifest.Rows)
        {
            var found = rows.GetValueOrDefault(table, -1);
            if (found != expected)
            {
                problems.Add($"{table}: {found:N0} rows restored, the backup's manifest says {expected:N0}.");
            }
        }
        var root = Convert.ToHexStringLower(await AuditTree.RootAsync(restored, manifest.AuditEntries, ct));
        if (root != manifest.AuditRoot)
        {
            problems.Add($"audit log: root at size {manifest.AuditEntries:N0} is {root}, the backup's manifest says {manifest.AuditRoot}.");
        }
        var audit = await AuditVerifier.VerifyAsync(restored, trusted ?? Cordon.Audit.NoteVerifier.Parse(manifest.AuditVerifier), null, ct);
        return new RestoreReport(manifest, problems, audit);
    }

    private static async Task<BackupManifest> DescribeAsync(CordonDb db, AuditSigner signer, AuditCheckpoint checkpoint, TimeProvider clock, CancellationToken ct)
    {
        var size = await AuditTree.SizeAsync(db, ct);
        var root = await AuditTree.RootAsync(db, size, ct);
        var schema = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
        return new BackupManifest(BackupManifest.CurrentFormat, db.Provider, clock.GetUtcNow(), schema, await CountRowsAsync(db, ct),
            size, Convert.ToHexStringLower(root), signer.Verifier.ToString(), checkpoint.Note);
    }

    /// <summary>Every table of the model and the migrations history, counted on the context's connection and transaction.</summary>
    private static async Task<SortedDictionary<string, long>> CountRowsAsync(CordonDb db, CancellationToken ct)
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>()
            .Append("__migrations") // the history table StorageSetup names
            .Distinct(StringComparer.Ordinal);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        try
        {
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        return counts;
    }

    /// <summary>Runs pg_dump or pg_restore against the store; the password goes by environment, never on the command line.</summary>
    private static async Task PostgresToolAsync(string tool, string connectionString, IEnumerable<string> arguments, CancellationToken ct)
    {
        var path = FindPostgresTool(tool);
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add($"--host={c.Host}");
        start.ArgumentList.Add($"--port={c.Port}");
        start.ArgumentList.Add($"--username={c.Username}");
        start.ArgumentList.Add($"--dbname={c.Database}");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        if (!string.IsNullOrEmpty(c.Password))
        {
            start.Environment["PGPASSWORD"] = c.Password;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        }
    }

    /// <summary>pg_dump/pg_restore on the PATH, else the newest in Debian's /usr/lib/postgresql/*/bin.</summary>
    public static string FindPostgresTool(string tool)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool))
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin", tool))
                : []);
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} was not found on the PATH or in /usr/lib/postgresql/*/bin: install the 'postgresql-client' package.");
    }
}
