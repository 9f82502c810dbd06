using System.CommandLine;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cordon.Cli;

internal static class OperationCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of a table." };

    public static Command Operations(TimeProvider clock)
    {
        var list = new Command("list", "List joint operations with their patrols.") { JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var policy = await AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.Investigation, ct: ct);
            var views = new List<(OperationView Operation, List<PatrolView> Patrols)>();
            foreach (var o in await db.Operations.AsNoTracking().OrderByDescending(o => o.StartsAt).ToListAsync(ct))
            {
                views.Add((await OperationPlanning.ViewAsync(db, o, ct), await OperationPlanning.PatrolsAsync(db, policy, o.Id, ct: ct)));
            }
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, views.Select(v => new { v.Operation, v.Patrols }));
                return 0;
            }
            var table = new Table().AddColumns("Operation", "Lead", "Participants", "Period (UTC)", "Status", "Patrols");
            foreach (var (o, patrols) in views)
            {
                table.AddRow(Markup.Escape(o.Name), o.LeadAgency, string.Join(", ", o.Participants), $"{o.StartsAt:yyyy-MM-dd} – {o.EndsAt:yyyy-MM-dd}", o.Status.ToString().ToLowerInvariant(),
                    Markup.Escape(string.Join("\n", patrols.Select(p => $"{p.Name} {p.StartsAt:MM-dd HH:mm}–{p.EndsAt:HH:mm} [{string.Join(", ", p.Countries)}]"))));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var file = new Argument<FileInfo>("file") { Description = "Cursor-on-Target XML (one <event> or a root holding several) or a GeoJSON Feature/FeatureCollection of points." };
        var agency = new Option<string>("--agency") { Description = "Code of the agency that runs the sensors (owns the detections).", Required = true };
        var sensor = new Option<string>("--sensor") { Description = "Sensor id for messages that do not name one.", DefaultValueFactory = _ => "cli" };
        var send = new Command("detections", "Take in a file of sensor detections: correlate into tracks, check watched areas, raise incidents.") { file, agency, sensor, JsonOutput };
        send.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var code = parse.GetValue(agency)!.Trim().ToUpperInvariant();
            var owner = await AgencyCodes.FindAsync(db, code, ct) ?? throw ValidationFailed.Field("--agency", $"'{code}' is not a known agency code.");
            var actor = new Actor(null, owner.Id, Roles.Officer, $"local operator (CLI) for {code}", ActorKind.LocalOperator);
            var text = await File.ReadAllTextAsync(parse.GetValue(file)!.FullName, ct);
            var messages = text.TrimStart().StartsWith('<') ? SensorMessages.ReadCot(text, parse.GetValue(sensor)!) : SensorMessages.ReadGeoJson(text, parse.GetValue(sensor)!);
            var (accepted, duplicates, incidents) = (0, 0, new List<Guid>());
            var rejected = new List<RejectedView>();
            await CordonCli.Console(parse).Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("detections", maxValue: messages.Count);
                foreach (var chunk in messages.Chunk(1000))
                {
                    await using var batchDb = await CordonCli.OpenAsync(parse, ct);
                    var r = await SensorIngest.IngestAsync(batchDb, actor, chunk, CorrelationBounds.Default, clock.GetUtcNow(), ct: ct);
                    accepted += r.Accepted;
                    duplicates += r.Duplicates;
                    incidents.AddRange(r.IncidentsRaised);
                    rejected.AddRange(r.Rejected);
                    task.Increment(chunk.Length);
                }
            });
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, new { accepted, duplicates, rejected, incidents });
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine($"{accepted} detections taken in, {duplicates} already known, {rejected.Count} refused (kept for inspection), {incidents.Count} incidents raised.");
                foreach (var r in rejected.Take(20))
                {
                    parse.InvocationConfiguration.Output.WriteLine($"  message {r.Position}: {string.Join("; ", r.Errors)}");
                }
            }
            return rejected.Count > 0 && accepted + duplicates == 0 ? 2 : 0;
        });

        var incidentsCommand = new Command("incidents", "List incidents with their response times.") { JsonOutput };
        incidentsCommand.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var now = clock.GetUtcNow();
            var views = new List<IncidentView>();
            foreach (var id in await db.Incidents.AsNoTracking().OrderByDescending(i => i.ReportedAt).Select(i => i.Id).Take(200).ToListAsync(ct))
            {
                views.Add(await IncidentResponse.ViewAsync(db, id, now, ct));
            }
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, views);
                return 0;
            }
            var table = new Table().AddColumns("Reported (UTC)", "Type", "Severity", "Confidence", "Status", "Title", "Steps done", "Detection → response", "→ resolution");
            foreach (var i in views)
            {
                table.AddRow(i.ReportedAt.ToString("yyyy-MM-dd HH:mm"), i.Type, i.Severity, i.Confidence, i.Status, Markup.Escape(i.Title ?? "(withheld)"), $"{i.AfterAction.StepsDone}/{i.AfterAction.StepsTotal}",
                    i.AfterAction.DetectionToResponse?.ToString(@"hh\:mm\:ss") ?? "—", i.AfterAction.DetectionToResolution?.ToString(@"hh\:mm\:ss") ?? "—");
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var escalate = new Command("escalate", "Escalate response steps that are late now (the server does this every 30 seconds).");
        escalate.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var n = await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), ct);
            parse.InvocationConfiguration.Output.WriteLine($"{n} late step(s) escalated.");
            return 0;
        });

        var command = new Command("operations", "Joint operations, sensor detections and incidents.");
        command.Subcommands.Add(list);
        command.Subcommands.Add(send);
        command.Subcommands.Add(incidentsCommand);
        command.Subcommands.Add(escalate);
        return command;
    }
}
