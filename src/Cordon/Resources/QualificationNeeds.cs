using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Procedures;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Resources;

/// <summary>The qualifications an operation or a procedure needs, and whether a member lacking one refuses the plan.</summary>
public sealed record NeedsInput(string[]? Needs, bool? Refuse);

public sealed record NeedsView(string[] Needs, bool Refuse);

/// <summary>What states a need of a patrol: its patrol kind, its operation, or a procedure governing patrol work.</summary>
public enum NeedSource
{
    PatrolKind,
    Operation,
    Procedure,
}

/// <summary>One qualification a patrol needs, from one source (<see cref="By"/>: the kind's or operation's name, the procedure's reference).</summary>
public sealed record QualificationNeed(QualificationKind Kind, NeedSource Source, string By, bool Refuse);

public sealed record NeedSourceView(string Source, string By, bool Refuse);

/// <summary>One of the agency's people holding a needed qualification valid through the whole window.</summary>
public sealed record QualifiedPerson(string User, string DisplayName, DateTimeOffset ValidUntil);

public sealed record NeedHolders(string Qualification, List<NeedSourceView> NeededBy, List<QualifiedPerson> Qualified);

/// <summary>For each qualification a patrol in the operation would need, who of the reader's agency holds it through the window.</summary>
public sealed record WhoIsQualifiedView(Guid OperationId, string Agency, string? Kind, DateTimeOffset From, DateTimeOffset Until, List<NeedHolders> Needs);

/// <summary>
/// Skills against needs beyond the patrol kind (docs/decisions/027-qualification-needs.md): an operation and a
/// procedure state the qualifications every member of a patrol needs. A patrol needs the union of its kind's,
/// its operation's and those of the procedures in force that govern patrol work of its agency (process "patrol",
/// the agency in their scope); each need keeps its source, whose setting says refuse or warn.
/// </summary>
public static class QualificationNeeds
{
    /// <summary>Sets what the operation needs: its lead agency, by the same rule as changing the operation.</summary>
    public static async Task<NeedsView> SetForOperationAsync(CordonDb db, Actor actor, Guid id, NeedsInput input, CancellationToken ct = default)
    {
        var operation = await OperationLifecycle.LeadsAsync(db, actor, id, ct);
        if (operation.Status == OperationStatus.Closed)
        {
            throw new Conflict($"Operation '{operation.Name}' is closed; a closed operation is kept as it was.");
        }
        operation.Needs = Parse(input.Needs);
        operation.NeedsRefuse = input.Refuse ?? false;
        await db.SaveChangesAsync(ct);
        return new NeedsView(operation.Needs, operation.NeedsRefuse);
    }

