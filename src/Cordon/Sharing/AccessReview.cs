using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Sharing;

/// <summary>One access by another agency to one of our records (or to a list of them), from the audit log.</summary>
public sealed record ForeignAccess(
    long Index, DateTimeOffset Time, string ReaderAgency, string Reader, string Action, string? RecordType, string? RecordId,
    string? Purpose, string? Decision, string? Agreement, int Rows, string? Reason);

/// <summary>Accesses per reading agency over the period: what the owner most wants to see at a glance.</summary>
public sealed record ReaderSummary(string Agency, int Reads, int Denied, int BreakGlass);

public sealed record BreakGlassView(
    Guid Id, DateTimeOffset At, string ReaderAgency, string Reader, string RecordType, string RecordId, string Purpose, string Justification,
    DateTimeOffset? ReviewedAt, string? ReviewedBy, string? ReviewNote);

public sealed record AccessReviewPage(
    IReadOnlyList<ForeignAccess> Accesses, IReadOnlyList<ReaderSummary> ByAgency, IReadOnlyList<BreakGlassView> BreakGlass,
    int Page, int PageSize, int Total)
{
    /// <summary>The agency's authorisations to unmask traveller data (decision 030), newest first, with how often each was used.</summary>
    public IReadOnlyList<UnmaskingView> Unmasking { get; init; } = [];
}

/// <summary>One authorisation to see masked traveller data: who granted it to whom, why, until when, and its uses (from the audit log).</summary>
public sealed record UnmaskingView(Guid Id, Guid? Traveller, Guid? Manifest, string Grantee, string Reason, string GrantedBy, DateTimeOffset GrantedAt,
    DateTimeOffset ValidUntil, int Uses, DateTimeOffset? LastUse);

/// <summary>
/// An agency's review of who in other agencies read its records: when, which record (or how many rows
/// of a list or export), under which agreement, for which purpose, what the policy decided; and the
/// break-glass uses waiting for its review. Read from the tamper-evident audit log, so what it shows is
/// what happened.
/// </summary>
public static class AccessReview
{
    public const int MaxPageSize = 200;

    /// <summary>Who of an agency reviews the reads of its records (the menu asks this too).</summary>
    public const Roles Reviewers = Roles.AgencyAdmin | Roles.Supervisor | Roles.Auditor | Roles.Operator;

    /// <summary>Who of the owning agency reviews: its agency-admins, supervisors and auditors (and operators).</summary>
    public static Guid ReviewingAgency(Actor actor)
    {
        if (actor.AgencyId is not { } agency || (actor.Roles & Reviewers) == 0)
        {
            throw new Forbidden("The access review is for an agency's administrators, supervisors and auditors.");
        }
        return agency;
    }

    public static async Task<AccessReviewPage> ForAgencyAsync(CordonDb db, Actor actor, DateTimeOffset? from, DateTimeOffset? to, string? readerAgency,
        int page, int pageSize, CancellationToken ct = default)
    {
        var agency = ReviewingAgency(actor);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(1, page);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var titles = await db.SharingAgreements.AsNoTracking().Where(a => a.ProviderAgencyId == agency)
            .ToDictionaryAsync(a => a.Id, a => $"{a.Title} v{a.Version}", ct);

        // Entries on our records by someone outside our agency (the local operator has no agency and is left out: not a partner).
        // Reads and access decisions only: the store also logs other agencies' writes to joint or derived
        // records (a break-glass alert, a participant's note), which are not reads of the owner's records.
        var q = db.AuditEntries.AsNoTracking().Where(e => e.RecordAgencyId == agency && e.ActorAgencyId != null && e.ActorAgencyId != agency
            && (e.Action == "record.read" || e.Action.StartsWith("records.") || e.Action.StartsWith("access.")));
        if (from is { } f)
        {
            q = q.Where(e => e.Time >= f);
        }
        if (to is { } t)
        {
            q = q.Where(e => e.Time <= t);
        }
        if (!string.IsNullOrWhiteSpace(readerAgency))
        {
            var code = readerAgency.Trim().ToUpperInvariant();
            var id = codes.Where(c => c.Value == code).Select(c => (Guid?)c.Key).FirstOrDefault()
                     ?? throw ValidationFailed.Field("agency", $"There is no agency with code '{readerAgency}'.");
            q = q.Where(e => e.ActorAgencyId == id);
        }

        var total = await q.CountAsync(ct);
        var entries = await q.OrderByDescending(e => e.LeafIndex).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var summary = (await q.GroupBy(e => new { e.ActorAgencyId, e.Decision, e.Action }).Select(g => new { g.Key.ActorAgencyId, g.Key.Decision, g.Key.Action, N = g.Count() }).ToListAsync(ct))
            .GroupBy(x => x.ActorAgencyId)
            .Select(g => new ReaderSummary(Code(codes, g.Key),
                g.Where(x => x.Decision != AuditDecision.Deny).Sum(x => x.N),
                g.Where(x => x.Decision == AuditDecision.Deny).Sum(x => x.N),
                g.Where(x => x.Action == "access.break-glass").Sum(x => x.N)))
            .OrderByDescending(s => s.Reads + s.Denied).ToList();

        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        var glass = (await db.BreakGlassAccesses.AsNoTracking().Where(b => b.OwningAgencyId == agency).OrderBy(b => b.ReviewedAt != null).ThenByDescending(b => b.At)
                .Take(200).ToListAsync(ct))
            .Select(b => new BreakGlassView(b.Id, b.At, Code(codes, b.UserAgencyId), users.GetValueOrDefault(b.UserId) ?? b.UserId.ToString(), b.RecordType, b.RecordId,
                b.Purpose.Name(), b.Justification, b.ReviewedAt, b.ReviewedBy is { } r ? users.GetValueOrDefault(r) : null, b.ReviewNote))
            .ToList();

        return new AccessReviewPage(entries.Select(e => View(e, codes, titles)).ToList(), summary, glass, page, pageSize, total)
        {
            Unmasking = await UnmaskingAsync(db, agency, ct),
        };
    }

