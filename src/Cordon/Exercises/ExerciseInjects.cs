using System.Globalization;
using System.Text.Json;
using Cordon.Alerting;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Exercises;

/// <summary>
/// Plays due injects into their group's cell through the ordinary operations (sensor ingest, incident report, alert),
/// acting as the cell, so what they make is the cell's and meets everything the real record would: tracks and the live
/// map, response plans and their alerts, the group's own channel. Titles and texts start with "EXERCISE" so a record read
/// anywhere says what it is.
/// </summary>
public static class ExerciseInjects
{
    public const string Prefix = "EXERCISE: ";

    /// <summary>
    /// Plays every inject due at <paramref name="now"/> of the running exercises; returns how many were played. A message
    /// inject needs the server's channel <paramref name="keys"/> (the runner has them).
    /// </summary>
    public static async Task<int> PlayDueAsync(CordonDb db, DateTimeOffset now, ChannelKeys? keys = null, CancellationToken ct = default)
    {
        var running = await db.Exercises.AsNoTracking().Where(e => e.Status == ExerciseStatus.Running && e.StartedAt != null)
            .Select(e => new { e.Id, e.Reference, e.Marking, StartedAt = e.StartedAt!.Value }).ToListAsync(ct);
        var played = 0;
        foreach (var e in running)
        {
            var elapsed = (now - e.StartedAt).TotalMinutes;
            var due = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == e.Id && i.PlayedAt == null && i.AtMinutes <= elapsed)
                .OrderBy(i => i.Position).ToListAsync(ct);
            if (due.Count == 0)
            {
                continue;
            }
            var cells = await db.ExerciseGroups.AsNoTracking().Where(g => g.ExerciseId == e.Id && g.CellAgencyId != null).ToDictionaryAsync(g => g.Name, g => g.CellAgencyId!.Value, ct);
            foreach (var inject in due)
            {
                // Claimed before it is played, so two nodes never play one inject twice; one that fails says why.
                var claimed = await db.ExerciseInjects.Where(i => i.Id == inject.Id && i.PlayedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.PlayedAt, now), ct);
                if (claimed == 0)
                {
                    continue;
                }
                var cell = new Actor(null, cells[inject.GroupName], Roles.Officer | Roles.Analyst | Roles.Supervisor, $"exercise {e.Reference}", ActorKind.ApiKey);
                string? record = null, error = null;
                try
                {
                    record = await PlayAsync(db, cell, inject, e.Reference, e.Marking, keys, now, ct);
                }
                catch (CordonException refused)
                {
                    error = refused.Message;
                }
                db.ChangeTracker.Clear();
                await db.ExerciseInjects.Where(i => i.Id == inject.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.RecordId, record).SetProperty(i => i.Error, error), ct);
                played++;
            }
        }
        return played;
    }

    private static async Task<string> PlayAsync(CordonDb db, Actor cell, ExerciseInject inject, string reference, Tlp marking, ChannelKeys? keys, DateTimeOffset now,
        CancellationToken ct)
    {
        var f = Exercises.Fields(inject);
        switch (inject.Kind)
        {
            case ExerciseScenario.Detection:
                var message = new DetectionMessage(Text(f, "sensor")!, Text(f, "object")!, Text(f, "type") ?? "a-u-G", null, Number(f, "latitude"), Number(f, "longitude"),
                    null, null, null, now, null, MessageId: $"{inject.ExerciseId:N}-{inject.Position}");
                var ingest = await SensorIngest.IngestAsync(db, cell, [new ParsedMessage(inject.Position, "exercise", inject.Content, message, [])], CorrelationBounds.Default, now,
                    new WatchedAreaCache(), marking, ct: ct);
                if (ingest.Rejected.Count > 0)
                {
                    throw ValidationFailed.Field($"injects[{inject.Position - 1}]", string.Join("; ", ingest.Rejected.SelectMany(r => r.Errors)));
                }
                return message.SourceKey;
            case ExerciseScenario.Incident:
                var incident = await IncidentResponse.ReportAsync(db, cell, new IncidentInput(
                    Text(f, "type"), Text(f, "severity"), Prefix + (Text(f, "title") ?? Text(f, "type")), Number(f, "latitude"), Number(f, "longitude"), now,
                    null, null, null, Text(f, "details"), marking.Label(), Confidence: Text(f, "confidence")), now, ct);
                return incident.Id.ToString();
            case ExerciseScenario.Message:
                if (keys is null)
                {
                    throw new Conflict($"Inject {inject.Position} is a message: it is played by the server's runner, which holds the channel keys.");
                }
                var channel = await GroupChannelAsync(db, cell, keys, $"EXERCISE {reference} {inject.GroupName}", marking, now, ct);
                var posted = await ChannelMessages.PostAsync(db, cell, keys, channel, new MessageInput(Prefix + Text(f, "text"), Marking: marking.Label()), now, ct);
                return posted.Id.ToString();
            default:
                var alert = await Alerts.RaiseCustomAsync(db, cell, new CustomAlertRequest(null, Prefix + Text(f, "title"), Text(f, "summary"), Text(f, "severity"), marking.Label(), null, null, null), ct);
                return alert.Id.ToString();
        }
    }

    /// <summary>The group's channel in its cell, opened by its first message inject (a closed user group of the cell).</summary>
    private static async Task<Guid> GroupChannelAsync(CordonDb db, Actor cell, ChannelKeys keys, string name, Tlp marking, DateTimeOffset now, CancellationToken ct)
    {
        var id = await db.Channels.Where(c => c.OwningAgencyId == cell.AgencyId && c.Name == name).OrderBy(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        return id ?? (await Channels.CreateAsync(db, cell, keys, new ChannelInput("group", null, name, "The exercise's messages to this group.", now.AddDays(30), marking.Label(), null, null),
            now, ct)).Id;
    }

    /// <summary>One line saying what the inject plays.</summary>
    public static string Summary(ExerciseInject inject)
    {
        var f = Exercises.Fields(inject);
        return inject.Kind switch
        {
            ExerciseScenario.Detection => $"{Text(f, "sensor")} sees {Text(f, "object")} at {Number(f, "latitude").ToString("0.####", CultureInfo.InvariantCulture)}, {Number(f, "longitude").ToString("0.####", CultureInfo.InvariantCulture)}",
            ExerciseScenario.Incident => $"{Text(f, "type")} ({Text(f, "severity") ?? "medium"}): {Text(f, "title") ?? ""}",
            ExerciseScenario.Message => $"message: {Text(f, "text")}",
            _ => $"alert ({Text(f, "severity") ?? "medium"}): {Text(f, "title")}",
        };
    }

    private static string? Text(JsonElement f, string name) => f.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double Number(JsonElement f, string name) => f.TryGetProperty(name, out var v) && v.TryGetDouble(out var d) ? d : 0;
}