    /// <summary>Sets what the procedure needs: its owner's supervisors and agency admins, who approve its text.</summary>
    public static async Task<NeedsView> SetForProcedureAsync(CordonDb db, Actor actor, Guid id, NeedsInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFound($"No procedure {id}.");
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId != procedure.OwningAgencyId || (actor.Roles & Procedures.Procedures.MayApprove) == 0))
        {
            throw new Forbidden($"The qualifications procedure {procedure.Reference} needs are set by a supervisor or agency admin of its owner.");
        }
        procedure.Needs = Parse(input.Needs);
        procedure.NeedsRefuse = input.Refuse ?? false;
        procedure.UpdatedAt = now;
        procedure.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        return new NeedsView(procedure.Needs, procedure.NeedsRefuse);
    }

    /// <summary>Kebab names of qualification kinds, each once; an unknown one is refused naming its place in the list.</summary>
    internal static string[] Parse(string[]? given)
    {
        var errors = new FieldErrors();
        var needs = new List<QualificationKind>();
        var names = given ?? [];
        for (var i = 0; i < names.Length; i++)
        {
            if (EnumText.TryParse<QualificationKind>(names[i], out var k))
            {
                needs.Add(k);
            }
            else
            {
                errors.Add($"needs[{i}]", $"'{names[i]}' is not a qualification: {EnumText.Choices<QualificationKind>()}.");
            }
        }
        errors.ThrowIfAny();
        return needs.Distinct().Order().Select(n => n.Kebab()).ToArray();
    }

    internal static QualificationKind[] Kinds(string[] needs)
        => needs.Select(n => EnumText.TryParse<QualificationKind>(n, out var k) ? k : (QualificationKind?)null).OfType<QualificationKind>().ToArray();

    /// <summary>The procedures in force (an approved version) that govern patrol work of the agency and need something.</summary>
    internal static async Task<List<Procedure>> PatrolProceduresAsync(CordonDb db, string agencyCode, CancellationToken ct)
        => (await db.Procedures.AsNoTracking().Where(p => p.CurrentVersion != null).ToListAsync(ct))
            .Where(p => p.Needs.Length > 0 && p.Processes.Contains(ProcedureProcesses.Patrol) && p.ScopeAgencies.Contains(agencyCode))
            .OrderBy(p => p.Reference, StringComparer.Ordinal).ToList();

    /// <summary>Everything a patrol of the agency in the operation needs, by source: the kind's, the operation's, the procedures'.</summary>
    internal static async Task<List<QualificationNeed>> OfPatrolAsync(CordonDb db, Operation operation, string agencyCode, PatrolKind? kind, CancellationToken ct)
    {
        var needs = new List<QualificationNeed>();
        if (kind is not null)
        {
            needs.AddRange(kind.NeededKinds.Select(k => new QualificationNeed(k, NeedSource.PatrolKind, kind.Name, kind.Refuse)));
        }
        needs.AddRange(Kinds(operation.Needs).Select(k => new QualificationNeed(k, NeedSource.Operation, operation.Name, operation.NeedsRefuse)));
        foreach (var p in await PatrolProceduresAsync(db, agencyCode, ct))
        {
            needs.AddRange(Kinds(p.Needs).Select(k => new QualificationNeed(k, NeedSource.Procedure, p.Reference, p.NeedsRefuse)));
        }
        return needs;
    }

    /// <summary>
    /// For planning a patrol in the operation (of the reader's patrol kind <paramref name="kind"/>, if any, over the window;
    /// the operation's period when none is given): each needed qualification, who needs it, and which of the reader's
    /// agency's people (not disabled) hold it valid through the whole window — the rule planning applies to each member.
    /// </summary>
    public static async Task<WhoIsQualifiedView> WhoIsQualifiedAsync(CordonDb db, AccessPolicy policy, Guid operationId, string? kind, DateTimeOffset? from, DateTimeOffset? until,
        CancellationToken ct = default)
    {
        var agency = policy.Actor.AgencyId ?? throw new Forbidden("Only a member of an agency can plan patrols.");
        var operation = await OperationPlanning.ReadableAsync(db, policy, operationId, ct);
        var code = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Code).SingleAsync(ct);
        var (start, end) = (from ?? operation.StartsAt, until ?? operation.EndsAt);
        if (end <= start)
        {
            throw ValidationFailed.Field("endsAt", "startsAt and endsAt are required, endsAt after startsAt.");
        }
        PatrolKind? patrolKind = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var name = kind.Trim();
            patrolKind = await db.PatrolKinds.AsNoTracking().SingleOrDefaultAsync(k => k.OwningAgencyId == agency && k.Name == name, ct)
                         ?? throw ValidationFailed.Field("kind", $"'{name}' is not a patrol kind of {code}.");
        }
        var needs = await OfPatrolAsync(db, operation, code, patrolKind, ct);
        var kinds = needs.Select(n => n.Kind).Distinct().ToList();
        var held = (await db.Qualifications.AsNoTracking().Where(q => kinds.Contains(q.Kind))
                .Join(db.Users.Where(u => u.AgencyId == agency && !u.Disabled), q => q.UserId, u => u.Id, (q, u) => new { u.UserName, u.DisplayName, q.Kind, q.ValidUntil })
                .ToListAsync(ct))
            .GroupBy(q => (q.UserName, q.DisplayName, q.Kind)).Select(g => (g.Key.UserName, g.Key.DisplayName, g.Key.Kind, ValidUntil: g.Max(q => q.ValidUntil)))
            .Where(h => h.ValidUntil >= end).ToList();
        var lines = kinds.Order().Select(k => new NeedHolders(k.Kebab(),
            needs.Where(n => n.Kind == k).Select(n => new NeedSourceView(n.Source.Kebab(), n.By, n.Refuse)).ToList(),
            held.Where(h => h.Kind == k).OrderBy(h => h.UserName, StringComparer.Ordinal).Select(h => new QualifiedPerson(h.UserName, h.DisplayName, h.ValidUntil)).ToList())).ToList();
        return new WhoIsQualifiedView(operation.Id, code, patrolKind?.Name, start, end, lines);
    }
}
