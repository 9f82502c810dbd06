using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Alerting;

/// <summary>
/// What a feature knows when a condition fires. <paramref name="Marking"/> is the marking of the record
/// the alert is about (so the alert is shared no wider than that record); <paramref name="OwningAgencyId"/>
/// its owning agency.
/// </summary>
public sealed record AlertDraft(string Kind, string Title, Guid OwningAgencyId, Tlp Marking)
{
    /// <summary>A record type from <see cref="RecordTypes"/> (null for a free-standing custom alert).</summary>
    public string? RecordType { get; init; }
    public string? RecordId { get; init; }
    /// <summary>
    /// Caveats beyond those of the record it is about. <see cref="Alerts.Raise"/> adds the record's own owner,
    /// marking and caveats itself, so no raise site can forget them.
    /// </summary>
    public Caveats Caveats { get; init; }
    /// <summary>The alert's text and data name no one: the record's personal-data caveat is not inherited (a seizure alert).</summary>
    public bool NamesNoOne { get; init; }
    public string Summary { get; init; } = "";
    public AlertSeverity Severity { get; init; } = AlertSeverity.Medium;
    /// <summary>Customs office code (UN/LOCODE-style) where it happened.</summary>
    public string? Office { get; init; }
    /// <summary>HS code or a category such as a drug type ("cocaine"): subscriptions match it by prefix.</summary>
    public string? Commodity { get; init; }
    /// <summary>Kind-specific details, serialised to JSON (removed by a "@personal" redaction).</summary>
    public object? Data { get; init; }
    public string RaisedBy { get; init; } = "cordon";
    /// <summary>Makes the alert the only one for this key (see <see cref="Alert.Key"/>).</summary>
    public string? Key { get; init; }
    /// <summary>
    /// Agencies the alert is addressed to: only they see it, in lists and through their subscriptions (still under
    /// the access policy); null or empty = every agency the policy allows. See <see cref="AlertAudience"/>.
    /// </summary>
    public IReadOnlyCollection<Guid>? Recipients { get; init; }
    /// <summary>A screening hit's match band ("block").</summary>
    public string? Band { get; init; }
    /// <summary>The code of the agency a risk criterion referred the record to.</summary>
    public string? ReferredTo { get; init; }
}

/// <summary>An alert as subscribers receive it (the JSON the access policy redacts).</summary>
public sealed record AlertView(
    Guid Id, string Kind, string Title, string Summary, string Severity, string? RecordType, string? RecordId,
    string Owner, string Marking, string? Office, string? Commodity, string? Band, string? ReferredTo, DateTimeOffset CreatedAt, string RaisedBy, JsonElement Data);

public sealed record CustomAlertRequest(string? Kind, string? Title, string? Summary, string? Severity, string? Marking, string? Office, string? Commodity, JsonElement? Data);

