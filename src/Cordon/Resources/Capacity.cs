using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>
/// One qualification in the capacity view: how many people the agency's planned patrols need holding it at the
/// busiest moment of the period, how many of its people hold it valid through the whole period, the gap between
/// the two, and how many holders' qualification lapses inside the period.
/// </summary>
public sealed record CapacityLine(string Qualification, int Needed, int Available, int Gap, int Expiring, string[] Patrols);

/// <summary>A holder whose latest qualification of a kind lapses inside the period.</summary>
public sealed record QualificationExpiry(string User, string Qualification, DateTimeOffset ValidUntil);

public sealed record CapacityView(string Agency, DateTimeOffset From, DateTimeOffset Until, List<CapacityLine> Lines, List<QualificationExpiry> Expiries)
{
    /// <summary>The unit the figures are for; null for the whole agency.</summary>
    public string? Unit { get; init; }

    /// <summary>The agency's units, each of which has a view of its own.</summary>
    public List<string> Units { get; init; } = [];

    public int TotalGap => Lines.Sum(l => l.Gap);
}

/// <summary>
/// Skills against needs for one agency over the coming days. A patrol of a kind needs each member to hold each of
/// the qualifications its kind, its operation and the procedures governing the agency's patrols need
/// (<see cref="QualificationNeeds"/>), so a qualification is needed by as many people as sit at once on the
/// agency's overlapping patrols that need it (touching patrols do not overlap; a seat needs it once whoever asks). Available are the agency's people
/// (not disabled) whose latest qualification of that kind is valid through the whole period — the rule planning
/// applies to one patrol, applied to the period; those whose qualification lapses inside it are counted apart
/// as expiries ahead. The agency's own people and patrols only: nothing here leaves the agency.
/// For one unit, the same figures over the patrols planned for that unit and the people in it; a unit's surplus
/// does not cover another's gap, and the units' busiest moments need not coincide, so the units' gaps and needs
/// add up to at least the agency's.
/// </summary>
public static class Capacity
{
    public const int MaxDays = 90;

    public static Task<CapacityView> ForAgencyAsync(CordonDb db, Actor actor, int days, DateTimeOffset now, CancellationToken ct = default)
        => ForAsync(db, actor, days, null, now, ct);

    /// <summary>The view of one unit of the actor's agency, or of the whole agency when <paramref name="unit"/> is blank.</summary>
    public static async Task<CapacityView> ForAsync(CordonDb db, Actor actor, int days, string? unit, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency has a capacity view.");
        if (days is < 1 or > MaxDays)
        {
            throw ValidationFailed.Field("days", $"The capacity view looks 1 to {MaxDays} days ahead, not {days}.");
        }
        var until = now.AddDays(days);
        var code = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Code).SingleAsync(ct);
        var units = await Units.OfAgencyAsync(db, agency, ct);
        if (TextInput.Trim(unit) is { } asked)
        {
            unit = units.FirstOrDefault(u => u.Equals(asked, StringComparison.OrdinalIgnoreCase))
                   ?? throw ValidationFailed.Field("unit", $"{code} has no unit '{asked}'; its units: {string.Join(", ", units)}.");
        }
        else
        {
            unit = null;
        }
        var kinds = (await db.PatrolKinds.AsNoTracking().Where(k => k.OwningAgencyId == agency).ToListAsync(ct))
            .ToDictionary(k => k.Name, k => k.NeededKinds, StringComparer.Ordinal);
        // Every patrol of the agency needs what the procedures governing its patrols need; a patrol also what its kind and operation need.
        var procedures = (await QualificationNeeds.PatrolProceduresAsync(db, code, ct)).SelectMany(p => QualificationNeeds.Kinds(p.Needs)).ToHashSet();
        // Times filtered here: SQLite compares no DateTimeOffset in a query.
        var rows = (await db.Patrols.AsNoTracking().Where(p => p.OwningAgencyId == agency && (unit == null || p.Unit == unit))
            .Select(p => new { p.Id, p.Name, p.Kind, p.OperationId, p.StartsAt, p.EndsAt }).ToListAsync(ct))
            .Where(p => p.StartsAt < until && p.EndsAt > now).ToList();
        var operationIds = rows.Select(p => p.OperationId).Distinct().ToList();
        var operations = (await db.Operations.AsNoTracking().Where(o => operationIds.Contains(o.Id)).Select(o => new { o.Id, o.Needs }).ToListAsync(ct))
            .ToDictionary(o => o.Id, o => QualificationNeeds.Kinds(o.Needs));
        var patrols = rows.Select(p => new
            {
                p.Id, p.Name, p.StartsAt, p.EndsAt,
                Needs = procedures.Concat(operations.GetValueOrDefault(p.OperationId) ?? [])
                    .Concat(p.Kind is not null && kinds.TryGetValue(p.Kind, out var k) ? k : []).ToHashSet(),
            })
            .Where(p => p.Needs.Count > 0).ToList();
        var ids = patrols.Select(p => p.Id).ToList();
        var seats = (await db.PatrolAssignments.AsNoTracking().Where(a => ids.Contains(a.PatrolId)).Select(a => a.PatrolId).ToListAsync(ct))
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var held = (await db.Qualifications.AsNoTracking()
            .Join(db.Users.Where(u => u.AgencyId == agency && !u.Disabled && (unit == null || u.Unit == unit)), q => q.UserId, u => u.Id, (q, u) => new { u.UserName, q.Kind, q.ValidUntil })
            .ToListAsync(ct))
            .GroupBy(q => (q.UserName, q.Kind)).Select(g => (g.Key.UserName, g.Key.Kind, ValidUntil: g.Max(q => q.ValidUntil))).ToList();

        var lines = new List<CapacityLine>();
        foreach (var kind in Enum.GetValues<QualificationKind>())
        {
            var needing = patrols.Where(p => p.Needs.Contains(kind)).ToList();
            var needed = Peak(needing.Select(p => (p.StartsAt, p.EndsAt, seats.GetValueOrDefault(p.Id))));
            var holders = held.Where(h => h.Kind == kind && h.ValidUntil > now).ToList();
            var available = holders.Count(h => h.ValidUntil >= until);
            var expiring = holders.Count - available;
            if (needed > 0 || holders.Count > 0)
            {
                lines.Add(new CapacityLine(kind.Kebab(), needed, available, Math.Max(0, needed - available), expiring,
                    needing.OrderBy(p => p.StartsAt).ThenBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name).ToArray()));
            }
        }
        var expiries = held.Where(h => h.ValidUntil > now && h.ValidUntil < until).OrderBy(h => h.ValidUntil)
            .Select(h => new QualificationExpiry(h.UserName, h.Kind.Kebab(), h.ValidUntil)).ToList();
        return new CapacityView(code, now, until, lines, expiries) { Unit = unit, Units = units };
    }

    /// <summary>The most seats taken at once: ends sort before starts at the same instant, so back-to-back shifts can share people.</summary>
    private static int Peak(IEnumerable<(DateTimeOffset Start, DateTimeOffset End, int Seats)> patrols)
    {
        var (current, peak) = (0, 0);
        foreach (var (_, change) in patrols.SelectMany(p => new[] { (p.Start, p.Seats), (p.End, -p.Seats) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2))
        {
            current += change;
            peak = Math.Max(peak, current);
        }
        return peak;
    }
}
