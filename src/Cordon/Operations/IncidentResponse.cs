using Cordon.Alerting;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations;

public sealed record IncidentUpdateInput(string? Text, bool Resolve = false);

public sealed record IncidentInput(
    string? Type, string? Severity, string? Title, double? Latitude, double? Longitude, DateTimeOffset? OccurredAt,
    string[]? Units, Guid? OperationId, string[]? CaseRefs, string? Details, string? Marking = null, string? DamagedAsset = null,
    string? Confidence = null);

public sealed record UpdateView(DateTimeOffset At, string Author, string Kind, string Text);

public sealed record TaskView(Guid Id, int Order, string Title, string Role, string OwnerAgency, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string? DoneBy, string EscalateTo, DateTimeOffset? EscalatedAt, bool Late);

public sealed record AfterActionView(DateTimeOffset DetectedAt, DateTimeOffset ReportedAt, DateTimeOffset? RespondedAt, DateTimeOffset? ResolvedAt,
    TimeSpan DetectionToReport, TimeSpan? DetectionToResponse, TimeSpan? DetectionToResolution, int StepsDone, int StepsTotal, int StepsEscalated);

public sealed record IncidentView(
    Guid Id, string Type, string Severity, string Status, string? Title, double Latitude, double Longitude, DateTimeOffset OccurredAt, DateTimeOffset ReportedAt,
    DateTimeOffset? RespondedAt, DateTimeOffset? ResolvedAt, string[] Units, Guid? OperationId, string[] CaseRefs, Guid? TrackId, string? ReportedBy, string Agency, string Marking,
    string? ResponsePlan, List<TaskView> Checklist, List<UpdateView>? Timeline, AfterActionView AfterAction)
{
    /// <summary>Fields an agreement removed (reporter and timeline name people).</summary>
    public string[] Redacted { get; init; } = [];

    /// <summary>For a sensor incident: the watched pattern that raised it (entry, border-crossing, loitering, low-slow).</summary>
    public string? Pattern { get; init; }

    /// <summary>How sure the report is: confirmed, probable, possible, doubtful.</summary>
    public string Confidence { get; init; } = "confirmed";

    /// <summary>For a sensor incident: the detections that triggered it.</summary>
    public Guid[] Detections { get; init; } = [];
}

