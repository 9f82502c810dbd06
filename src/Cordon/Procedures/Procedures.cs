using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Procedures;

/// <summary>A new procedure with the text of its first draft.</summary>
public sealed record ProcedureInput(string? Title, string[]? ScopeAgencies, string[]? ScopeRoles, string[]? Processes, int? ReviewPeriodMonths,
    string? Marking, string[]? Caveats, string? Body, string? ChangeNote);

/// <summary>A new text for a procedure (a draft until approved).</summary>
public sealed record DraftInput(string? Body, string? ChangeNote);

public sealed record ProcedureVersionView(int Number, string Status, string ChangeNote, string Body, DateTimeOffset DraftedAt, string DraftedBy,
    DateTimeOffset? ApprovedAt, string? ApprovedBy);

/// <summary>
/// A procedure as it leaves its owner (the shared view). Lists carry no text (<see cref="Body"/> null, no
/// versions); a single read carries the current text and the versions — drafts only for the owner.
/// </summary>
public sealed record ProcedureView(Guid Id, string Reference, string Title, string Owner, string Marking, string[] Caveats,
    IReadOnlyList<string> ScopeAgencies, IReadOnlyList<string> ScopeRoles, IReadOnlyList<string> Processes, int ReviewPeriodMonths,
    DateOnly? NextReviewOn, bool ReviewOverdue, int? CurrentVersion, int LatestVersion, string? Body, DateTimeOffset? ApprovedAt, string? ApprovedBy,
    IReadOnlyList<ProcedureVersionView> Versions, string CreatedBy, string UpdatedBy)
{
    /// <summary>Qualifications every member of a patrol this procedure governs needs while it is in force (kebab names).</summary>
    public string[] Needs { get; init; } = [];

    /// <summary>Whether a member lacking one refuses the plan (else a warning).</summary>
    public bool NeedsRefuse { get; init; }
}

/// <summary>Whether one user in scope confirmed reading the current version.</summary>
public sealed record AcknowledgmentRow(string User, string DisplayName, IReadOnlyList<string> Roles, bool Acknowledged, DateTimeOffset? AcknowledgedAt, int? LastVersionRead);

/// <summary>The reader's agency's users in scope of a procedure, and who has confirmed its current version.</summary>
public sealed record AcknowledgmentList(Guid ProcedureId, string Reference, int? CurrentVersion, string Agency, int InScope, int Acknowledged, IReadOnlyList<AcknowledgmentRow> Users);

/// <summary>
/// Standard operating procedures: drafting, approval, review, acknowledgment, and reading them under the
/// access policy (a partner reads another agency's procedure only under an agreement covering "procedure").
/// </summary>
public static class Procedures
{
    /// <summary>Who drafts procedures.</summary>
    public const Roles MayDraft = Roles.Supervisor | Roles.AgencyAdmin | Roles.Analyst;
    /// <summary>Who approves a draft, confirms a review, and sees who has not acknowledged.</summary>
    public const Roles MayApprove = Roles.Supervisor | Roles.AgencyAdmin;

