using Cordon.Audit;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Alerting;

public sealed record ConditionInput(string? Name, string? Kind, string? Office, string? Commodity, decimal? MinQuantity, string? Unit, string? MaxMarking,
    string? Purpose, string? Severity, string? Marking, string? Band = null);

public sealed record ConditionView(Guid Id, string Name, string Agency, string? Kind, string? Office, string? Band, string? Commodity, decimal? MinQuantity, string? Unit,
    string MaxMarking, string Purpose, string Severity, string Marking, bool Active, DateTimeOffset CreatedAt, string CreatedBy, int Raised)
{
    /// <summary>The condition in words, for lists and alert titles.</summary>
    public string Describe()
    {
        var parts = new List<string> { Kind is null ? "any alert" : $"{Kind} alerts" };
        if (Band is not null)
        {
            parts.Add($"in the {Band} band");
        }
        if (Commodity is not null)
        {
            parts.Add($"of HS code or category starting {Commodity}");
        }
        if (MinQuantity is { } q)
        {
            parts.Add($"above {q:0.###}{(Unit is null ? "" : " " + Unit)}");
        }
        if (Office is not null)
        {
            parts.Add($"at {Office}");
        }
        parts.Add($"marked up to {MaxMarking}");
        return string.Join(" ", parts);
    }
}

/// <summary>
/// Analysts' alert conditions: saved per agency, evaluated by the dispatcher against every alert it
/// dispatches (<see cref="EvaluateAsync"/>), each match raising one custom alert for the condition's
/// agency. The condition sees only what its agency may read: the triggering alert, and for quantity
/// or commodity tests the seizure itself, must pass the access policy for the condition's purpose.
/// </summary>
public static class AlertConditions
{
    /// <summary>Who defines and cancels an agency's alert conditions (the page and the menu ask this too).</summary>
    public const Roles MayDefine = Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin;

    public static async Task<ConditionView> CreateAsync(CordonDb db, Actor actor, ConditionInput input, CancellationToken ct = default)
    {
        if ((actor.Roles & MayDefine) == 0 || actor.AgencyId is not { } agency)
        {
            throw new Forbidden("Defining an alert condition needs the analyst, supervisor or agency-admin role in an agency.");
        }
        var errors = new FieldErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 120)
        {
            errors.Add("name", "A condition needs a name of 1 to 120 characters.");
        }
        var kind = TextInput.Trim(input.Kind)?.ToLowerInvariant();
        if (kind is not null && (kind == AlertKinds.Custom || !AlertKinds.Known.Contains(kind)))
        {
            errors.Add("kind", $"'{kind}' is not a kind a condition can watch: {string.Join(", ", AlertKinds.Known.Where(k => k != AlertKinds.Custom))}.");
        }
        kind = Quantity(input, kind, errors);
        var unit = TextInput.Trim(input.Unit);
        if (unit is not null && input.MinQuantity is null)
        {
            errors.Add("unit", "A unit goes with a quantity threshold.");
        }
        var maxMarking = Marking(input.MaxMarking, "maxMarking", Tlp.Red, errors);
        var marking = Marking(input.Marking, "marking", Tlp.Amber, errors);
        var purpose = Purpose.RiskAnalysis;
        if (TextInput.Trim(input.Purpose) is { } p && !PurposeNames.TryParse(p, out purpose))
        {
            errors.Add("purpose", $"'{p}' is not a purpose: {string.Join(", ", PurposeNames.All.Select(x => x.Name))}.");
        }
        var severity = AlertSeverity.High;
        if (TextInput.Trim(input.Severity) is { } sev && !EnumText.TryParse(sev, out severity))
        {
            errors.Add("severity", $"'{sev}' is not a severity: {string.Join(", ", Enum.GetNames<AlertSeverity>()).ToLowerInvariant()}.");
        }
        var office = TextInput.Trim(input.Office)?.ToUpperInvariant();
        if (office is { Length: > 16 })
        {
            errors.Add("office", "An office code of at most 16 characters.");
        }
        var commodity = TextInput.Trim(input.Commodity)?.ToLowerInvariant();
        if (commodity is { Length: > 64 })
        {
            errors.Add("commodity", "At most 64 characters.");
        }
        var band = AlertBands.Parse(input.Band, errors);
        if (band is not null && kind is not null && kind != AlertKinds.ScreeningBlock)
        {
            errors.Add("band", $"Match bands are on screening alerts: leave the kind empty or choose '{AlertKinds.ScreeningBlock}'.");
        }
        errors.ThrowIfAny();

