using System.CommandLine;
using Cordon.Audit;
using Cordon.Storage;
using Spectre.Console;

namespace Cordon.Cli;

internal static class StorageCommands
{
    public static Command Db()
    {
        var migrate = new Command("migrate", "Apply pending database migrations.");
        migrate.SetAction(async (parse, ct) =>
        {
            var settings = CordonCli.Store(parse);
            await using var db = StorageSetup.Open(settings, CordonCli.Clock(parse));
            var applied = await Migrator.MigrateAsync(db, ct);
            parse.InvocationConfiguration.Output.WriteLine(applied.Count == 0
                ? $"{settings.Provider} database at {settings.Describe()} is up to date."
                : $"Applied {applied.Count} migration(s) to {settings.Provider} database at {settings.Describe()}: {string.Join(", ", applied)}");
            return 0;
        });
        var db = new Command("db", "Database administration.");
        db.Subcommands.Add(migrate);
        return db;
    }

    public static Command Backup(TimeProvider clock)
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the backup (a new file); its manifest is written beside it as FILE.manifest.json." };
        var backup = new Command("backup", "Write a consistent copy of the store and a manifest of its row counts and audit-log root, signed as a checkpoint.")
        {
            file, AuditCommands.KeyFile, AuditCommands.Origin,
        };
        backup.SetAction(async (parse, ct) =>
        {
            var settings = CordonCli.Store(parse);
            var signer = AuditSigner.Load(AuditCommands.Configuration(parse));
            BackupManifest? manifest = null;
            await CordonCli.Console(parse).Status().StartAsync($"Backing up {settings.Provider} store at {settings.Describe()}", async _ =>
                manifest = await StoreBackup.BackupAsync(settings, signer, parse.GetValue(file)!, clock, ct));
            parse.InvocationConfiguration.Output.WriteLine(
                $"Backed up {manifest!.Rows.Values.Sum():N0} rows in {manifest.Rows.Count} tables and {manifest.AuditEntries:N0} audit entries (root {manifest.AuditRoot}) to {Path.GetFullPath(parse.GetValue(file)!)}.");
            return 0;
        });
        return backup;
    }

    public static Command Restore(TimeProvider clock)
    {
        var file = new Argument<string>("FILE") { Description = "A backup written by 'cordon backup' (its FILE.manifest.json beside it)." };
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "Verify the restored audit log with this verifier key (name+keyid+base64) instead of the one the manifest names.",
        };
        var restore = new Command("restore", "Restore a backup into an empty store, then check every table's row count and verify the audit log against the backup's manifest. Exits 1 when a check fails.")
        {
            file, publicKey,
        };
        restore.SetAction(async (parse, ct) =>
        {
            var settings = CordonCli.Store(parse);
            var trusted = parse.GetValue(publicKey) is { } text ? NoteVerifier.Parse(text) : null;
            RestoreReport? report = null;
            await CordonCli.Console(parse).Status().StartAsync($"Restoring into {settings.Provider} store at {settings.Describe()}", async _ =>
                report = await StoreBackup.RestoreAsync(settings, parse.GetValue(file)!, trusted, clock, ct));
            var output = parse.InvocationConfiguration.Output;
            if (report!.Ok)
            {
                output.WriteLine($"Restored {report.Manifest.Rows.Values.Sum():N0} rows in {report.Manifest.Rows.Count} tables; every count matches the manifest; "
                    + $"audit log verified: {report.Audit.Entries:N0} entries, {report.Audit.Checkpoints} signed checkpoint(s), root at the backup's size {report.Manifest.AuditRoot}.");
                return 0;
            }
            output.WriteLine("RESTORED WITH PROBLEMS:");
            foreach (var problem in report.Problems.Concat(report.Audit.Problems.Select(p => p.Message)))
            {
                output.WriteLine($"  {problem}");
            }
            return 1;
        });
        return restore;
    }
}
