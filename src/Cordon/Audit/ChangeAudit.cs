using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cordon.Audit;

/// <summary>
/// Audits what a SaveChanges writes, from the change tracker, whatever feature made the change (see
/// <see cref="AuditedChanges"/>): an entry <c>{type}.create|update|delete</c> per record, naming the fields
/// changed, with before and after values for administrative entities (never secrets). A feature's own entry
/// about the same record (e.g. <c>user.roles</c>) is kept and gains the before/after values instead of a
/// second entry; a save of more than <see cref="SummaryThreshold"/> records of one type becomes one summary
/// entry with the count and ids, as a batch should.
/// </summary>
internal static class ChangeAudit
{
    public const int SummaryThreshold = 20;
    private const int MaxIds = 300;
    private const int MaxValueChars = 300;
    private const int MaxDetailsChars = 12_000;

    internal sealed class Change(EntityEntry entry, AuditedType type, string verb, Guid? agency, string? key, JsonObject? values, string[] fields)
    {
        public EntityEntry Entry { get; } = entry;
        public AuditedType Type { get; } = type;
        public string Verb { get; } = verb;
        public Guid? Agency { get; } = agency;
        /// <summary>Known at snapshot time unless the store generates it; then read after the save.</summary>
        public string? Key { get; set; } = key;
        public JsonObject? Values { get; } = values;
        public string[] Fields { get; } = fields;
    }

    private static readonly HashSet<string> ReadActions = ["record.read", "access.deny", "access.break-glass"];