/// <summary>
/// Raising alerts. <see cref="Raise"/> is the outbox: it only adds the alert to the caller's change
/// tracker, so the alert commits in the caller's SaveChanges with the write that triggered it (an
/// alert exists if and only if that write committed); the dispatcher fans it out afterwards.
/// </summary>
public static partial class Alerts
{
    /// <summary>
    /// Saves the alerts a sweep raised under their unique keys. When another node's sweep raised one of them first (the key refuses
    /// ours), nothing of this sweep is kept and the next sweep finds them done. Returns how many were saved.
    /// </summary>
    public static async Task<int> SaveRaisedAsync(CordonDb db, int raised, CancellationToken ct)
    {
        if (raised == 0)
        {
            return 0;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (StoreErrors.IsWriteConflict(e))
        {
            db.ChangeTracker.Clear();
            return 0;
        }
        return raised;
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly ConditionalWeakTable<CordonDb, object> Hooked = [];

    [GeneratedRegex("^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*$")]
    private static partial Regex KindPattern();

    /// <summary>
    /// Adds an alert to <paramref name="db"/>'s change tracker; the caller's SaveChanges commits it in the
    /// same transaction as the triggering write, and wakes this node's dispatcher once committed.
    /// Throws <see cref="ValidationFailed"/> (nothing added) for an empty or malformed kind or title.
    /// </summary>
    public static Alert Raise(CordonDb db, AlertDraft draft)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(draft.Kind) || draft.Kind.Length > 64 || !KindPattern().IsMatch(draft.Kind))
        {
            errors["kind"] = [$"'{draft.Kind}' is not an alert kind: lower-case dotted words such as {string.Join(", ", AlertKinds.Known)}."];
        }
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > 200)
        {
            errors["title"] = ["An alert needs a title of 1 to 200 characters."];
        }
        if ((draft.Summary ?? "").Length > 2000)
        {
            errors["summary"] = ["The summary is limited to 2,000 characters."];
        }
        if (draft.OwningAgencyId == Guid.Empty)
        {
            errors["owningAgencyId"] = ["An alert belongs to the agency that owns the record it is about."];
        }
        if (draft.RecordType is { } type && !RecordTypes.All.Contains(type))
        {
            errors["recordType"] = [$"'{type}' is not a record type: {string.Join(", ", RecordTypes.All)}."];
        }
        var recipients = AlertAudience.Format(draft.Recipients);
        if (recipients is { Length: > 1000 })
        {
            errors["recipients"] = ["An alert is addressed to at most 27 agencies; leave it unaddressed and let the access policy decide."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailed(errors);
        }
        var (owner, marking, caveats) = Inherited(db, draft);
        var alert = new Alert
        {
            CreatedAt = db.Clock.GetUtcNow(),
            Kind = draft.Kind,
            Title = draft.Title.Trim(),
            Summary = draft.Summary?.Trim() ?? "",
            Severity = draft.Severity,
            RecordType = draft.RecordType,
            RecordId = draft.RecordId,
            OwningAgencyId = owner,
            Marking = marking,
            Caveats = caveats,
            Office = TextInput.Trim(draft.Office)?.ToUpperInvariant(),
            Commodity = TextInput.Trim(draft.Commodity),
            Data = draft.Data is null ? "{}" : JsonSerializer.Serialize(draft.Data, Json),
            RaisedBy = draft.RaisedBy,
            Key = draft.Key,
            Recipients = recipients,
            Band = TextInput.Trim(draft.Band)?.ToLowerInvariant(),
            ReferredTo = TextInput.Trim(draft.ReferredTo)?.ToUpperInvariant(),
        };
        db.Alerts.Add(alert);
        if (!Hooked.TryGetValue(db, out var state))
        {
            var hook = new PendingAlerts();
            Hooked.Add(db, hook);
            // Wake the dispatchers only after the save: an alert whose write rolled back is never sent. On
            // PostgreSQL a NOTIFY in the same transaction wakes every node's dispatcher when (and only if) it commits.
            db.SavedChanges += (_, _) =>
            {
                if (hook.Pending)
                {
                    hook.Pending = false;
                    AlertNotifications.Notify(db, AlertNotifications.Raised);
                    AlertSignals.Raised.Pulse();
                }
            };
            state = hook;
        }
        ((PendingAlerts)state).Pending = true;
        return alert;
    }

    /// <summary>
    /// A derived record inherits its source: the alert about a record belongs to that record's owner, is marked
    /// at least as high, and carries its caveats (those it stores and those its type always carries), found
    /// by the record's type and id in the caller's change tracker or the store. An alert about nothing keeps its draft's.
    /// </summary>
    private static (Guid Owner, Tlp Marking, Caveats Caveats) Inherited(CordonDb db, AlertDraft draft)
    {
        var caveats = draft.Caveats;
        if (draft.RecordType is not { } type)
        {
            return (draft.OwningAgencyId, draft.Marking, caveats);
        }
        caveats |= InherentCaveats.Of(type);
        if (draft.RecordId is not { } id || !Guid.TryParse(id, out var key) || !Markings.Changeable.TryGetValue(type, out var entity)
            || db.Find(entity, key) is not IOwnedRecord source)
        {
            return (draft.OwningAgencyId, draft.Marking, draft.NamesNoOne ? caveats & ~Caveats.PersonalData : caveats);
        }
        if (source is ICaveatedRecord c)
        {
            caveats |= c.Caveats;
        }
        if (draft.NamesNoOne)
        {
            caveats &= ~Caveats.PersonalData;
        }
        return (source.OwningAgencyId, source.Marking > draft.Marking ? source.Marking : draft.Marking, caveats);
    }