    public static RecordRef Ref(Procedure p) => new(RecordTypes.Procedure, p.OwningAgencyId, p.Marking, p.Caveats, p.Id.ToString());

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static async Task<ProcedureView> CreateAsync(CordonDb db, Actor actor, ProcedureInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId is { } a && (actor.Roles & MayDraft) != 0
            ? a : throw new Forbidden("Procedures are written by an agency's supervisors, agency admins and analysts.");
        var errors = new FieldErrors();
        var title = (input.Title ?? "").Trim();
        if (title.Length is 0 or > ProcedureLimits.Title)
        {
            errors.Add("procedure.title", $"A procedure needs a title of 1 to {ProcedureLimits.Title} characters.");
        }
        var codes = await db.Agencies.AsNoTracking().Select(x => new { x.Id, x.Code }).ToListAsync(ct);
        var own = codes.Single(x => x.Id == agency).Code;
        var scopeAgencies = ScopeAgencies(input.ScopeAgencies, own, codes.Select(x => x.Code).ToHashSet(StringComparer.Ordinal), errors);
        var roles = RoleNames.Parse((input.ScopeRoles ?? []).Where(r => !string.IsNullOrWhiteSpace(r)), out var unknownRoles);
        foreach (var r in unknownRoles)
        {
            errors.Add("procedure.scopeRoles", $"'{r}' is not a role: {string.Join(", ", RoleNames.All.Select(x => x.Name))}.");
        }
        if (roles == Roles.None && unknownRoles.Count == 0)
        {
            errors.Add("procedure.scopeRoles", "Name at least one role the procedure applies to.");
        }
        var processes = Processes(input.Processes, errors);
        var period = input.ReviewPeriodMonths ?? 12;
        if (period is < 1 or > 60)
        {
            errors.Add("procedure.reviewPeriodMonths", "The review period is 1 to 60 months.");
        }
        var marking = Tlp.Green;
        if (!string.IsNullOrWhiteSpace(input.Marking) && !TlpText.TryParse(input.Marking, out marking))
        {
            errors.Add("procedure.marking", $"'{input.Marking}' is not a TLP marking: use TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");
        }
        var caveats = CaveatsOf(input.Caveats, errors);
        var (body, note) = CheckText(errors, input.Body, input.ChangeNote ?? "First version.");
        errors.ThrowIfAny();

        var count = await db.Procedures.CountAsync(p => p.OwningAgencyId == agency, ct);
        var procedure = new Procedure
        {
            Reference = $"SOP-{own}-{count + 1:0000}", Title = title, OwningAgencyId = agency, Marking = marking, Caveats = caveats,
            ScopeAgencies = scopeAgencies, ScopeRoles = roles, Processes = processes, ReviewPeriodMonths = period, LatestVersion = 1,
            CreatedAt = now, CreatedBy = actor.Name, UpdatedAt = now, UpdatedBy = actor.Name,
        };
        db.Procedures.Add(procedure);
        db.ProcedureVersions.Add(new ProcedureVersion { ProcedureId = procedure.Id, Number = 1, Body = body, ChangeNote = note, Status = ProcedureVersionStatus.Draft, DraftedAt = now, DraftedBy = actor.Name });
        Audit(db, actor, procedure, "procedure.create", new { procedure.Reference, title, scopeAgencies, scopeRoles = RoleNames.Names(roles), processes, period, marking = marking.Label() });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, procedure, actor, now, ct);
    }

    /// <summary>The agencies a procedure applies to: the owner's first, then each other known code once.</summary>
    private static List<string> ScopeAgencies(IEnumerable<string?>? given, string own, HashSet<string> known, FieldErrors errors)
    {
        var scopeAgencies = new List<string> { own };
        foreach (var code in (given ?? []).Select(c => (c ?? "").Trim().ToUpperInvariant()).Where(c => c.Length > 0))
        {
            if (!known.Contains(code))
            {
                errors.Add("procedure.scopeAgencies", $"'{code}' is not an agency code.");
            }
            else if (!scopeAgencies.Contains(code))
            {
                scopeAgencies.Add(code);
            }
        }
        return scopeAgencies;
    }

    private static List<string> Processes(IEnumerable<string?>? given, FieldErrors errors)
    {
        var processes = new List<string>();
        foreach (var p in (given ?? []).Select(p => (p ?? "").Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct())
        {
            if (ProcedureProcesses.All.Contains(p))
            {
                processes.Add(p);
            }
            else
            {
                errors.Add("procedure.processes", $"'{p}' is not a process: {string.Join(", ", ProcedureProcesses.All)}.");
            }
        }
        return processes;
    }

    private static Sharing.Caveats CaveatsOf(IEnumerable<string?>? given, FieldErrors errors)
    {
        var caveats = Sharing.Caveats.None;
        foreach (var c in (given ?? []).Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            if (CaveatText.TryParse(c, out var one))
            {
                caveats |= one;
            }
            else
            {
                errors.Add("procedure.caveats", $"'{c}' is not a caveat: no-onward-sharing, law-enforcement-only, personal-data.");
            }
        }
        return caveats;
    }

    /// <summary>A new text: replaces the latest draft, or starts a new draft after the approved version.</summary>
    public static async Task<ProcedureView> DraftAsync(CordonDb db, Actor actor, Guid id, DraftInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var procedure = await OwnAsync(db, actor, id, MayDraft, () => new Forbidden("Drafting a procedure is for its owner's supervisors, agency admins and analysts."), ct);
        var errors = new FieldErrors();
        var (body, note) = CheckText(errors, input.Body, input.ChangeNote);
        if (string.IsNullOrWhiteSpace(input.ChangeNote))
        {
            errors.Add("procedure.changeNote", "Say what changed (1 to 500 characters).");
        }
        errors.ThrowIfAny();
        var latest = await db.ProcedureVersions.SingleAsync(v => v.ProcedureId == id && v.Number == procedure.LatestVersion, ct);
        if (latest.Status == ProcedureVersionStatus.Draft)
        {
            latest.Body = body;
            latest.ChangeNote = note;
            latest.DraftedAt = now;
            latest.DraftedBy = actor.Name;
        }
        else
        {
            procedure.LatestVersion++;
            db.ProcedureVersions.Add(new ProcedureVersion { ProcedureId = id, Number = procedure.LatestVersion, Body = body, ChangeNote = note, Status = ProcedureVersionStatus.Draft, DraftedAt = now, DraftedBy = actor.Name });
        }
        procedure.UpdatedAt = now;
        procedure.UpdatedBy = actor.Name;
        Audit(db, actor, procedure, "procedure.draft", new { version = procedure.LatestVersion, changeNote = note });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, procedure, actor, now, ct);
    }

    /// <summary>
    /// Makes the draft <paramref name="version"/> current: the previous current version is superseded, everyone
    /// in scope must acknowledge the new one, and the next review falls one review period from today.
    /// </summary>
    public static async Task<ProcedureView> ApproveAsync(CordonDb db, Actor actor, Guid id, int version, DateTimeOffset now, CancellationToken ct = default)
    {
        var procedure = await OwnAsync(db, actor, id, MayApprove, () => new Forbidden("Approving a procedure is for its owner's supervisors and agency admins."), ct);
        var draft = await db.ProcedureVersions.SingleOrDefaultAsync(v => v.ProcedureId == id && v.Number == version, ct)
            ?? throw ValidationFailed.Field("procedure.version", $"Procedure {procedure.Reference} has no version {version}.");
        if (draft.Status != ProcedureVersionStatus.Draft)
        {
            throw new Conflict($"Version {version} of procedure {procedure.Reference} is not a draft: it is {draft.Status.ToString().ToLowerInvariant()}.");
        }
        if (procedure.CurrentVersion is { } current)
        {
            var previous = await db.ProcedureVersions.SingleAsync(v => v.ProcedureId == id && v.Number == current, ct);
            previous.Status = ProcedureVersionStatus.Superseded;
        }
        draft.Status = ProcedureVersionStatus.Approved;
        draft.ApprovedAt = now;
        draft.ApprovedBy = actor.Name;
        procedure.CurrentVersion = version;
        procedure.NextReviewOn = Today(now).AddMonths(procedure.ReviewPeriodMonths);
        procedure.UpdatedAt = now;
        procedure.UpdatedBy = actor.Name;
        Audit(db, actor, procedure, "procedure.approve", new { version, nextReviewOn = procedure.NextReviewOn });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, procedure, actor, now, ct);
    }

    /// <summary>Records that the current version was reviewed and stays as it is: the next review moves one period on.</summary>
    public static async Task<ProcedureView> ConfirmReviewAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var procedure = await OwnAsync(db, actor, id, MayApprove, () => new Forbidden("Reviewing a procedure is for its owner's supervisors and agency admins."), ct);
        if (procedure.CurrentVersion is null)
        {
            throw new Conflict($"Procedure {procedure.Reference} has no approved version to review yet.");
        }
        procedure.NextReviewOn = Today(now).AddMonths(procedure.ReviewPeriodMonths);
        procedure.UpdatedAt = now;
        procedure.UpdatedBy = actor.Name;
        Audit(db, actor, procedure, "procedure.review", new { version = procedure.CurrentVersion, nextReviewOn = procedure.NextReviewOn });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, procedure, actor, now, ct);
    }

    /// <summary>The reader confirms having read the current version; they must be in the procedure's scope and allowed to read it.</summary>
    public static async Task<AcknowledgmentRow> AcknowledgeAsync(CordonDb db, AccessPolicy policy, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var actor = policy.Actor;
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFound($"No procedure {id}.");
        if (!policy.Decide(Ref(procedure)).Allowed)
        {
            throw new NotFound($"No procedure {id}.");
        }
        var user = actor.UserId is { } uid ? await db.Users.AsNoTracking().Include(u => u.Agency).FirstOrDefaultAsync(u => u.Id == uid, ct) : null;
        if (user is null || !InScope(procedure, user.Agency!.Code, user.Roles))
        {
            throw new Forbidden($"Procedure {procedure.Reference} does not apply to you: it is for {string.Join(", ", RoleNames.Names(procedure.ScopeRoles))} of {string.Join(", ", procedure.ScopeAgencies)}.");
        }
        var version = procedure.CurrentVersion ?? throw new Conflict($"Procedure {procedure.Reference} has no approved version to acknowledge yet.");
        var existing = await db.ProcedureAcknowledgments.AsNoTracking().FirstOrDefaultAsync(a => a.ProcedureId == id && a.Version == version && a.UserId == user.Id, ct);
        if (existing is null)
        {
            existing = new ProcedureAcknowledgment { ProcedureId = id, Version = version, UserId = user.Id, UserAgencyId = user.AgencyId, AcknowledgedAt = now };
            db.ProcedureAcknowledgments.Add(existing);
            Audit(db, actor, procedure, "procedure.acknowledge", new { version });
            await db.SaveChangesAsync(ct);
        }
        return new AcknowledgmentRow(user.UserName, user.DisplayName, RoleNames.Names(user.Roles).ToList(), true, existing.AcknowledgedAt, version);
    }

    /// <summary>
    /// For a supervisor or agency admin: their own agency's users in the procedure's scope, and whether each has
    /// acknowledged the current version (with the last version they did read). Other agencies' people stay with them.
    /// </summary>
    public static async Task<AcknowledgmentList> AcknowledgmentsAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct = default)
    {
        var actor = policy.Actor;
        if ((actor.Roles & MayApprove) == 0 || actor.AgencyId is not { } agency)
        {
            throw new Forbidden("Who has acknowledged a procedure is shown to supervisors and agency admins.");
        }
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFound($"No procedure {id}.");
        await SharedReads.AuthorizeAsync(db, policy, Ref(procedure), null, ct);
        var code = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Code).SingleAsync(ct);
        var users = code is not null && procedure.ScopeAgencies.Contains(code)
            ? (await db.Users.AsNoTracking().Where(u => u.AgencyId == agency && !u.Disabled).OrderBy(u => u.UserName).ToListAsync(ct))
                .Where(u => (u.Roles & procedure.ScopeRoles) != 0).ToList()
            : [];
        var ids = users.Select(u => u.Id).ToList();
        var acks = await db.ProcedureAcknowledgments.AsNoTracking().Where(a => a.ProcedureId == id && ids.Contains(a.UserId)).ToListAsync(ct);
        var rows = users.Select(u =>
        {
            var mine = acks.Where(a => a.UserId == u.Id).ToList();
            var current = mine.FirstOrDefault(a => a.Version == procedure.CurrentVersion);
            return new AcknowledgmentRow(u.UserName, u.DisplayName, RoleNames.Names(u.Roles).ToList(), current is not null, current?.AcknowledgedAt,
                mine.Count == 0 ? null : mine.Max(a => a.Version));
        }).OrderBy(r => r.Acknowledged).ThenBy(r => r.User, StringComparer.Ordinal).ToList();
        return new AcknowledgmentList(id, procedure.Reference, procedure.CurrentVersion, code ?? "", rows.Count, rows.Count(r => r.Acknowledged), rows);
    }

    /// <summary>
    /// The procedures the reader may see (own, and others' as agreements allow), without their text. With
    /// <paramref name="process"/>: only those with an approved version for that process (matched on the shared view, after redaction).
    /// </summary>
    public static async Task<List<ProcedureView>> ListAsync(CordonDb db, AccessPolicy policy, string? process, DateTimeOffset now, CancellationToken ct = default)
    {
        if (process is not null && !ProcedureProcesses.All.Contains(process))
        {
            throw ValidationFailed.Field("process", $"'{process}' is not a process: {string.Join(", ", ProcedureProcesses.All)}.");
        }
        var rows = await policy.Filter(db.Procedures.AsNoTracking(), RecordTypes.Procedure).OrderBy(p => p.Reference).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var today = Today(now);
        var views = await SharedReads.ViewsAsync(db, policy, rows, Ref, p => Summary(p, codes.GetValueOrDefault(p.OwningAgencyId) ?? "", today), "list", ct);
        return process is null ? views : views.Where(v => v.CurrentVersion is not null && (v.Processes ?? []).Contains(process)).ToList();
    }

    /// <summary>One procedure with its text and versions, read under the policy (audited; a denial names the missing agreement).</summary>
    public static async Task<(ProcedureView View, AccessDecision Decision)> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass, DateTimeOffset now, CancellationToken ct = default)
    {
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFound($"No procedure {id}.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(procedure), breakGlass, ct);
        var view = await ViewAsync(db, procedure, policy.Actor, now, ct);
        return (Redaction.Clear(view, decision.RedactedFields), decision);
    }

    /// <summary>Whether the reader has acknowledged the current version (null: the procedure is not for them or has no current version).</summary>
    public static async Task<DateTimeOffset?> AcknowledgedAtAsync(CordonDb db, Actor actor, Procedure procedure, CancellationToken ct = default)
        => actor.UserId is { } uid && procedure.CurrentVersion is { } v
            ? await db.ProcedureAcknowledgments.Where(a => a.ProcedureId == procedure.Id && a.Version == v && a.UserId == uid).Select(a => (DateTimeOffset?)a.AcknowledgedAt).FirstOrDefaultAsync(ct)
            : null;

    public static bool InScope(Procedure p, string agencyCode, Roles roles) => p.ScopeAgencies.Contains(agencyCode) && (roles & p.ScopeRoles) != 0;

    /// <summary>The full view; drafts are included only for a reader of the owning agency (null reader: the shared view as it leaves).</summary>
    public static async Task<ProcedureView> ViewAsync(CordonDb db, Procedure p, Actor? reader, DateTimeOffset now, CancellationToken ct)
    {
        var versions = await db.ProcedureVersions.AsNoTracking().Where(v => v.ProcedureId == p.Id).OrderByDescending(v => v.Number).ToListAsync(ct);
        var owner = await db.Agencies.Where(a => a.Id == p.OwningAgencyId).Select(a => a.Code).SingleAsync(ct);
        var ownerReads = reader is not null && (reader.AgencyId == p.OwningAgencyId || reader.Kind == ActorKind.LocalOperator);
        var current = versions.FirstOrDefault(v => v.Number == p.CurrentVersion);
        return Summary(p, owner, Today(now)) with
        {
            Body = current?.Body,
            ApprovedAt = current?.ApprovedAt,
            ApprovedBy = current?.ApprovedBy,
            Versions = versions.Where(v => ownerReads || v.Status != ProcedureVersionStatus.Draft)
                .Select(v => new ProcedureVersionView(v.Number, v.Status.ToString().ToLowerInvariant(), v.ChangeNote, v.Body, v.DraftedAt, v.DraftedBy, v.ApprovedAt, v.ApprovedBy)).ToList(),
        };
    }

    private static ProcedureView Summary(Procedure p, string owner, DateOnly today)
        => new(p.Id, p.Reference, p.Title, owner, p.Marking.Label(), p.Caveats.Names(), p.ScopeAgencies, RoleNames.Names(p.ScopeRoles).ToList(), p.Processes,
            p.ReviewPeriodMonths, p.NextReviewOn, p.CurrentVersion is not null && p.NextReviewOn < today, p.CurrentVersion, p.LatestVersion, null, null, null, [], p.CreatedBy, p.UpdatedBy)
        { Needs = p.Needs, NeedsRefuse = p.NeedsRefuse };

    private static (string Body, string Note) CheckText(FieldErrors errors, string? body, string? note)
    {
        var b = (body ?? "").Replace("\r\n", "\n").Trim();
        var n = (note ?? "").Trim();
        if (b.Length is 0 or > ProcedureLimits.Body)
        {
            errors.Add("procedure.body", $"A procedure's text is 1 to {ProcedureLimits.Body} characters.");
        }
        if (n.Length > ProcedureLimits.ChangeNote)
        {
            errors.Add("procedure.changeNote", $"The change note is at most {ProcedureLimits.ChangeNote} characters.");
        }
        return (b, n);
    }

    private static async Task<Procedure> OwnAsync(CordonDb db, Actor actor, Guid id, Roles roles, Func<Forbidden> refusal, CancellationToken ct)
    {
        var procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFound($"No procedure {id}.");
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId != procedure.OwningAgencyId || (actor.Roles & roles) == 0))
        {
            throw refusal();
        }
        return procedure;
    }

    private static void Audit(CordonDb db, Actor actor, Procedure p, string action, object details)
        => AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), action) { RecordType = RecordTypes.Procedure, RecordId = p.Id.ToString(), RecordAgencyId = p.OwningAgencyId, Details = details });
}