    /// <summary>
    /// Before the save: the audited changes in the tracker. Administrative values merge into the feature's
    /// own pending entry for the same record; changes that entry (or a batch entry of the type) already
    /// describes are dropped. What is returned is written after the save, when generated keys are known.
    /// </summary>
    public static List<Change> Snapshot(DbContext db, List<AuditEntry> explicitEntries)
    {
        var changes = new List<Change>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || entry.Metadata.IsOwned()
                || !AuditedChanges.ByType.TryGetValue(entry.Metadata.ClrType, out var type)
                || type.Kind == ChangeAuditKind.Exempt)
            {
                continue;
            }
            var verb = entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" };
            var (values, fields) = Describe(entry, type.Kind == ChangeAuditKind.Administrative);
            if (verb == "update" && fields.Length == 0)
            {
                continue; // marked modified, nothing different
            }
            var agency = type.Agency?.Invoke(entry.Entity) ?? (entry.Entity as IOwnedRecord)?.OwningAgencyId;
            var key = KeyOf(entry, beforeSave: true);
            var own = key is null ? null : explicitEntries.FirstOrDefault(e => e.RecordId is not null && !ReadActions.Contains(e.Action)
                && !e.Action.StartsWith("records.", StringComparison.Ordinal) && string.Equals(e.RecordId, key, StringComparison.OrdinalIgnoreCase));
            if (own is not null)
            {
                if (values is not null)
                {
                    Merge(own, values);
                }
                continue;
            }
            if (explicitEntries.Any(e => e.RecordId is null && e.RecordType == type.RecordType))
            {
                continue; // the feature wrote one entry for the batch of this type
            }
            changes.Add(new Change(entry, type, verb, agency, key, values, fields));
        }
        return changes;
    }

    /// <summary>After the save: the entries, one per record, or one per type, verb and agency past the summary threshold.</summary>
    public static List<AuditEntry> Entries(IReadOnlyList<Change> changes, AuditActor actor, DateTimeOffset now)
    {
        var entries = new List<AuditEntry>();
        foreach (var group in changes.GroupBy(c => (c.Type.RecordType, c.Verb, c.Agency)))
        {
            foreach (var c in group)
            {
                c.Key ??= KeyOf(c.Entry, beforeSave: false);
            }
            var action = $"{group.Key.RecordType}.{group.Key.Verb}";
            if (group.Count() > SummaryThreshold)
            {
                var ids = group.Select(c => c.Key!).ToList();
                entries.Add(Build(actor, now, action, group.Key.RecordType, null, group.Key.Agency,
                    new { rows = ids.Count, ids = ids.Count <= MaxIds ? ids : null, batch = true }));
                continue;
            }
            foreach (var c in group)
            {
                object? details = c.Values is not null ? new JsonObject { ["changes"] = c.Values.DeepClone() }
                    : c.Verb == "update" ? new { fields = c.Fields } : null;
                entries.Add(Build(actor, now, action, c.Type.RecordType, c.Key, c.Agency, details));
            }
        }
        return entries;
    }

    private static AuditEntry Build(AuditActor actor, DateTimeOffset now, string action, string recordType, string? key, Guid? agency, object? details)
    {
        var entry = AuditLog.ToEntry(new AuditEvent(actor, action)
        {
            RecordType = recordType,
            RecordId = key is { Length: > AuditLimits.Name } ? key[..AuditLimits.Name] : key,
            RecordAgencyId = agency,
            Details = details is JsonObject o ? JsonSerializer.SerializeToElement(o) : details,
        }, now, out var errors);
        errors.ThrowIfAny();
        return entry!;
    }

    private static string? KeyOf(EntityEntry entry, bool beforeSave)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return null;
        }
        var parts = new List<string>();
        foreach (var p in key.Properties)
        {
            var property = entry.Property(p.Name);
            if (beforeSave && property.IsTemporary)
            {
                return null;
            }
            parts.Add(Convert.ToString(property.CurrentValue, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        return string.Join('/', parts);
    }

    /// <summary>The changed fields; for administrative entities also their values (before/after), secrets only as changed.</summary>
    private static (JsonObject? Values, string[] Fields) Describe(EntityEntry entry, bool withValues)
    {
        var values = withValues ? new JsonObject() : null;
        var fields = new List<string>();
        foreach (var p in entry.Properties)
        {
            if (p.Metadata.IsPrimaryKey() && entry.State != EntityState.Modified)
            {
                continue; // the entry's record id
            }
            var name = JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name);
            var before = entry.State == EntityState.Added ? null : p.OriginalValue;
            var after = entry.State == EntityState.Deleted ? null : p.CurrentValue;
            var from = Render(before);
            var to = Render(after);
            if (entry.State == EntityState.Modified ? !p.IsModified || JsonNode.DeepEquals(from, to) : (from ?? to) is null)
            {
                continue; // unchanged; or empty in a record created or deleted
            }
            fields.Add(name);
            if (values is null)
            {
                continue;
            }
            var change = new JsonObject();
            if (AuditedChanges.IsSecret(p.Metadata.Name, p.Metadata.ClrType))
            {
                change["changed"] = true; // a secret's value, old or new, never enters the log
            }
            else
            {
                if (entry.State != EntityState.Added)
                {
                    change["from"] = from?.DeepClone();
                }
                if (entry.State != EntityState.Deleted)
                {
                    change["to"] = to?.DeepClone();
                }
            }
            values[name] = change;
        }
        if (values is not null && values.ToJsonString().Length > MaxDetailsChars)
        {
            // Too large for an entry: the fields that changed, without their values.
            values = new JsonObject { ["fields"] = new JsonArray(fields.Select(f => (JsonNode)f!).ToArray()), ["valuesOmitted"] = "too large for an audit entry" };
        }
        return (values, fields.ToArray());
    }

    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static JsonNode? Render(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case byte[] bytes:
                return $"({bytes.Length} bytes)";
            case string s:
                return s.Length > MaxValueChars ? s[..MaxValueChars] + "…" : s;
            case DateTimeOffset t:
                return AuditCanonical.FormatTime(t);
        }
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), ValueJson);
        var text = node?.ToJsonString() ?? "";
        return text.Length > MaxValueChars * 4 ? $"({text.Length} characters of JSON)" : node;
    }

    private static void Merge(AuditEntry own, JsonObject values)
    {
        var details = own.Details is null ? new JsonObject() : JsonNode.Parse(own.Details) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(own.Details) };
        details["changes"] = values.DeepClone();
        var canonical = AuditCanonical.Json(JsonSerializer.SerializeToElement(details))!;
        if (canonical.Length <= AuditLimits.Details)
        {
            own.Details = canonical;
        }
    }
}
