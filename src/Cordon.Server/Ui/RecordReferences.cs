using System.Text;
using System.Text.Json;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Ui;

/// <summary>A record as people name it (SZ-2026-0007, 25NL…), with the page that shows it.</summary>
public sealed record RecordReference(string Text, string? Href);

/// <summary>
/// Turns the record ids of audit entries into the references people use, with links. Only the
/// viewer's own agency's records are named (the reference is part of the record); others keep their
/// kind and a short id, and their page applies the access policy as always.
/// </summary>
public sealed class RecordReferences
{
    private readonly Dictionary<(string Type, string Id), RecordReference> _known = [];

    public static async Task<RecordReferences> ResolveAsync(CordonDb db, Guid? viewerAgency, IEnumerable<(string? Type, string? Id)> records, CancellationToken ct)
    {
        var references = new RecordReferences();
        var byType = records.Where(r => r.Type is not null && Guid.TryParse(r.Id, out _))
            .GroupBy(r => r.Type!).ToDictionary(g => g.Key, g => g.Select(r => Guid.Parse(r.Id!)).Distinct().ToList());
        bool Mine(Guid owner) => viewerAgency is null || owner == viewerAgency;
        void Add(string type, Guid id, Guid owner, string text, string href)
        {
            if (Mine(owner))
            {
                references._known[(type, id.ToString())] = new RecordReference(text, href);
            }
        }
        if (byType.TryGetValue(RecordTypes.Declaration, out var ids))
        {
            foreach (var r in await db.Declarations.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.OwningAgencyId, d.Number }).ToListAsync(ct))
            {
                Add(RecordTypes.Declaration, r.Id, r.OwningAgencyId, r.Number, $"/declarations/{r.Id}");
            }
        }
        if (byType.TryGetValue(RecordTypes.Consignment, out ids))
        {
            foreach (var r in await db.Consignments.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.OwningAgencyId, d.Reference }).ToListAsync(ct))
            {
                Add(RecordTypes.Consignment, r.Id, r.OwningAgencyId, r.Reference, $"/consignments/{r.Id}");
            }
        }
        if (byType.TryGetValue(RecordTypes.Seizure, out ids))
        {
            foreach (var r in await db.Seizures.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.OwningAgencyId, d.Reference }).ToListAsync(ct))
            {
                Add(RecordTypes.Seizure, r.Id, r.OwningAgencyId, r.Reference, $"/cases/seizures/{r.Id}");
            }
        }
        if (byType.TryGetValue(RecordTypes.Case, out ids))
        {
            foreach (var r in await db.Cases.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.OwningAgencyId, d.Reference }).ToListAsync(ct))
            {
                Add(RecordTypes.Case, r.Id, r.OwningAgencyId, r.Reference, $"/cases/{r.Id}");
            }
        }
        if (byType.TryGetValue(RecordTypes.Inspection, out ids))
        {
            foreach (var r in await db.Inspections.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.OwningAgencyId, d.Reference }).ToListAsync(ct))
            {
                Add(RecordTypes.Inspection, r.Id, r.OwningAgencyId, r.Reference, $"/cases/inspections/{r.Id}");
            }
        }
        return references;
    }

    /// <summary>The record as a link with its reference, or its kind and a short id when it is not ours or not known.</summary>
    public IHtmlContent Show(string? type, string? id)
    {
        if (type is null)
        {
            return HtmlString.Empty;
        }
        var kind = System.Net.WebUtility.HtmlEncode(AuditWords.Kind(type));
        if (id is null)
        {
            return new HtmlString(kind);
        }
        if (_known.TryGetValue((type, id), out var r))
        {
            return new HtmlString($"{kind} <a href=\"{System.Net.WebUtility.HtmlEncode(r.Href)}\">{System.Net.WebUtility.HtmlEncode(r.Text)}</a>");
        }
        var shortId = id.Length > 13 && Guid.TryParse(id, out _) ? id[..8] + "…" : id;
        return new HtmlString($"{kind} <span class=\"muted\" title=\"{System.Net.WebUtility.HtmlEncode(id)}\">{System.Net.WebUtility.HtmlEncode(shortId)}</span>");
    }
}

/// <summary>Audit entries in words: who acted, what they did, what the policy decided, and the details as sentences, not JSON.</summary>
public static class AuditWords
{
    public static string Kind(string recordType) => recordType.Replace('-', ' ');

