using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>`cordon screening …`: stored hits (list, review) and running the screening work in this process.</summary>
internal static class ScreeningHitCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of a table." };

    public static Command Screening(TimeProvider clock)
    {
        var screening = new Command("screening", "Screening of stored declarations and consignments: hits and their review.");
        var hits = new Command("hits", "Stored hits of declared parties against the watch lists.");
        hits.Subcommands.Add(List());
        hits.Subcommands.Add(Review());
        screening.Subcommands.Add(hits);
        screening.Subcommands.Add(Run(clock));
        return screening;
    }

    private static Command List()
    {
        var status = new Option<string>("--status") { Description = "open (default), confirmed, dismissed, closed or all.", DefaultValueFactory = _ => "open" };
        var band = new Option<string?>("--band") { Description = "block or review." };
        var list = new Option<string?>("--list") { Description = "Only hits against this list." };
        var record = new Option<Guid?>("--record") { Description = "Only hits of this declaration or consignment id." };
        var take = new Option<int>("--take") { Description = "At most this many (1-500).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List stored hits, block band and highest score first.") { status, band, list, record, take, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var policy = await AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.RiskAnalysis, ct: ct);
            var page = await HitReview.ListAsync(db, policy, new HitQuery(parse.GetValue(status), parse.GetValue(band), parse.GetValue(list), parse.GetValue(record), 0, parse.GetValue(take)), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, page);
                return 0;
            }
            var table = new Table().AddColumns("Hit", "Status", "Band", "Score", "List", "Party", "Listed entry", "Record");
            foreach (var h in page.Hits)
            {
                table.AddRow(S(h, "id"), S(h, "status"), S(h, "band"), ((double)h["score"]!).ToString("0.000", CultureInfo.InvariantCulture),
                    Markup.Escape($"{S(h, "list")} v{S(h, "listVersion")}"), Markup.Escape($"{S(h, "partyRole")}: {S(h, "partyName")}"),
                    Markup.Escape($"{S(h, "entryName")} ({S(h, "entrySourceId")})"), Markup.Escape(S(h, "recordReference")));
            }
            CordonCli.Console(parse).Write(table);
            parse.InvocationConfiguration.Output.WriteLine($"{page.Hits.Count} of {page.Total} hits.");
            return 0;
        });
        return command;
    }

    private static string S(JsonNode node, string name) => node[name]?.ToString() ?? "";

    private static Command Review()
    {
        var id = new Argument<Guid>("id") { Description = "The hit's id (from `cordon screening hits list`)." };
        var confirm = new Option<bool>("--confirm") { Description = "The party is the listed entry." };
        var dismiss = new Option<bool>("--dismiss") { Description = "A false match: remembered for this party and entry until the entry changes." };
        var reason = new Option<string>("--reason") { Description = "Why (kept with the hit and in the audit log).", Required = true };
        var asUser = new Option<string?>("--as") { Description = "Record the review as this user (default: the local operator)." };
        var command = new Command("review", "Confirm or dismiss a hit, with a reason.") { id, confirm, dismiss, reason, asUser, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(confirm) == parse.GetValue(dismiss))
            {
                throw ValidationFailed.Field("decision", "Give exactly one of --confirm or --dismiss.");
            }
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = Actor.LocalOperator;
            if (parse.GetValue(asUser) is { Length: > 0 } userName)
            {
                var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct)
                           ?? throw ValidationFailed.Field("as", $"No user is named '{userName}'.");
                actor = new Actor(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
            }
            var result = await HitReview.ReviewAsync(db, actor, parse.GetValue(id),
                new HitReviewRequest(parse.GetValue(confirm) ? "confirm" : "dismiss", parse.GetValue(reason)), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, result);
                return 0;
            }
            var h = result.Hit;
            parse.InvocationConfiguration.Output.WriteLine($"Hit {h.Id} ({h.PartyRole} {h.PartyName} ~ {h.EntryName}, {h.List} v{h.ListVersion}) is now {h.Status}"
                + (result.AlsoDismissed > 0 ? $"; {result.AlsoDismissed} open hit(s) of the same party and entry on other records dismissed with it." : "."));
            return 0;
        });
        return command;
    }

    private static Command Run(TimeProvider clock)
    {
        var command = new Command("run", "Screen the records waiting in the intake backlog and run queued re-screening jobs, in this process.") { JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            var store = CordonCli.Store(parse);
            ScreeningCounts counts;
            int rescreens;
            if (parse.GetValue(JsonOutput))
            {
                counts = await ScreeningRuns.DrainBacklogAsync(() => CordonCli.OpenAsOperator(store, clock), null, null, ct);
                rescreens = await ScreeningRuns.RunQueuedRescreensAsync(() => CordonCli.OpenAsOperator(store, clock), clock, null, ct);
                CordonCli.WriteJson(parse, new { backlog = counts, rescreeningJobs = rescreens });
                return 0;
            }
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Error) });
            (counts, rescreens) = await console.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var backlog = ctx.AddTask("Screening newly stored records", maxValue: 1);
                var c = await ScreeningRuns.DrainBacklogAsync(() => CordonCli.OpenAsOperator(store, clock), null, (done, total, _) =>
                {
                    backlog.MaxValue = Math.Max(1, total);
                    backlog.Value = done;
                    return Task.CompletedTask;
                }, ct);
                backlog.Value = backlog.MaxValue;
                ProgressTask? current = null;
                var r = await ScreeningRuns.RunQueuedRescreensAsync(() => CordonCli.OpenAsOperator(store, clock), clock, (title, done, total) =>
                {
                    if (current is null || current.Description != Markup.Escape(title))
                    {
                        current?.StopTask();
                        current = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                    }
                    current.MaxValue = Math.Max(1, total);
                    current.Value = done;
                }, ct);
                return (c, r);
            });
            parse.InvocationConfiguration.Output.WriteLine($"Backlog: {counts}.");
            parse.InvocationConfiguration.Output.WriteLine($"Re-screening jobs run: {rescreens}.");
            return 0;
        });
        return command;
    }
}