    /// <summary>The latest 200 unmasking authorisations of the agency, each with its uses (travellers.unmask entries naming it).</summary>
    private static async Task<IReadOnlyList<UnmaskingView>> UnmaskingAsync(CordonDb db, Guid agency, CancellationToken ct)
    {
        var authorisations = await db.UnmaskAuthorisations.AsNoTracking().Where(a => a.OwningAgencyId == agency).OrderByDescending(a => a.GrantedAt).Take(200).ToListAsync(ct);
        if (authorisations.Count == 0)
        {
            return [];
        }
        var since = authorisations.Min(a => a.GrantedAt);
        var uses = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == "travellers.unmask" && e.RecordAgencyId == agency && e.Time >= since)
                .Select(e => new { e.Time, e.Details }).ToListAsync(ct))
            .Select(e =>
            {
                using var details = JsonDocument.Parse(e.Details ?? "{}");
                return (e.Time, Authorisation: details.RootElement.TryGetProperty("authorisation", out var id) && id.TryGetGuid(out var g) ? g : Guid.Empty);
            })
            .ToLookup(u => u.Authorisation, u => u.Time);
        return authorisations.Select(a => new UnmaskingView(a.Id, a.TravellerId, a.ManifestId, a.Grantee, a.Reason, a.GrantedBy, a.GrantedAt, a.ValidUntil,
            uses[a.Id].Count(), uses[a.Id].Any() ? uses[a.Id].Max() : null)).ToList();
    }

    /// <summary>Whether the actor's roles allow recording the review of a break-glass access; pages ask this rather than repeat it.</summary>
    public static bool MayReviewBreakGlass(Actor actor) => actor.Has(Roles.AgencyAdmin) || actor.Has(Roles.Supervisor);

    /// <summary>The owning agency records that it reviewed a break-glass access, with its note.</summary>
    public static async Task<BreakGlassView> ReviewBreakGlassAsync(CordonDb db, Actor actor, Guid id, string? note, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = ReviewingAgency(actor);
        if (!MayReviewBreakGlass(actor))
        {
            throw new Forbidden("An agency-admin or a supervisor of the owning agency reviews break-glass access.");
        }
        var access = await db.BreakGlassAccesses.SingleOrDefaultAsync(b => b.Id == id && b.OwningAgencyId == agency, ct)
                     ?? throw new NotFound($"No break-glass access {id} to your agency's records.");
        if (access.ReviewedAt is not null)
        {
            throw new Conflict($"This break-glass access was already reviewed on {access.ReviewedAt:yyyy-MM-dd HH:mm}.");
        }
        if (string.IsNullOrWhiteSpace(note))
        {
            throw ValidationFailed.Field("note", "Say what the review found (for example: justified, or raised with the partner).");
        }
        access.ReviewedAt = now;
        access.ReviewedBy = actor.UserId;
        access.ReviewNote = note.Trim();
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "break-glass.review")
        {
            RecordType = access.RecordType,
            RecordId = access.RecordId,
            RecordAgencyId = agency,
            Details = new { access = access.Id, note = access.ReviewNote },
        });
        await db.SaveChangesAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var users = await db.Users.AsNoTracking().Where(u => u.Id == access.UserId || u.Id == actor.UserId).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        return new BreakGlassView(access.Id, access.At, Code(codes, access.UserAgencyId), users.GetValueOrDefault(access.UserId) ?? "", access.RecordType, access.RecordId,
            access.Purpose.Name(), access.Justification, access.ReviewedAt, actor.Name, access.ReviewNote);
    }

    private static ForeignAccess View(AuditEntry e, Dictionary<Guid, string> codes, Dictionary<Guid, string> titles)
    {
        string? agreement = null, reason = null;
        var rows = e.RecordId is null ? 0 : 1;
        if (e.Details is { } details)
        {
            using var doc = JsonDocument.Parse(details);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
                {
                    reason = r.GetString();
                }
                if (root.TryGetProperty("rows", out var n) && n.ValueKind == JsonValueKind.Number)
                {
                    rows = n.GetInt32();
                }
                var ids = new List<Guid>();
                if (root.TryGetProperty("agreement", out var a) && a.ValueKind == JsonValueKind.String && a.TryGetGuid(out var one))
                {
                    ids.Add(one);
                }
                if (root.TryGetProperty("agreements", out var many) && many.ValueKind == JsonValueKind.Array)
                {
                    ids.AddRange(many.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String && x.TryGetGuid(out _)).Select(x => x.GetGuid()));
                }
                agreement = ids.Count == 0 ? null : string.Join("; ", ids.Distinct().Select(id => titles.GetValueOrDefault(id) ?? id.ToString()));
            }
        }
        return new ForeignAccess(e.LeafIndex, e.Time, Code(codes, e.ActorAgencyId), e.ActorName, e.Action, e.RecordType, e.RecordId, e.Purpose,
            e.Decision?.ToString().ToLowerInvariant(), agreement, rows, reason);
    }

    private static string Code(Dictionary<Guid, string> codes, Guid? id) => id is { } g ? codes.GetValueOrDefault(g) ?? g.ToString() : "—";
}
