using System.CommandLine;
using Cordon.Storage;

namespace Cordon.Cli;

internal static class StorageCommands
{
    public static Command Db()
    {
        var migrate = new Command("migrate", "Apply pending database migrations.");
        migrate.SetAction(async (parse, ct) =>
        {
            var settings = CordonCli.Store(parse);
            await using var db = StorageSetup.Open(settings);
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
}
