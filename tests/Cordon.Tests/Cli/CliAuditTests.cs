using System.CommandLine;
using System.Globalization;
using System.Text;
using Cordon.Cli;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Cli;

/// <summary>
/// Every command of the `cordon` tool is classified: read-only, mutating (run here, and it must leave an
/// audit entry naming the local operator), or exempt with a reason. A new command that is none of these
/// fails the test, so it cannot be added without saying how it is audited.
/// </summary>
public sealed class CliAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Commands that change nothing in the store (they read it, or write only a file).</summary>
    private static readonly string[] ReadOnly =
    [
        "agencies list", "users list", "apikeys list",
        "declarations list", "declarations show", "declarations export", "declarations quarantine", "export edifact",
        "demo generate",
        "risk criteria list", "risk criteria show", "risk criteria check",
        "risk evaluate", "risk models list", "risk models assess", "risk worklist", "risk backtest", "risk score", "risk effectiveness",
        "audit verify", "audit key",
        "lists list", "lists history", "screen", "screening hits list",
        "cases list", "cases show", "custody verify", "seizures export", "seizures stats", "inspections list",
        "operations list", "operations incidents",
        "assets list", "claims list", "claims report", "messages list", "messages search",
    ];

    /// <summary>Commands that change the store on purpose but write no entry of their own, each with the reason.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["db migrate"] = "changes the schema, not records; the migrations applied are the store's own history (__EFMigrationsHistory)",
        ["restore"] = "fills an empty store with a backup whose audit log it then verifies against the backup's signed manifest: the restored log is the record",
        ["backup"] = "copies the store to a file; the checkpoint it signs is itself the signed record of the log (audit_checkpoints), as 'audit checkpoint'",
        ["audit checkpoint"] = "signs a checkpoint of the log itself: the checkpoint is the signed record, kept in audit_checkpoints",
        // Not yet exercised here (they need an inventory file and a channel id the fixture does not make); their operations
        // are audited by construction (asset.create per row, message.create) and covered by ResourceTests and MessageCliTests.
        ["assets import"] = "each row lands through AssetRegister, audited as asset.create (ResourceTests imports a file)",
        ["messages post"] = "posts through ChannelMessages.PostAsync, audited as message.create (MessageCliTests posts from the CLI)",
    };

    /// <summary>
    /// How a mutating command is run: its arguments (after the command's path) and the audit action it must
    /// leave, as a prefix ("agency." for agency.create or agency.update).
    /// </summary>
    private sealed record Exercise(string Command, Func<Fixture, Task<string[]>> Args, string Action);

    private static Exercise Run(string command, string action, params string[] args) => new(command, _ => Task.FromResult(args), action);

    private static Exercise Run(string command, string action, Func<Fixture, string[]> args) => new(command, f => Task.FromResult(args(f)), action);

    /// <summary>Mutating commands, in the order that makes each valid (the seed first, a list before the screening that uses it).</summary>
    private static readonly Exercise[] Mutating =
    [
        Run("demo seed", "agency.create"),
        Run("agencies add", "agency.create", "--code", "NSO2", "--name", "Statistics Office Two", "--kind", "statistics-office", "--country", "NL"),
        Run("agencies update", "agency.update", "NSO2", "--name", "Statistics Office II"),
        Run("users add", "user.create", "--user", "cli.audited", "--agency", "NCA", "--roles", "officer", "--password", "A-long-enough-passphrase-2026"),
        Run("users reset-password", "user.reset-password", "cli.audited", "--password", "Another-long-passphrase-2027"),
        Run("apikeys create", "apikey.create", "--name", "cli audited", "--agency", "NCA", "--roles", "officer"),
        new("apikeys revoke", async f => new[] { await f.KeyPrefixAsync("cli audited") }, "apikey.revoke"),
        Run("import declarations", "declarations.import", f => [f.Declarations, "--agency", "NCA"]),
        Run("import consignments", "consignments.import", f => [f.Consignments, "--format", "jsonl", "--agency", "NCA"]),
        Run("import edifact", "declarations.import", f => [f.Cusdec, "--agency", "NCA"]),
        Run("import passengers", "travellers.manifest.receive", f => [f.Passengers, "--format", "paxlst", "--agency", "NBP"]),
        Run("risk criteria add", "risk-criterion.create", "--agency", "NCA", "--name", "Phones from CN", "-e", "origin == \"CN\" and item.hs4 == \"8517\"", "--weight", "20", "--status", "shadow"),
        Run("risk criteria status", "risk-criterion.update", "Phones from CN", "active", "--agency", "NCA", "--note", "Go."),
        Run("risk train", "risk.model.train", "--until", "2025-11-01", "--no-activate", "--agency", "NCA", "--json"),
        Run("risk models activate", "risk.model.activate", "1", "--agency", "NCA", "--json"),
        Run("risk models retrain", "risk.model.retrain", "--min-gain", "1", "--agency", "NCA", "--json"),
        Run("risk models weeks", "risk-model-week.", "--weeks", "6", "--agency", "NCA", "--json"),
        Run("risk capacity", "office-capacity.create", "NL000396", "--red", "5", "--yellow", "10", "--agency", "NCA"),
        Run("risk lanes assign", "risk.lanes.assign", "--from", "2025-12-01", "--to", "2025-12-31", "--agency", "NCA", "--json"),
        Run("lists import", "watch-list.import", f => [f.WatchList, "--format", "csv", "--name", "NL NATIONAL", "--agency", "NCA", "--json"]),
        Run("lists thresholds", "watch-list.update", "NL NATIONAL", "--block", "0.95", "--review", "0.8"),
        Run("screening run", "screening-hit.create", "--json"),
        new("screening hits review", async f => new[] { (await f.OpenHitAsync()).ToString(), "--dismiss", "--reason", "Not the listed firm." }, "screening-hit.dismiss"),
        Run("operations detections", "detections.ingest", f => [f.Detections, "--agency", "NBP", "--json"]),
        Run("operations escalate", "incident.escalate"),
        Run("assets add", "asset.", "--agency", "NBP", "--code", "NBP-CLI-1", "--name", "CLI audited van", "--kind", "vehicle"),
        Run("assets status", "asset.", "--agency", "NBP", "NBP-CLI-1", "deployed"),
        Run("messages rotate-keys", "channel.keys.rotate", f => ["--key-file", f.MessagingKey, "--json"]),
        Run("travellers retention run", "travellers.retention", f => ["--key-file", f.MessagingKey, "--json"]),
    ];

    private static string PathOf(Command command, string prefix) => prefix.Length == 0 ? command.Name : $"{prefix} {command.Name}";

    /// <summary>Every leaf of the command tree by its path, e.g. "users add".</summary>
    private static List<string> Leaves()
    {
        var leaves = new List<string>();
        void Walk(Command command, string path)
        {
            if (command.Subcommands.Count == 0)
            {
                leaves.Add(path);
                return;
            }
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, PathOf(sub, path));
            }
        }
        foreach (var top in CordonCli.BuildRoot(TestClock.Real).Subcommands)
        {
            Walk(top, top.Name);
        }
        return leaves;
    }

    [Fact]
    public void Every_command_of_the_tool_is_read_only_mutating_or_exempt_with_a_reason()
    {
        var leaves = Leaves();
        Assert.True(leaves.Count >= 60, $"the command tree has only {leaves.Count} commands");
        var classified = ReadOnly.Concat(Exempt.Keys).Concat(Mutating.Select(m => m.Command)).ToList();
        var twice = classified.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "commands classified twice: " + string.Join(", ", twice));
        var unclassified = leaves.Where(l => !classified.Contains(l)).ToList();
        Assert.True(unclassified.Count == 0, "commands neither read-only, mutating nor exempt; add each to a table of CliAuditTests, e.g.:\n"
            + string.Join("\n", unclassified.Select(c => $"Run(\"{c}\", \"<audit action>\", <arguments>),   or ReadOnly: \"{c}\",   or Exempt: [\"{c}\"] = \"<reason>\",")));
        var stale = classified.Where(c => !leaves.Contains(c)).ToList();
        Assert.True(stale.Count == 0, "classified commands the tool does not have: " + string.Join(", ", stale));
        Assert.All(Exempt.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }

    /// <summary>The store and the files the commands take.</summary>
    private sealed class Fixture(TestStore store, string folder)
    {
        public TestStore Store { get; } = store;
        public string Declarations { get; } = Path.Combine(folder, "declarations.csv");
        public string Consignments { get; } = Path.Combine(folder, "consignments.jsonl");
        public string Passengers { get; } = Path.Combine(folder, "passengers.edi");
        public string WatchList { get; } = Path.Combine(folder, "national.csv");
        public string Detections { get; } = Path.Combine(folder, "detections.xml");
        public string Cusdec { get; } = Path.Combine(folder, "cusdec.edi");
        public string MessagingKey { get; } = Path.Combine(folder, "messaging.key");

        public async Task<string> KeyPrefixAsync(string name)
        {
            await using var db = Store.Open();
            return await db.ApiKeys.Where(k => k.Name == name).Select(k => k.Prefix).SingleAsync(Ct);
        }

        public async Task<Guid> OpenHitAsync()
        {
            await using var db = Store.Open();
            return await db.ScreeningHits.Where(h => h.Status == Cordon.Screening.Hits.HitStatus.Open).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        }
    }

    private static Task<(int Exit, string Out, string Err)> CordonAsync(TestStore store, IEnumerable<string> args) => CliRun.RunAsync(store.Settings, args);

    /// <summary>Entries a read leaves (the access review); anything else is a change.</summary>
    private static bool IsRead(string action) => action is "record.read" or "records.read" || action.StartsWith("access.", StringComparison.Ordinal);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_mutating_command_leaves_an_audit_entry_naming_the_local_operator_and_reads_leave_no_change_entry(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var folder = Path.Combine(Path.GetTempPath(), $"cordon-cli-audit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var f = new Fixture(s, folder);
            Assert.Equal(0, (await CordonAsync(s, ["db", "migrate"])).Exit);
            Assert.Equal(0, (await CordonAsync(s, ["demo", "generate", "--declarations", "3000", "--seed", "11", "--no-amendments", "--out", f.Declarations])).Exit);
            var consignment = Cordon.Tests.Declarations.Samples.Consignment("C-CLI-AUDIT-1");
            consignment.Consignor!.Name = "Jan de Vries Import B.V.";
            consignment.Consignor.Country = "NL";
            await File.WriteAllTextAsync(f.Consignments, System.Text.Json.JsonSerializer.Serialize(consignment, CordonCli.Json) + "\n", Ct);
            await File.WriteAllTextAsync(f.Passengers, Cordon.Tests.Travellers.PaxlstSamples.ThreeWithOneBad, Encoding.Latin1, Ct);
            File.Copy(Repository.Path("data", "watchlists", "national", "sample.csv"), f.WatchList);
            var cusdec = Cordon.Tests.TradeMessages.CusdecSamples.Interchange("ICCLI1", Cordon.Tests.TradeMessages.SenderStyle.Broker, new() { Number = "24NL0000000099991" });
            await using (var edi = File.Create(f.Cusdec))
            {
                await Cordon.Tests.TradeMessages.CusdecSamples.Stream(cusdec, Cordon.Tests.TradeMessages.SenderStyle.Broker).CopyToAsync(edi, Ct);
            }
            await File.WriteAllTextAsync(f.MessagingKey, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Ct);
            var seen = TestClock.Now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var stale = TestClock.Now.AddMinutes(4).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(f.Detections, $"""
                <event version="2.0" uid="radar-7.obj-42" type="a-u-G" time="{seen}" start="{seen}" stale="{stale}" how="m-r">
                  <point lat="51.45" lon="4.93" hae="9999999.0" ce="25" le="9999999.0"/>
                  <detail><sensor id="radar-7"/></detail>
                </event>
                """, Ct);

            var silent = new List<string>();
            var preparedIncident = false;
            foreach (var exercise in Mutating)
            {
                if (exercise.Command == "operations escalate" && !preparedIncident)
                {
                    await LateIncidentStepAsync(s);
                    preparedIncident = true;
                }
                long before;
                await using (var db = s.Open())
                {
                    before = await db.AuditEntries.MaxAsync(e => (long?)e.LeafIndex, Ct) ?? -1;
                }
                var args = await exercise.Args(f);
                var run = await CordonAsync(s, [.. exercise.Command.Split(' '), .. args]);
                Assert.True(run.Exit == 0, $"cordon {exercise.Command} {string.Join(' ', args)}: exit {run.Exit}\n{run.Err}\n{run.Out}");
                await using (var db = s.Open())
                {
                    var added = await db.AuditEntries.AsNoTracking().Where(e => e.LeafIndex > before).OrderBy(e => e.LeafIndex)
                        .Select(e => new { e.Action, e.ActorKind, e.ActorName }).ToListAsync(Ct);
                    if (!added.Any(e => e.ActorKind == "local-operator" && e.ActorName.StartsWith(Actor.LocalOperator.Name, StringComparison.Ordinal)
                                        && e.Action.StartsWith(exercise.Action, StringComparison.Ordinal)))
                    {
                        silent.Add($"{exercise.Command} (expected {exercise.Action}…; the log gained: {(added.Count == 0 ? "nothing" : string.Join(", ", added.Select(e => $"{e.Action} by {e.ActorKind} '{e.ActorName}'").Distinct()))})");
                    }
                }
            }
            Assert.True(silent.Count == 0, "mutating commands that left no audit entry of theirs naming the local operator:\n" + string.Join("\n", silent));

            // Reads: run after the store holds everything above; they add no change entry.
            var number = await FirstDeclarationNumberAsync(s);
            string[][] reads =
            [
                ["declarations", "list", "--json"], ["declarations", "show", number, "--json"], ["agencies", "list", "--json"], ["users", "list", "--json"],
                ["risk", "criteria", "list", "--json"], ["risk", "worklist", "--agency", "NCA", "--json"], ["lists", "list", "--json"],
                ["screening", "hits", "list", "--status", "all", "--json"], ["operations", "incidents", "--json"], ["seizures", "stats", "--json"],
                ["audit", "verify", "--key-file", Path.Combine(folder, "audit-signing.key")],
            ];
            foreach (var read in reads)
            {
                long before;
                await using (var db = s.Open())
                {
                    before = await db.AuditEntries.MaxAsync(e => (long?)e.LeafIndex, Ct) ?? -1;
                }
                var run = await CordonAsync(s, read);
                Assert.True(run.Exit == 0, $"cordon {string.Join(' ', read)}: exit {run.Exit}\n{run.Err}\n{run.Out}");
                Assert.Contains(ReadOnly, c => string.Join(' ', read).StartsWith(c + " ", StringComparison.Ordinal));
                await using (var db = s.Open())
                {
                    var changes = (await db.AuditEntries.AsNoTracking().Where(e => e.LeafIndex > before).Select(e => e.Action).ToListAsync(Ct)).Where(a => !IsRead(a)).ToList();
                    Assert.True(changes.Count == 0, $"cordon {string.Join(' ', read)} is read-only but the log gained: {string.Join(", ", changes)}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An incident whose response plan's first step was due an hour ago: what 'operations escalate' acts on.</summary>
    private static async Task LateIncidentStepAsync(TestStore s)
    {
        var admin = await s.ActorAsync("bp.admin");
        var officer = await s.ActorAsync("bp.officer");
        var reported = TestClock.Now.AddHours(-1);
        await using var db = s.Open();
        await IncidentResponse.SavePlanAsync(db, admin, new IncidentResponse.PlanInput("smuggling-attempt", "Smuggling attempt at the green border", [],
            [new PlanStep("Send the nearest patrol", "officer", "NBP", 5, "supervisor")]), Ct);
        await IncidentResponse.ReportAsync(db, officer, new IncidentInput("smuggling-attempt", "high", "Van turning back at Baarle", 51.4421, 4.9268, reported, null, null, null, null), reported, Ct);
    }

    private static async Task<string> FirstDeclarationNumberAsync(TestStore s)
    {
        await using var db = s.Open();
        return await db.Declarations.OrderBy(d => d.Number).Select(d => d.Number).FirstAsync(Ct);
    }
}