    public static string Who(string actorKind, string actorName, string? agency) => actorKind switch
    {
        "api-key" => $"API key '{actorName}'" + (agency is null ? "" : $" ({agency})"),
        "system" => "Cordon (automatic)",
        "local-operator" => $"{actorName} (operator on the server)",
        "anonymous" => $"someone signing in as '{actorName}'",
        _ => actorName + (agency is null ? "" : $" ({agency})"),
    };

    private static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["read"] = "read", ["list"] = "listed", ["export"] = "exported", ["search"] = "searched", ["create"] = "created", ["update"] = "updated",
        ["delete"] = "deleted", ["revoke"] = "revoked", ["approve"] = "approved", ["reject"] = "rejected", ["review"] = "reviewed",
        ["release"] = "released", ["assign"] = "assigned", ["start"] = "started", ["outcome"] = "recorded the outcome of", ["open"] = "opened",
        ["status"] = "changed the status of", ["change"] = "changed", ["save"] = "saved", ["plan"] = "planned", ["report"] = "reported",
        ["escalate"] = "escalated", ["raise"] = "raised", ["deliver"] = "delivered", ["retry"] = "retried", ["subscribe"] = "subscribed to",
        ["unsubscribe"] = "unsubscribed from", ["grant"] = "granted", ["record"] = "recorded", ["send"] = "sent", ["receive"] = "received",
        ["ingest"] = "took in", ["train"] = "trained", ["retrain"] = "retrained", ["activate"] = "activated", ["cancel"] = "cancelled",
        ["match"] = "matched", ["sign-in"] = "signed in", ["sign-out"] = "signed out", ["break-glass"] = "used break-glass access to",
        ["deny"] = "was denied", ["add"] = "added", ["done"] = "completed", ["note"] = "added a note to", ["roles"] = "changed the roles of",
        ["reset-password"] = "reset the password of", ["change-password"] = "changed the password of", ["set"] = "set", ["assess"] = "assessed",
    };

    /// <summary>"declaration.read" → "read declaration"; "user.change-password" → "changed the password of user".</summary>
    public static string What(string action)
    {
        var parts = action.Split('.');
        if (parts.Length >= 2 && Verbs.TryGetValue(parts[^1], out var verb))
        {
            return $"{verb} {string.Join(' ', parts[..^1]).Replace('-', ' ')}";
        }
        if (parts.Length >= 2 && Verbs.TryGetValue(parts[0], out verb))
        {
            return $"{verb} {string.Join(' ', parts[1..]).Replace('-', ' ')}";
        }
        return action.Replace('.', ' ').Replace('-', ' ');
    }

    public static string Decision(string? decision) => decision switch
    {
        "allow" => "allowed",
        "redact" => "allowed with fields withheld",
        "deny" => "denied",
        null => "",
        _ => decision,
    };

    /// <summary>The details as "Rows: 3 · Reason: …" (nested values flattened), never a JSON blob.</summary>
    public static string Details(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "";
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            var parts = new List<string>();
            Flatten(doc.RootElement, "", parts);
            return string.Join(" · ", parts);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static void Flatten(JsonElement e, string prefix, List<string> parts)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Flatten(p.Value, prefix.Length == 0 ? Words(p.Name) : $"{prefix}, {Words(p.Name).ToLowerInvariant()}", parts);
                }
                break;
            case JsonValueKind.Array:
                var simple = e.EnumerateArray().All(x => x.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array));
                if (simple)
                {
                    parts.Add($"{Label(prefix)}{string.Join(", ", e.EnumerateArray().Select(Scalar))}");
                }
                else
                {
                    var i = 0;
                    foreach (var x in e.EnumerateArray())
                    {
                        Flatten(x, $"{prefix} {++i}", parts);
                    }
                }
                break;
            default:
                parts.Add($"{Label(prefix)}{Scalar(e)}");
                break;
        }
    }

    private static string Label(string prefix) => prefix.Length == 0 ? "" : prefix + ": ";

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "none",
        _ => e.GetRawText(),
    };

    /// <summary>"recordType" → "Record type".</summary>
    public static string Words(string name)
    {
        var b = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && b.Length > 0)
            {
                b.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                b.Append(c is '-' or '_' ? ' ' : c);
            }
        }
        return b.Length == 0 ? name : char.ToUpperInvariant(b[0]) + b.ToString(1, b.Length - 1);
    }
}