        var condition = new AlertCondition
        {
            CreatedAt = db.Clock.GetUtcNow(),
            OwningAgencyId = agency,
            Marking = marking,
            Name = name,
            Kind = kind,
            Office = office,
            Band = band,
            CommodityPrefix = commodity,
            MinQuantity = input.MinQuantity,
            Unit = unit,
            MaxMarking = maxMarking,
            Purpose = purpose,
            Severity = severity,
            CreatedBy = actor.Name,
        };
        db.AlertConditions.Add(condition);
        AuditLog.Append(db, actor, "alert.condition.create", RecordTypes.Alert, condition.Id.ToString(), agency,
            new { name, kind, office, band, commodity, minQuantity = input.MinQuantity, unit, maxMarking = maxMarking.Label(), purpose = purpose.Name() });
        await db.SaveChangesAsync(ct);
        return View(condition, await Alerts.AgencyCodeAsync(db, agency, ct), 0);
    }

    /// <summary>A quantity threshold is above zero and watches seizure alerts (the kind it implies when none is given).</summary>
    private static string? Quantity(ConditionInput input, string? kind, FieldErrors errors)
    {
        if (input.MinQuantity is not { } q)
        {
            return kind;
        }
        if (q <= 0)
        {
            errors.Add("minQuantity", "A quantity greater than zero.");
        }
        if (kind is not null && kind != AlertKinds.Seizure)
        {
            errors.Add("minQuantity", "Quantity thresholds apply to seizure alerts: leave the kind empty or choose 'seizure'.");
        }
        return kind ?? AlertKinds.Seizure;
    }

    private static Tlp Marking(string? text, string field, Tlp fallback, FieldErrors errors)
    {
        if (TextInput.Trim(text) is not { } t)
        {
            return fallback;
        }
        if (!TlpText.TryParse(t, out var parsed))
        {
            errors.Add(field, "A TLP marking: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");
            return fallback;
        }
        return parsed;
    }

    /// <summary>The agency's conditions (active first) with how many alerts each has raised.</summary>
    public static async Task<IReadOnlyList<ConditionView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        if (actor.AgencyId is not { } agency)
        {
            return [];
        }
        var rows = await db.AlertConditions.AsNoTracking().Where(c => c.OwningAgencyId == agency).ToListAsync(ct);
        var code = await Alerts.AgencyCodeAsync(db, agency, ct);
        // A condition's alerts are addressed to its agency alone (AlertAudience): count the keys among those.
        var keys = await db.Alerts.AsNoTracking().AddressedTo(agency).Where(a => a.Kind == AlertKinds.Custom && a.Key != null)
            .Select(a => a.Key!).ToListAsync(ct);
        return rows.OrderByDescending(c => c.Active).ThenByDescending(c => c.CreatedAt)
            .Select(c => View(c, code, keys.Count(k => k.StartsWith($"condition:{c.Id:N}:", StringComparison.Ordinal)))).ToList();
    }

    public static async Task CancelAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var condition = await db.AlertConditions.FirstOrDefaultAsync(c => c.Id == id && c.OwningAgencyId == actor.AgencyId, ct)
            ?? throw new NotFound($"Alert condition {id} does not exist in your agency.");
        if ((actor.Roles & MayDefine) == 0)
        {
            throw new Forbidden("Cancelling an alert condition needs the analyst, supervisor or agency-admin role.");
        }
        condition.Active = false;
        AuditLog.Append(db, actor, "alert.condition.cancel", RecordTypes.Alert, condition.Id.ToString(), condition.OwningAgencyId, new { condition.Name });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Checks the dispatched <paramref name="alerts"/> against every active condition and raises (in
    /// the caller's change tracker) one custom alert per match not raised before; returns how many.
    /// </summary>
    public static async Task<int> EvaluateAsync(CordonDb db, IReadOnlyList<Alert> alerts, DateTimeOffset now, CancellationToken ct = default)
    {
        var watched = alerts.Where(a => a.Kind != AlertKinds.Custom).ToList();
        if (watched.Count == 0)
        {
            return 0;
        }
        var conditions = await db.AlertConditions.AsNoTracking().Where(c => c.Active).ToListAsync(ct);
        if (conditions.Count == 0)
        {
            return 0;
        }
        var matches = await MatchesAsync(db, watched, conditions, now, ct);
        if (matches.Count == 0)
        {
            return 0;
        }
        var keys = matches.Select(m => m.Key).ToList();
        var existing = (await db.Alerts.AsNoTracking().Where(a => a.Key != null && keys.Contains(a.Key)).Select(a => a.Key!).ToListAsync(ct)).ToHashSet();
        var raised = 0;
        foreach (var (c, alert, item, key) in matches.Where(m => !existing.Contains(m.Key)))
        {
            Raise(db, c, alert, item, key, now);
            raised++;
        }
        return raised;
    }

    /// <summary>Each (condition, alert) pair that matches and that the condition's agency may read, with the seizure's matching item where the condition tests one.</summary>
    private static async Task<List<(AlertCondition Condition, Alert Alert, SeizedItem? Item, string Key)>> MatchesAsync(CordonDb db, List<Alert> watched,
        List<AlertCondition> conditions, DateTimeOffset now, CancellationToken ct)
    {
        var seizureIds = watched.Where(a => a.RecordType == RecordTypes.Seizure && Guid.TryParse(a.RecordId, out _)).Select(a => Guid.Parse(a.RecordId!)).ToList();
        var seizures = seizureIds.Count == 0 ? [] : await db.Seizures.AsNoTracking().Where(s => seizureIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id.ToString(), ct);
        var policies = new Dictionary<(Guid, Purpose), AccessPolicy>();
        var matches = new List<(AlertCondition Condition, Alert Alert, SeizedItem? Item, string Key)>();
        foreach (var alert in watched)
        {
            foreach (var c in conditions.Where(c => Watches(c, alert)))
            {
                if (!policies.TryGetValue((c.OwningAgencyId, c.Purpose), out var policy))
                {
                    var reader = new Actor(null, c.OwningAgencyId, Roles.None, $"alert condition {c.Name}", ActorKind.User);
                    policies[(c.OwningAgencyId, c.Purpose)] = policy = await AccessPolicy.ForAsync(db, reader, c.Purpose, now, ct);
                }
                if (!policy.Decide(new RecordRef(RecordTypes.Alert, alert.OwningAgencyId, alert.Marking, Caveats.None, alert.Id.ToString())).Allowed)
                {
                    continue; // A condition never learns of what its agency may not read.
                }
                SeizedItem? item = null;
                if (c.CommodityPrefix is not null || c.MinQuantity is not null)
                {
                    if (alert.RecordType == RecordTypes.Seizure && alert.RecordId is { } rid && seizures.TryGetValue(rid, out var seizure))
                    {
                        if (!policy.Decide(Seizures.Ref(seizure)).Allowed)
                        {
                            continue;
                        }
                        item = seizure.Items.FirstOrDefault(i => ItemMatches(c, i));
                        if (item is null)
                        {
                            continue;
                        }
                    }
                    else if (c.MinQuantity is not null || !(alert.Commodity ?? "").StartsWith(c.CommodityPrefix!, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                }
                matches.Add((c, alert, item, $"condition:{c.Id:N}:{alert.Id:N}"));
            }
        }
        return matches;
    }

    /// <summary>The alert's kind, office, band, audience and marking are within what the condition watches.</summary>
    private static bool Watches(AlertCondition c, Alert alert)
        => (c.Kind is null || c.Kind == alert.Kind)
           && (c.Office is null || string.Equals(c.Office, alert.Office, StringComparison.OrdinalIgnoreCase))
           && (c.Band is null || string.Equals(c.Band, alert.Band, StringComparison.OrdinalIgnoreCase))
           && AlertAudience.Reaches(alert, c.OwningAgencyId)
           && alert.Marking <= c.MaxMarking;

    /// <summary>The custom alert a match raises, addressed to the condition's agency alone, and its audit entry.</summary>
    private static void Raise(CordonDb db, AlertCondition c, Alert alert, SeizedItem? item, string key, DateTimeOffset now)
    {
        var title = $"{c.Name}: {alert.Title}";
        var custom = Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, title.Length > 200 ? title[..199] + "…" : title, alert.OwningAgencyId, alert.Marking)
        {
            RecordType = alert.RecordType,
            RecordId = alert.RecordId,
            Caveats = alert.Caveats, // derived from the alert: handled no more freely than it
            Summary = $"Condition '{c.Name}' matched a {alert.Kind} alert. {alert.Summary}".Trim(),
            Severity = c.Severity,
            Office = alert.Office,
            Commodity = item?.HsCode ?? alert.Commodity,
            Band = alert.Band,
            ReferredTo = alert.ReferredTo,
            Data = new
            {
                condition = new { id = c.Id, name = c.Name },
                alert = alert.Id,
                kind = alert.Kind,
                item = item is null ? null : new { item.HsCode, item.Category, item.Quantity, item.Unit },
            },
            RaisedBy = "condition",
            Key = key,
            // Addressed to the condition's agency alone: another agency never learns what it watches for.
            Recipients = [c.OwningAgencyId],
        });
        AuditLog.Append(db, new AuditEvent(AuditActor.System, "alert.condition.match")
        {
            RecordType = RecordTypes.Alert,
            RecordId = custom.Id.ToString(),
            RecordAgencyId = alert.OwningAgencyId,
            Purpose = c.Purpose.Name(),
            Details = new { condition = c.Id, name = c.Name, agency = c.OwningAgencyId, alert = alert.Id },
            Time = now,
        });
    }

    private static bool ItemMatches(AlertCondition c, SeizedItem i)
        => (c.CommodityPrefix is null
            || (i.HsCode ?? "").StartsWith(c.CommodityPrefix, StringComparison.OrdinalIgnoreCase)
            || i.Category.StartsWith(c.CommodityPrefix, StringComparison.OrdinalIgnoreCase))
           && (c.MinQuantity is not { } min || (i.Quantity > min && (c.Unit is null || string.Equals(c.Unit, i.Unit, StringComparison.OrdinalIgnoreCase))));

    private static ConditionView View(AlertCondition c, string agency, int raised)
        => new(c.Id, c.Name, agency, c.Kind, c.Office, c.Band, c.CommodityPrefix, c.MinQuantity, c.Unit, c.MaxMarking.Label(), c.Purpose.Name(),
            c.Severity.ToString().ToLowerInvariant(), c.Marking.Label(), c.Active, c.CreatedAt, c.CreatedBy, raised);

}