    /// <summary>POST /api/alerts: an analyst's or supervisor's manual alert for their agency.</summary>
    public static async Task<AlertView> RaiseCustomAsync(CordonDb db, Actor actor, CustomAlertRequest request, CancellationToken ct = default)
    {
        if ((actor.Roles & (Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin)) == 0 || actor.AgencyId is not { } agency)
        {
            throw new Forbidden("Raising an alert needs the analyst, supervisor or agency-admin role in an agency.");
        }
        if (request.Kind is { } k && k != AlertKinds.Custom)
        {
            throw ValidationFailed.Field("kind", $"Manual alerts are of kind '{AlertKinds.Custom}'; '{k}' alerts are raised by their conditions.");
        }
        var severity = AlertSeverity.Medium;
        if (request.Severity is { } sev && !EnumText.TryParse(sev, out severity))
        {
            throw ValidationFailed.Field("severity", $"'{sev}' is not a severity: {string.Join(", ", Enum.GetNames<AlertSeverity>()).ToLowerInvariant()}.");
        }
        var marking = request.Marking is null ? Tlp.Amber : Markings.Parse(request.Marking);
        var alert = Raise(db, new AlertDraft(AlertKinds.Custom, request.Title ?? "", agency, marking)
        {
            Summary = request.Summary ?? "",
            Severity = severity,
            Office = request.Office,
            Commodity = request.Commodity,
            Data = request.Data,
            RaisedBy = actor.Name,
        });
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "alert.raise")
        {
            RecordType = RecordTypes.Alert,
            RecordId = alert.Id.ToString(),
            RecordAgencyId = agency,
            Details = new { kind = alert.Kind, title = alert.Title, marking = alert.Marking.Label() },
        });
        await db.SaveChangesAsync(ct);
        return View(alert, await AgencyCodeAsync(db, agency, ct));
    }

    /// <summary>Alerts the actor may read under the policy (own agency's, and others' that agreements share), newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ListAsync(CordonDb db, AccessPolicy policy, int limit = 100, CancellationToken ct = default)
    {
        // Addressed alerts (a condition's, an incident notice) only for their recipients, whoever owns the record.
        var readable = policy.Filter(db.Alerts.AsNoTracking().VisibleTo(policy.Actor), RecordTypes.Alert);
        var rows = await readable
            .OrderByDescending(a => a.CreatedAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var decisions = new RowDecisions(policy, RecordTypes.Alert);
        var quotes = new AlertQuotes(db);
        var result = new List<JsonElement>(rows.Count);
        foreach (var a in rows)
        {
            var view = await quotes.ForReaderAsync(policy, a, View(a, codes.GetValueOrDefault(a.OwningAgencyId, "?")), ct);
            result.Add(Redaction.Apply(view, decisions.For(a.OwningAgencyId, a.Marking, a.Caveats, a.Id).RedactedFields, Json).Deserialize<JsonElement>());
        }
        await SharedReads.AuditRowsAsync(db, policy, decisions, "list", ct);
        return result;
    }

    public static AlertView View(Alert a, string ownerCode)
        => new(a.Id, a.Kind, a.Title, a.Summary, a.Severity.ToString().ToLowerInvariant(), a.RecordType, a.RecordId, ownerCode, a.Marking.Label(),
            a.Office, a.Commodity, a.Band, a.ReferredTo, a.CreatedAt, a.RaisedBy, JsonDocument.Parse(a.Data).RootElement.Clone());

    internal static async Task<string> AgencyCodeAsync(CordonDb db, Guid agency, CancellationToken ct)
        => await db.Agencies.Where(x => x.Id == agency).Select(x => x.Code).FirstOrDefaultAsync(ct) ?? "?";


    private sealed class PendingAlerts
    {
        public bool Pending { get; set; }
    }
}

/// <summary>In-process wake-ups; every loop also polls the store, so a missed pulse only costs latency.</summary>
public static class AlertSignals
{
    /// <summary>Alerts committed on this node.</summary>
    public static readonly Signal Raised = new();
    /// <summary>Deliveries created or read-state changed on this node (live streams re-query).</summary>
    public static readonly Signal Delivered = new();
}

public sealed class Signal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next pulse: take it BEFORE checking the store, then wait on it.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public static async Task WaitAsync(Task next, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(next, Task.Delay(timeout, cts.Token));
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