/// <summary>
/// Incidents and the coordinated response: opening one starts its type's response plan (checklist
/// with owners and due times, the agencies to notify told on the timeline), late steps escalate,
/// and the after-action report gives detection → response → resolution times.
/// </summary>
public static class IncidentResponse
{
    public static async Task<IncidentView> ReportAsync(CordonDb db, Actor actor, IncidentInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency can report incidents.");
        var errors = new FieldErrors();
        if (!EnumText.TryParse<IncidentType>(input.Type, out var type))
        {
            errors.Add("type", $"is one of {string.Join(", ", Enum.GetValues<IncidentType>().Select(t => t.Kebab()))}.");
        }
        var severity = Severity.Medium;
        if (input.Severity is not null && !EnumText.TryParse(input.Severity, out severity))
        {
            errors.Add("severity", "is one of low, medium, high, critical.");
        }
        var confidence = IncidentConfidence.Confirmed;
        if (input.Confidence is not null && !EnumText.TryParse(input.Confidence, out confidence))
        {
            errors.Add("confidence", "is one of confirmed, probable, possible, doubtful.");
        }
        if (input.Latitude is not (>= -90 and <= 90))
        {
            errors.Add("latitude", "is required, between -90 and 90.");
        }
        if (input.Longitude is not (>= -180 and <= 180))
        {
            errors.Add("longitude", "is required, between -180 and 180.");
        }
        if (input.OccurredAt > now.AddMinutes(5))
        {
            errors.Add("occurredAt", "is in the future.");
        }
        if (input.OperationId is { } op && !await db.Operations.AnyAsync(o => o.Id == op, ct))
        {
            errors.Add("operationId", "is not a known operation.");
        }
        var marking = OperationPlanning.ParseMarking(input.Marking, Tlp.Amber, errors);
        errors.ThrowIfAny();
        var incident = new Incident
        {
            Type = type,
            Severity = severity,
            Confidence = confidence,
            Title = string.IsNullOrWhiteSpace(input.Title) ? type.Kebab().Replace('-', ' ') : input.Title.Trim(),
            Latitude = input.Latitude!.Value,
            Longitude = input.Longitude!.Value,
            OccurredAt = input.OccurredAt ?? now,
            ReportedAt = now,
            Units = (input.Units ?? []).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).ToArray(),
            OperationId = input.OperationId,
            CaseRefs = (input.CaseRefs ?? []).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).ToArray(),
            ReportedBy = actor.Name,
            OwningAgencyId = agency,
            Marking = marking,
        };
        if (type == IncidentType.InfrastructureDamage && !string.IsNullOrWhiteSpace(input.DamagedAsset))
        {
            // The damaged asset's claim opens with the report, in the same unit of work.
            await Resources.Claims.OpenForIncidentAsync(db, actor, incident, input.DamagedAsset, now, ct);
        }
        await OpenAsync(db, incident, actor.Name, input.Details, ct);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "incident.report")
        {
            RecordType = RecordTypes.Incident,
            RecordId = incident.Id.ToString(),
            RecordAgencyId = agency,
            Details = new { type = type.Kebab(), severity = severity.Kebab(), confidence = confidence.Kebab(), incident.Latitude, incident.Longitude },
        });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, incident.Id, now, ct);
    }

    /// <summary>
    /// Adds the incident and starts its plan (the owning agency's plan for its type) on the context;
    /// the caller saves. Used by field reports and by sensor tracks entering watched areas.
    /// </summary>
    internal static async Task OpenAsync(CordonDb db, Incident incident, string author, string? details, CancellationToken ct)
    {
        db.Incidents.Add(incident);
        db.IncidentUpdates.Add(new IncidentUpdate
        {
            IncidentId = incident.Id, At = incident.ReportedAt, Author = author, Kind = "report",
            Text = $"{incident.Type.Kebab()} reported ({incident.Severity.Kebab()}) at {incident.Latitude:0.#####}, {incident.Longitude:0.#####}" + (string.IsNullOrWhiteSpace(details) ? "." : $": {details.Trim()}"),
        });
        var plan = await db.ResponsePlans.AsNoTracking().FirstOrDefaultAsync(p => p.OwningAgencyId == incident.OwningAgencyId && p.IncidentType == incident.Type, ct);
        if (plan is null)
        {
            return;
        }
        incident.ResponsePlanId = plan.Id;
        var order = 0;
        foreach (var step in plan.Steps)
        {
            db.IncidentTasks.Add(new IncidentTask
            {
                IncidentId = incident.Id,
                Order = ++order,
                Title = step.Title,
                Role = step.Role,
                OwnerAgency = step.OwnerAgency,
                DueAt = incident.ReportedAt.AddMinutes(step.DueMinutes),
                EscalateTo = step.EscalateTo,
            });
        }
        db.IncidentUpdates.Add(new IncidentUpdate { IncidentId = incident.Id, At = incident.ReportedAt, Author = "cordon", Kind = "plan", Text = $"Response plan '{plan.Name}' started: {plan.Steps.Count} steps." });
        if (plan.NotifyAgencies.Length == 0)
        {
            return;
        }
        var notify = await db.Agencies.AsNoTracking().Where(a => plan.NotifyAgencies.Contains(a.Code)).Select(a => new { a.Id, a.Code }).ToListAsync(ct);
        foreach (var code in plan.NotifyAgencies)
        {
            db.IncidentUpdates.Add(new IncidentUpdate { IncidentId = incident.Id, At = incident.ReportedAt, Author = "cordon", Kind = "notify", Text = $"{code} notified." });
        }
        // One alert addressed to the agencies the plan names, committed with the incident (the caller's
        // SaveChanges): their subscribers receive it as far as the access policy lets the incident reach them.
        Alerts.Raise(db, new AlertDraft(AlertKinds.IncidentNotify, $"{incident.Type.Kebab().Replace('-', ' ')}: {incident.Title}", incident.OwningAgencyId, incident.Marking)
        {
            RecordType = RecordTypes.Incident,
            RecordId = incident.Id.ToString(),
            Summary = $"Response plan '{plan.Name}' started ({plan.Steps.Count} steps) at {incident.Latitude:0.#####}, {incident.Longitude:0.#####}.",
            Severity = AlertSeverityOf(incident.Severity),
            Recipients = notify.Select(a => a.Id).ToList(),
            Data = new
            {
                incident = incident.Id, type = incident.Type.Kebab(), severity = incident.Severity.Kebab(), incident.Latitude, incident.Longitude,
                incident.OccurredAt, plan = plan.Name, notify = notify.Select(a => a.Code).Order(StringComparer.Ordinal).ToArray(), operation = incident.OperationId,
            },
        });
    }

    private static AlertSeverity AlertSeverityOf(Severity s) => s switch
    {
        Severity.Low => AlertSeverity.Low,
        Severity.Medium => AlertSeverity.Medium,
        Severity.High => AlertSeverity.High,
        _ => AlertSeverity.Critical,
    };

    public static async Task<IncidentView> CompleteStepAsync(CordonDb db, Actor actor, AccessPolicy policy, Guid incidentId, Guid taskId, DateTimeOffset now, CancellationToken ct = default)
    {
        var incident = await WritableAsync(db, actor, policy, incidentId, ct);
        var task = await db.IncidentTasks.FirstOrDefaultAsync(t => t.Id == taskId && t.IncidentId == incidentId, ct) ?? throw new NotFound($"No step {taskId} on incident {incidentId}.");
        if (task.DoneAt is not null)
        {
            return await ViewAsync(db, incidentId, now, ct); // Idempotent: done once.
        }
        task.DoneAt = now;
        task.DoneBy = actor.Name;
        incident.RespondedAt ??= now;
        if (incident.Status == IncidentStatus.Open)
        {
            incident.Status = IncidentStatus.Responding;
        }
        db.IncidentUpdates.Add(new IncidentUpdate { IncidentId = incidentId, At = now, Author = actor.Name, Kind = "step", Text = $"Step {task.Order} done: {task.Title}" + (now > task.DueAt ? $" ({(now - task.DueAt).TotalMinutes:0} min late)." : ".") });
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "incident.step") { RecordType = RecordTypes.Incident, RecordId = incidentId.ToString(), RecordAgencyId = incident.OwningAgencyId, Details = new { step = task.Order, task.Title } });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, incidentId, now, ct);
    }

    public static async Task<IncidentView> AddUpdateAsync(CordonDb db, Actor actor, AccessPolicy policy, Guid incidentId, string? text, bool resolve, DateTimeOffset now, CancellationToken ct = default)
    {
        var incident = await WritableAsync(db, actor, policy, incidentId, ct);
        if (string.IsNullOrWhiteSpace(text) && !resolve)
        {
            throw ValidationFailed.Field("text", "is required.");
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            db.IncidentUpdates.Add(new IncidentUpdate { IncidentId = incidentId, At = now, Author = actor.Name, Kind = "note", Text = text.Trim() });
        }
        if (resolve && incident.Status != IncidentStatus.Resolved)
        {
            incident.Status = IncidentStatus.Resolved;
            incident.ResolvedAt = now;
            incident.RespondedAt ??= now;
            db.IncidentUpdates.Add(new IncidentUpdate { IncidentId = incidentId, At = now, Author = actor.Name, Kind = "status", Text = "Resolved." });
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), resolve ? "incident.resolve" : "incident.update") { RecordType = RecordTypes.Incident, RecordId = incidentId.ToString(), RecordAgencyId = incident.OwningAgencyId });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, incidentId, now, ct);
    }

    /// <summary>
    /// Escalates every open step past its due time that has not been escalated yet: the timeline says to
    /// whom and how late. Returns how many were escalated. Run periodically by <see cref="EscalationService"/>.
    /// </summary>
    public static async Task<int> EscalateLateStepsAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var late = await db.IncidentTasks.Where(t => t.DoneAt == null && t.EscalatedAt == null && t.DueAt < now).OrderBy(t => t.DueAt).Take(500).ToListAsync(ct);
        if (late.Count == 0)
        {
            return 0;
        }
        var ids = late.Select(t => t.IncidentId).Distinct().ToList();
        var incidents = await db.Incidents.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var count = 0;
        foreach (var task in late)
        {
            if (incidents.TryGetValue(task.IncidentId, out var incident) && incident.Status == IncidentStatus.Resolved)
            {
                continue; // A resolved incident's leftover steps are not chased.
            }
            task.EscalatedAt = now;
            count++;
            db.IncidentUpdates.Add(new IncidentUpdate
            {
                IncidentId = task.IncidentId, At = now, Author = "cordon", Kind = "escalation",
                Text = $"Step {task.Order} '{task.Title}' ({task.OwnerAgency} {task.Role}) is {(now - task.DueAt).TotalMinutes:0} min late: escalated to {task.EscalateTo}.",
            });
            if (incident is not null)
            {
                // Told to the step's owner and the incident's agency: the one who must act and the one accountable.
                var to = await db.Agencies.AsNoTracking().Where(a => a.Code == task.OwnerAgency).Select(a => a.Id).ToListAsync(ct);
                Alerts.Raise(db, new AlertDraft(AlertKinds.IncidentEscalation, $"Late step escalated to {task.EscalateTo}: {task.Title}", incident.OwningAgencyId, incident.Marking)
                {
                    RecordType = RecordTypes.Incident,
                    RecordId = incident.Id.ToString(),
                    Summary = $"Step {task.Order} '{task.Title}' ({task.OwnerAgency} {task.Role}) of '{incident.Title}' is {(now - task.DueAt).TotalMinutes:0} min late.",
                    Severity = AlertSeverity.High,
                    Recipients = [.. to, incident.OwningAgencyId],
                    Data = new { incident = incident.Id, step = task.Order, task.Title, task.Role, owner = task.OwnerAgency, escalateTo = task.EscalateTo, task.DueAt },
                });
            }
            // The sweep is Cordon itself; an operator running it by hand (cordon operations escalate) is named.
            AuditLog.Append(db, new AuditEvent(db.Actor ?? AuditActor.System, "incident.escalate")
            {
                RecordType = RecordTypes.Incident, RecordId = task.IncidentId.ToString(), RecordAgencyId = incident?.OwningAgencyId,
                Details = new { step = task.Order, task.Title, task.EscalateTo, task.DueAt },
            });
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    private static async Task<Incident> WritableAsync(CordonDb db, Actor actor, AccessPolicy policy, Guid id, CancellationToken ct)
    {
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFound($"No incident {id}.");
        await SharedReads.AuthorizeAsync(db, policy, Ref(incident), ct: ct);
        // Steps are worked by the agencies the plan names: a reader that can see the incident may update it.
        return incident;
    }

    public static RecordRef Ref(Incident i) => new(RecordTypes.Incident, i.OwningAgencyId, i.Marking, Caveats.None, i.Id.ToString());

    public static async Task<IncidentView> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFound($"No incident {id}.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(incident), ct: ct);
        var view = await ViewAsync(db, id, now, ct);
        var redacted = decision.RedactedFields;
        // Every withheld path of the shared view is cleared, not a chosen few.
        return redacted.Count == 0 ? view : Redaction.Clear(view, redacted) with { Redacted = redacted.Order(StringComparer.Ordinal).ToArray() };
    }

    public static async Task<IncidentView> ViewAsync(CordonDb db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var i = await db.Incidents.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var tasks = await db.IncidentTasks.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.Order).ToListAsync(ct);
        var updates = await db.IncidentUpdates.AsNoTracking().Where(u => u.IncidentId == id).OrderBy(u => u.At).ThenBy(u => u.Id).ToListAsync(ct);
        var agency = await db.Agencies.Where(a => a.Id == i.OwningAgencyId).Select(a => a.Code).FirstAsync(ct);
        var plan = i.ResponsePlanId is { } p ? await db.ResponsePlans.Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        return new IncidentView(i.Id, i.Type.Kebab(), i.Severity.Kebab(), i.Status.Kebab(), i.Title, i.Latitude, i.Longitude, i.OccurredAt, i.ReportedAt,
            i.RespondedAt, i.ResolvedAt, i.Units, i.OperationId, i.CaseRefs, i.TrackId, i.ReportedBy, agency, i.Marking.Label(), plan,
            tasks.Select(t => new TaskView(t.Id, t.Order, t.Title, t.Role, t.OwnerAgency, t.DueAt, t.DoneAt, t.DoneBy, t.EscalateTo, t.EscalatedAt, t.DoneAt is null && t.DueAt < now)).ToList(),
            updates.Select(u => new UpdateView(u.At, u.Author, u.Kind, u.Text)).ToList(),
            AfterAction(i, tasks)) { Pattern = i.Pattern, Detections = i.TriggerDetections ?? [], Confidence = i.Confidence.Kebab() };
    }

    public static AfterActionView AfterAction(Incident i, IReadOnlyCollection<IncidentTask> tasks)
        => new(i.OccurredAt, i.ReportedAt, i.RespondedAt, i.ResolvedAt, i.ReportedAt - i.OccurredAt,
            i.RespondedAt - i.OccurredAt, i.ResolvedAt - i.OccurredAt, tasks.Count(t => t.DoneAt is not null), tasks.Count, tasks.Count(t => t.EscalatedAt is not null));

    public sealed record PlanInput(string? Type, string? Name, string[]? NotifyAgencies, List<PlanStep>? Steps);

    /// <summary>Creates or replaces the actor's agency's plan for an incident type.</summary>
    /// <summary>Who keeps an agency's response plans (the menu asks this too).</summary>
    public const Roles MayKeepPlans = Roles.Supervisor | Roles.AgencyAdmin;

    public static async Task<ResponsePlan> SavePlanAsync(CordonDb db, Actor actor, PlanInput input, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency keeps response plans.");
        if ((actor.Roles & MayKeepPlans) == 0)
        {
            throw new Forbidden("Response plans are kept by supervisors and agency admins.");
        }
        var errors = new FieldErrors();
        if (!EnumText.TryParse<IncidentType>(input.Type, out var type))
        {
            errors.Add("type", $"is one of {string.Join(", ", Enum.GetValues<IncidentType>().Select(t => t.Kebab()))}.");
        }
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "is required.");
        }
        var steps = input.Steps ?? [];
        if (steps.Count == 0)
        {
            errors.Add("steps", "a plan needs at least one step.");
        }
        var codes = await db.Agencies.Select(a => a.Code).ToListAsync(ct);
        for (var s = 0; s < steps.Count; s++)
        {
            if (string.IsNullOrWhiteSpace(steps[s].Title))
            {
                errors.Add($"steps[{s}].title", "is required.");
            }
            if (steps[s].DueMinutes is <= 0 or > 7 * 24 * 60)
            {
                errors.Add($"steps[{s}].dueMinutes", "is between 1 minute and 7 days.");
            }
            if (!codes.Contains(steps[s].OwnerAgency))
            {
                errors.Add($"steps[{s}].ownerAgency", $"'{steps[s].OwnerAgency}' is not a known agency code.");
            }
        }
        for (var n = 0; n < (input.NotifyAgencies?.Length ?? 0); n++)
        {
            if (!codes.Contains(input.NotifyAgencies![n]))
            {
                errors.Add($"notifyAgencies[{n}]", $"'{input.NotifyAgencies[n]}' is not a known agency code.");
            }
        }
        errors.ThrowIfAny();
        var plan = await db.ResponsePlans.FirstOrDefaultAsync(p => p.OwningAgencyId == agency && p.IncidentType == type, ct);
        if (plan is null)
        {
            plan = new ResponsePlan { Name = input.Name!.Trim(), IncidentType = type, OwningAgencyId = agency };
            db.ResponsePlans.Add(plan);
        }
        plan.Name = input.Name!.Trim();
        plan.NotifyAgencies = input.NotifyAgencies ?? [];
        plan.Steps = steps;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "response-plan.save") { RecordType = RecordTypes.Incident, RecordId = plan.Id.ToString(), RecordAgencyId = agency, Details = new { type = type.Kebab(), plan.Name, steps = steps.Count } });
        await db.SaveChangesAsync(ct);
        return plan;
    }
}
