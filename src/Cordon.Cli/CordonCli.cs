using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>
/// The `cordon` command. It calls the same feature operations as the server, in-process, against the
/// configured store. Whoever runs it has the database in hand, so it acts as the local operator.
/// </summary>
public static class CordonCli
{
    public static readonly Option<string?> Provider = new("--provider")
    {
        Description = "Store: Sqlite (default) or Postgres. Overrides Database__Provider.",
        Recursive = true,
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string. Overrides ConnectionStrings__Cordon.",
        Recursive = true,
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The whole command tree; tests walk it to find every command. Commands that read the time are given <paramref name="clock"/>.</summary>
    public static RootCommand BuildRoot(TimeProvider clock)
    {
        var root = new ClockedRoot("Cordon: customs enforcement and interagency border coordination.", clock);
        root.Options.Add(Provider);
        root.Options.Add(Connection);
        root.Subcommands.Add(StorageCommands.Db());
        root.Subcommands.Add(StorageCommands.Backup(clock));
        root.Subcommands.Add(StorageCommands.Restore(clock));
        root.Subcommands.Add(IdentityCommands.Agencies(clock));
        root.Subcommands.Add(IdentityCommands.Users(clock));
        root.Subcommands.Add(IdentityCommands.ApiKeys(clock));
        root.Subcommands.Add(DemoCommands.Demo(clock));
        root.Subcommands.Add(RiskCommands.Risk());
        root.Subcommands.Add(AuditCommands.Audit());
        root.Subcommands.Add(ScreeningCommands.Lists());
        root.Subcommands.Add(ScreeningCommands.Screen());
        root.Subcommands.Add(ScreeningHitCommands.Screening(clock));
        root.Subcommands.Add(DeclarationCommands.Import(clock));
        root.Subcommands.Add(DeclarationCommands.Declarations());
        root.Subcommands.Add(TradeMessageCommands.Export(clock));
        CaseCommands.Register(root);
        ResourceCommands.Register(root, clock);
        root.Subcommands.Add(OperationCommands.Operations(clock));
        root.Subcommands.Add(MessageCommands.Messages(clock));
        root.Subcommands.Add(TravellerCommands.Travellers(clock));
        return root;
    }

    /// <summary>The command tree's root, carrying the clock it was built with, so every store a command opens runs on it.</summary>
    private sealed class ClockedRoot(string description, TimeProvider clock) : RootCommand(description)
    {
        public TimeProvider Clock { get; } = clock;
    }

    /// <summary>The clock of the command line being run (the one <see cref="BuildRoot"/> was given).</summary>
    public static TimeProvider Clock(ParseResult parse) => ((ClockedRoot)parse.RootCommandResult.Command).Clock;

    /// <summary>Runs one command line with the system clock: the CLI's one reading of it.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) => RunAsync(args, stdout, stderr, TimeProvider.System);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        var parse = BuildRoot(clock).Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CordonException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (InvalidOperationException e) when (e.Source?.StartsWith("Cordon", StringComparison.Ordinal) == true)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>Configuration from the environment, overridden by --provider/--connection.</summary>
    public static StorageSetup.StoreSettings Store(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Provider) is { } provider)
        {
            overrides["Database:Provider"] = provider;
        }
        if (parse.GetValue(Connection) is { } connection)
        {
            overrides["ConnectionStrings:Cordon"] = connection;
        }
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return StorageSetup.Read(configuration);
    }

    /// <summary>
    /// Opens the store for a command. Only 'cordon db migrate' (and 'cordon demo seed', which builds a demo
    /// store) change the schema: a production store is never migrated as a side effect of listing something.
    /// </summary>
    public static async Task<CordonDb> OpenAsync(ParseResult parse, CancellationToken ct, bool migrate = false)
    {
        var settings = Store(parse);
        var db = OpenAsOperator(settings, Clock(parse));
        if (migrate)
        {
            await Migrator.MigrateAsync(db, ct);
            return db;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).Any();
            await db.DisposeAsync();
            throw new InvalidOperationException(applied
                ? $"The {settings.Provider} store at {settings.Describe()} is not migrated to this version of Cordon ({pending.Count} migration(s) pending, from {pending[0]}): run 'cordon db migrate' first."
                : $"The {settings.Provider} store at {settings.Describe()} has no Cordon schema yet: run 'cordon db migrate' first (or start the server, which migrates unless --no-migrate).");
        }
        return db;
    }

    /// <summary>
    /// A context acting as the local operator: what the store audits, it audits as them. For operations that open
    /// a context per batch; <see cref="OpenAsync"/> opens the first one and checks the schema.
    /// </summary>
    public static CordonDb OpenAsOperator(StorageSetup.StoreSettings settings, TimeProvider clock)
    {
        var db = StorageSetup.Open(settings, clock);
        db.Actor = Audit.AuditActor.Of(Identity.Actor.LocalOperator);
        return db;
    }

    public static IAnsiConsole Console(ParseResult parse)
        => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });

    public static void WriteJson<T>(ParseResult parse, T value)
        => parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>
    /// Reads a file with one progress bar, as every import shows it: the bytes read against the file's size, and the
    /// line the import writes from its own progress (<paramref name="run"/> calls report(bytesRead, description)).
    /// </summary>
    public static async Task<T> ReadingFileAsync<T>(IAnsiConsole console, FileInfo file, Func<Action<long, string>, Task<T>> run)
    {
        T result = default!;
        await console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {Markup.Escape(file.Name)}", maxValue: Math.Max(1, file.Length));
                result = await run((bytesRead, description) =>
                {
                    task.Value = Math.Min(bytesRead, file.Length);
                    task.Description = description;
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}
