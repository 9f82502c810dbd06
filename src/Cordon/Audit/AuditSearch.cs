using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Audit;

/// <summary>A search of the log. Text filters are exact, except Actor and Action, which match a prefix when they end with '*'.</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }
    /// <summary>Agency code: entries where that agency acted or whose record was acted on.</summary>
    public string? Agency { get; init; }
    public string? Action { get; init; }
    public string? RecordType { get; init; }
    public string? RecordId { get; init; }
    public string? Purpose { get; init; }
    public string? Decision { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Sort { get; init; }
    public bool Desc { get; init; } = true;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public sealed record AuditEntryView(
    long Index, DateTimeOffset Time, string ActorKind, string ActorName, string? ActorAgency, string Action,
    string? RecordType, string? RecordId, string? RecordAgency, string? Purpose, string? Decision, string? Details, string LeafHash);

/// <summary>One page of matches. <see cref="Total"/> is exact up to <see cref="AuditSearch.CountLimit"/>; <see cref="MoreThan"/> says when it is a floor.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, int Page, int PageSize, int Total, bool MoreThan);

public static class AuditSearch
{
    public const int CountLimit = 10_000;
    public const int MaxPageSize = 500;

    public static readonly IReadOnlyList<string> SortColumns = ["index", "time", "actor", "action", "record", "purpose", "decision"];

    /// <summary>
    /// The entries an actor may read: an operator all of them; an auditor those where their agency acted or
    /// whose record was acted on. Everyone else none.
    /// </summary>
    public static IQueryable<AuditEntry> Visible(CordonDb db, Actor actor)
    {
        if (actor.IsOperator)
        {
            return db.AuditEntries.AsNoTracking();
        }
        if (actor.Has(Roles.Auditor) && actor.AgencyId is { } agency)
        {
            return db.AuditEntries.AsNoTracking().Where(e => e.ActorAgencyId == agency || e.RecordAgencyId == agency);
        }
        throw new Forbidden("Only an auditor or an operator can read the audit log.");
    }

    public static async Task<AuditPage> SearchAsync(CordonDb db, Actor actor, AuditQuery q, CancellationToken ct = default)
    {
        var visible = Visible(db, actor);
        var agencies = await AgencyCodes.ByIdAsync(db, ct);
        var query = Filtered(visible, q, agencies);
        var counted = await query.Take(CountLimit + 1).CountAsync(ct);
        var rows = await Sorted(query, q.Sort, q.Desc).Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        string? Code(Guid? id) => id is { } g ? agencies.GetValueOrDefault(g, g.ToString()) : null;
        var views = rows.Select(e => new AuditEntryView(e.LeafIndex, e.Time, e.ActorKind, e.ActorName, Code(e.ActorAgencyId), e.Action,
            e.RecordType, e.RecordId, Code(e.RecordAgencyId), e.Purpose, e.Decision is { } d ? AuditCanonical.DecisionName(d) : null,
            e.Details, Convert.ToBase64String(e.LeafHash))).ToList();
        return new AuditPage(views, q.Page, q.PageSize, Math.Min(counted, CountLimit), counted > CountLimit);
    }

    /// <summary>The query narrowed by each criterion given; refuses with every wrong criterion and paging value at once.</summary>
    private static IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> query, AuditQuery q, Dictionary<Guid, string> agencies)
    {
        var errors = new FieldErrors();
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            var name = q.Actor.Trim();
            query = name.EndsWith('*') ? query.Where(e => e.ActorName.StartsWith(name.TrimEnd('*'))) : query.Where(e => e.ActorName == name);
        }
        if (!string.IsNullOrWhiteSpace(q.Agency))
        {
            var code = q.Agency.Trim().ToUpperInvariant();
            var match = agencies.Where(a => a.Value == code).Select(a => (Guid?)a.Key).FirstOrDefault();
            if (match is null)
            {
                errors.Add("agency", $"There is no agency with code '{q.Agency}'.");
            }
            query = query.Where(e => e.ActorAgencyId == match || e.RecordAgencyId == match);
        }
        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            var action = q.Action.Trim().ToLowerInvariant();
            query = action.EndsWith('*') ? query.Where(e => e.Action.StartsWith(action.TrimEnd('*'))) : query.Where(e => e.Action == action);
        }
        if (!string.IsNullOrWhiteSpace(q.RecordType))
        {
            var type = q.RecordType.Trim().ToLowerInvariant();
            query = query.Where(e => e.RecordType == type);
        }
        if (!string.IsNullOrWhiteSpace(q.RecordId))
        {
            var id = q.RecordId.Trim();
            query = query.Where(e => e.RecordId == id);
        }
        if (!string.IsNullOrWhiteSpace(q.Purpose))
        {
            var purpose = q.Purpose.Trim().ToLowerInvariant();
            query = query.Where(e => e.Purpose == purpose);
        }
        if (!string.IsNullOrWhiteSpace(q.Decision))
        {
            try
            {
                AuditDecision? decision = AuditCanonical.ParseDecision(q.Decision.Trim().ToLowerInvariant());
                query = query.Where(e => e.Decision == decision);
            }
            catch (FormatException e)
            {
                errors.Add("decision", e.Message);
            }
        }
        if (q.From is { } from)
        {
            query = query.Where(e => e.Time >= from);
        }
        if (q.To is { } to)
        {
            query = query.Where(e => e.Time < to);
        }
        if (q.From > q.To)
        {
            errors.Add("to", "The end of the time range is before its start.");
        }
        if (q.Sort is { } sort && !SortColumns.Contains(sort))
        {
            errors.Add("sort", $"Sort by one of: {string.Join(", ", SortColumns)}.");
        }
        if (q.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"Page size must be 1 to {MaxPageSize}.");
        }
        if (q.Page < 1)
        {
            errors.Add("page", "Pages are numbered from 1.");
        }
        errors.ThrowIfAny();
        return query;
    }

    private static IOrderedQueryable<AuditEntry> Sorted(IQueryable<AuditEntry> query, string? sort, bool desc)
        => (sort ?? "index", desc) switch
        {
            ("time", false) => query.OrderBy(e => e.Time).ThenBy(e => e.LeafIndex),
            ("time", true) => query.OrderByDescending(e => e.Time).ThenByDescending(e => e.LeafIndex),
            ("actor", false) => query.OrderBy(e => e.ActorName).ThenBy(e => e.LeafIndex),
            ("actor", true) => query.OrderByDescending(e => e.ActorName).ThenByDescending(e => e.LeafIndex),
            ("action", false) => query.OrderBy(e => e.Action).ThenBy(e => e.LeafIndex),
            ("action", true) => query.OrderByDescending(e => e.Action).ThenByDescending(e => e.LeafIndex),
            ("record", false) => query.OrderBy(e => e.RecordType).ThenBy(e => e.RecordId).ThenBy(e => e.LeafIndex),
            ("record", true) => query.OrderByDescending(e => e.RecordType).ThenByDescending(e => e.RecordId).ThenByDescending(e => e.LeafIndex),
            ("purpose", false) => query.OrderBy(e => e.Purpose).ThenBy(e => e.LeafIndex),
            ("purpose", true) => query.OrderByDescending(e => e.Purpose).ThenByDescending(e => e.LeafIndex),
            ("decision", false) => query.OrderBy(e => e.Decision).ThenBy(e => e.LeafIndex),
            ("decision", true) => query.OrderByDescending(e => e.Decision).ThenByDescending(e => e.LeafIndex),
            (_, false) => query.OrderBy(e => e.LeafIndex),
            _ => query.OrderByDescending(e => e.LeafIndex),
        };
}
