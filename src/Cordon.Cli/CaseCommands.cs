using System.CommandLine;
using System.Text;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>cordon cases | custody | seizures | inspections: the case side, as the local operator.</summary>
internal static class CaseCommands
{
    private static readonly Option<bool> JsonOut = new("--json") { Description = "Print JSON instead of a table." };

    private static Task<AccessPolicy> Policy(CordonDb db, Purpose purpose, CancellationToken ct) => AccessPolicy.ForAsync(db, Actor.LocalOperator, purpose, ct: ct);

    public static void Register(RootCommand root)
    {
        root.Subcommands.Add(Cases());
        root.Subcommands.Add(Custody());
        root.Subcommands.Add(Seizures());
        root.Subcommands.Add(Inspections());
    }

    public static Command Cases()
    {
        var list = new Command("list", "List cases.") { JsonOut };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var rows = await EnforcementCases.ListAsync(db, await Policy(db, Purpose.Investigation, ct), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Reference", "Title", "Lead", "Participants", "Status", "Marking");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Reference), Markup.Escape(r.Title ?? "(withheld)"), r.LeadAgency, string.Join(", ", r.Participants), r.Status, Markup.Escape(r.Marking));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        var reference = new Argument<string>("case") { Description = "Case reference (CASE-2026-0001) or id." };
        var show = new Command("show", "Show a case with its inspections, seizures, tasks and notes.") { reference, JsonOut };
        show.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var c = await EnforcementCases.FindAsync(db, parse.GetValue(reference)!, ct);
            var (view, _) = await EnforcementCases.ReadViewAsync(db, await Policy(db, Purpose.Investigation, ct), c.Id, null, ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, view);
                return 0;
            }
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{view.Reference}  {view.Title}  [{view.Status}, {view.Marking}, version {view.Version}]");
            o.WriteLine($"Lead: {view.LeadAgency}; participants: {string.Join(", ", view.Participants)}");
            foreach (var i in view.Inspections)
            {
                o.WriteLine($"  inspection {i.Reference}: declaration {i.DeclarationNumber}, {i.Lane} lane, {i.Status}{(i.Decision is null ? "" : ", " + i.Decision)}");
            }
            foreach (var s in view.Seizures)
            {
                o.WriteLine($"  seizure {s.Reference}: {s.Commodities}; {s.State}");
            }
            foreach (var t in view.Tasks)
            {
                o.WriteLine($"  task: {t.Title} ({t.Agency}{(t.Assignee is null ? "" : "/" + t.Assignee)}) due {t.DueOn:yyyy-MM-dd}{(t.DoneAt is not null ? " done" : t.Overdue ? " OVERDUE" : "")}");
            }
            return 0;
        });
        var cases = new Command("cases", "Cases and joint investigations.");
        cases.Subcommands.Add(list);
        cases.Subcommands.Add(show);
        return cases;
    }

    public static Command Custody()
    {
        var target = new Argument<string>("reference") { Description = "A case (CASE-2026-0001) or seizure (SZ-2026-0001) reference, or an id." };
        var verify = new Command("verify", "Check the hash-linked custody chains (and attachment hashes) of a case's seizures. Exits 1 when a chain is broken.") { target, JsonOut };
        verify.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var text = parse.GetValue(target)!.Trim();
            var ids = await SeizuresOfAsync(db, text, ct);
            var reports = new List<ChainReport>();
            await CordonCli.Console(parse).Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Verifying {ids.Count} custody chain(s)", maxValue: Math.Max(1, ids.Count));
                foreach (var id in ids)
                {
                    reports.Add(await Cordon.Cases.Custody.VerifyAsync(db, id, ct));
                    task.Increment(1);
                }
                task.Value = task.MaxValue;
            });
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, reports);
            }
            else
            {
                var o = parse.InvocationConfiguration.Output;
                foreach (var r in reports)
                {
                    o.WriteLine(r.Intact
                        ? $"OK {r.Seizure}: {r.Events} event(s), {r.Attachments} attachment(s) intact; head {r.HeadHash}"
                        : $"BROKEN {r.Seizure}: {r.Problems.Count} problem(s)");
                    foreach (var p in r.Problems)
                    {
                        o.WriteLine($"  {(p.Sequence is { } n ? $"event {n}: " : "")}{p.Message}");
                    }
                }
            }
            return reports.All(r => r.Intact) ? 0 : 1;
        });
        var custody = new Command("custody", "Chains of custody of seized goods.");
        custody.Subcommands.Add(verify);
        return custody;
    }

    private static async Task<List<Guid>> SeizuresOfAsync(CordonDb db, string text, CancellationToken ct)
    {
        var upper = text.ToUpperInvariant();
        if (upper.StartsWith("SZ-", StringComparison.Ordinal))
        {
            return await db.Seizures.Where(s => s.Reference == upper).Select(s => s.Id).ToListAsync(ct) is { Count: > 0 } one ? one : throw new NotFound($"Seizure {text} does not exist.");
        }
        if (Guid.TryParse(text, out var id) && await db.Seizures.AnyAsync(s => s.Id == id, ct))
        {
            return [id];
        }
        var c = await EnforcementCases.FindAsync(db, text, ct);
        return await db.Seizures.Where(s => s.CaseId == c.Id).OrderBy(s => s.SeizedAt).Select(s => s.Id).ToListAsync(ct);
    }

    public static Command Seizures()
    {
        var format = new Option<string>("--format") { Description = "csv or json.", DefaultValueFactory = _ => "csv" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var from = new Option<DateOnly?>("--from") { Description = "First seizure date (yyyy-MM-dd)." };
        var to = new Option<DateOnly?>("--to") { Description = "Last seizure date (yyyy-MM-dd)." };
        var export = new Command("export", "Non-nominal seizure export (commodity, quantity, route, concealment, detection, date, office; no personal data).") { format, output, from, to };
        export.SetAction(async (parse, ct) =>
        {
            var f = parse.GetValue(format)!.ToLowerInvariant();
            if (f is not ("csv" or "json"))
            {
                throw ValidationFailed.Field("--format", "csv or json.");
            }
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var rows = await SeizureReporting.RowsAsync(db, await Policy(db, Purpose.Statistics, ct), parse.GetValue(from), parse.GetValue(to), ct);
            var file = parse.GetValue(output);
            await using var writer = file is null ? null : new StreamWriter(file, false, new UTF8Encoding(false));
            var target = (TextWriter?)writer ?? parse.InvocationConfiguration.Output;
            if (f == "csv")
            {
                await SeizureReporting.WriteCsvAsync(rows, target);
            }
            else
            {
                await target.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(rows, CordonCli.Json));
            }
            if (file is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{rows.Count} row(s) written to {file}.");
            }
            return 0;
        });
        var stats = new Command("stats", "Seizure statistics by commodity, route, office and month.") { JsonOut };
        stats.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var s = SeizureReporting.Statistics(await SeizureReporting.RowsAsync(db, await Policy(db, Purpose.Statistics, ct), null, null, ct));
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, s);
                return 0;
            }
            var console = CordonCli.Console(parse);
            foreach (var (title, bars) in new[] { ("By commodity", s.ByCommodity), ("By route", s.ByRoute), ("By office", s.ByOffice), ("By month", s.ByMonth) })
            {
                var chart = new BarChart().Label(title).Width(70);
                foreach (var b in bars)
                {
                    chart.AddItem(Markup.Escape(b.Key), b.Seizures, Color.Blue);
                }
                console.Write(chart);
            }
            return 0;
        });
        var seizures = new Command("seizures", "Seizure reporting.");
        seizures.Subcommands.Add(export);
        seizures.Subcommands.Add(stats);
        return seizures;
    }

    public static Command Inspections()
    {
        var status = new Option<string?>("--status") { Description = "open, in-progress or completed." };
        var list = new Command("list", "Inspections, newest first.") { status, JsonOut };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var rows = await Cordon.Cases.Inspections.ListAsync(db, await Policy(db, Purpose.RiskAnalysis, ct), null, parse.GetValue(status), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Reference", "Declaration", "Lane", "Status", "Decision", "Officers");
            foreach (var r in rows)
            {
                table.AddRow(r.Reference, Markup.Escape(r.DeclarationNumber), r.Lane, r.Status, r.Outcome?.Decision ?? "", Markup.Escape(string.Join(", ", r.Officers ?? [])));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        var inspections = new Command("inspections", "Inspections of declarations.");
        inspections.Subcommands.Add(list);
        return inspections;
    }
}
