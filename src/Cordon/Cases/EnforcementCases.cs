using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Risk;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

public sealed record NewCase(string? Title, string? Summary, string[]? Participants, string? Marking);

public sealed record CaseChange(int? Version, string? Title, string? Summary, string? Status, string[]? Participants);

/// <param name="Traveller">The traveller record the person is, if any: the case then holds it from retention's masking and deletion.</param>
public sealed record NewPerson(string? Role, string? Name, string? Identifier, string? Country, bool Company, Guid? Traveller = null);

public sealed record NewNote(string? Text);

public sealed record NewTask(string? Title, string? Agency, string? Assignee, DateOnly? DueOn);

public sealed record PersonView(long Id, string Role, string Name, string? Identifier, string? Country, bool Company)
{
    /// <summary>The traveller record the person is, while it exists.</summary>
    public Guid? Traveller { get; init; }
}

public sealed record NoteView(long Id, string Text, DateTimeOffset At, string By, string Agency);

public sealed record TaskView(long Id, string Title, string Agency, string? Assignee, DateOnly DueOn, bool Overdue, DateTimeOffset? DoneAt, string? DoneBy);

/// <summary>A seizure in a case, without personal data (what every participant sees).</summary>
public sealed record CaseSeizure(Guid Id, string Reference, DateTimeOffset SeizedAt, string Office, string Commodities, string State, DateTimeOffset? AppealDeadline);

public sealed record CaseInspection(Guid Id, string Reference, string DeclarationNumber, string Lane, string Status, string? Decision);

/// <summary>The JSON view of a case. Personal fields (PersonalFields.Case): persons, notes, tasks.assignee, tasks.doneBy, createdBy, updatedBy.</summary>
public sealed record CaseView(Guid Id, string Reference, string Title, string? Summary, string LeadAgency, Guid OwningAgencyId, string Marking, string[] Participants,
    string Status, IReadOnlyList<PersonView>? Persons, IReadOnlyList<NoteView>? Notes, IReadOnlyList<TaskView> Tasks, IReadOnlyList<CaseInspection> Inspections,
    IReadOnlyList<CaseSeizure> Seizures, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset UpdatedAt, string? UpdatedBy, int Version);

/// <summary>A row of the case list: fields of the shared view (<see cref="CaseView"/>) under their names there, so its redactions apply by path.</summary>
public sealed record CaseRow(Guid Id, string Reference, string? Title, string LeadAgency, string[] Participants, string Status, string Marking, DateTimeOffset UpdatedAt);

/// <summary>
/// Cases and joint investigations. The lead agency owns the case and changes it; participating
/// agencies read it (through the access policy's joint-record rule), add notes and close tasks
/// assigned to them. Every change of the case row carries the version the editor saw: a stale one is a 409.
/// </summary>
public static class EnforcementCases
{
    public static async Task<CaseView> CreateAsync(CordonDb db, Actor actor, NewCase r, CancellationToken ct = default)
    {
        if (actor.AgencyId is not { } lead)
        {
            throw new Forbidden("A case is opened by an officer of the lead agency.");
        }
        RecordOwnership.EnsureOwner(actor, lead, "its cases");
        var errors = new FieldErrors();
        var title = TextInput.Trim(r.Title);
        if (title is null || title.Length > 300)
        {
            errors.Add("title", "A title of at most 300 characters.");
        }
        var participants = await ParticipantsAsync(db, lead, r.Participants, errors, ct);
        var marking = Tlp.Amber;
        if (r.Marking is not null && !TlpText.TryParse(r.Marking, out marking))
        {
            errors.Add("marking", "A TLP marking: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");
        }
        errors.ThrowIfAny();
        var now = StoredValues.Ms(db.Clock.GetUtcNow());
        var c = new Case
        {
            Reference = await CaseReferences.NextAsync(db.Cases.Select(x => x.Reference), "CASE", now, ct),
            Title = title!,
            Summary = TextInput.Trim(r.Summary),
            OwningAgencyId = lead,
            Marking = marking,
            ParticipantAgencyIds = participants,
            CreatedAt = now,
            CreatedBy = actor.Name,
            UpdatedAt = now,
            UpdatedBy = actor.Name,
        };
        db.Cases.Add(c);
        AuditLog.Append(db, actor, "case.create", RecordTypes.Case, c.Id.ToString(), lead, new { c.Reference, c.Title, participants });
        await CaseReferences.SaveNumberedAsync(db, "case", ct);
        return await ViewAsync(db, c, ct);
    }

    private static async Task<List<Guid>> ParticipantsAsync(CordonDb db, Guid lead, string[]? codes, FieldErrors errors, CancellationToken ct)
    {
        var result = new List<Guid>();
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var (code, i) in TextInput.Clean(codes).Select((c, i) => (c, i)))
        {
            if (!agencies.TryGetValue(code, out var id))
            {
                errors.Add($"participants[{i}]", $"Agency '{code}' does not exist.");
            }
            else if (id != lead && !result.Contains(id))
            {
                result.Add(id);
            }
        }
        return result;
    }

    /// <summary>Changes title, summary, status or participants; only with the version the editor saw.</summary>
    public static async Task<CaseView> UpdateAsync(CordonDb db, Actor actor, Guid id, CaseChange r, CancellationToken ct = default)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound($"Case {id} does not exist.");
        RecordOwnership.EnsureOwner(actor, c.OwningAgencyId, $"case {c.Reference}");
        if (r.Version is not { } version)
        {
            throw ValidationFailed.Field("version", "Send the version of the case you edited, so a concurrent change is not overwritten.");
        }
        if (version != c.Version)
        {
            throw new Conflict($"Case {c.Reference} was changed by {c.UpdatedBy} at {StoredValues.Iso(c.UpdatedAt)} (now version {c.Version}; you edited version {version}): reload and apply your change again.");
        }
        var errors = new FieldErrors();
        if (r.Title is not null)
        {
            var title = TextInput.Trim(r.Title);
            if (title is null || title.Length > 300)
            {
                errors.Add("title", "A title of at most 300 characters.");
            }
            else
            {
                c.Title = title;
            }
        }
        if (r.Summary is not null)
        {
            c.Summary = TextInput.Trim(r.Summary);
        }
        if (r.Status is not null)
        {
            if (EnumText.TryParse<CaseStatus>(r.Status, out var status))
            {
                c.Status = status;
            }
            else
            {
                errors.Add("status", "open or closed.");
            }
        }
        if (r.Participants is not null)
        {
            c.ParticipantAgencyIds = await ParticipantsAsync(db, c.OwningAgencyId, r.Participants, errors, ct);
        }
        errors.ThrowIfAny();
        await TouchAndSaveAsync(db, actor, c, "case.update", new { r.Title, r.Status, r.Participants }, ct);
        return await ViewAsync(db, c, ct);
    }

    public static async Task<CaseView> AddPersonAsync(CordonDb db, Actor actor, Guid id, NewPerson r, CancellationToken ct = default)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound($"Case {id} does not exist.");
        RecordOwnership.EnsureOwner(actor, c.OwningAgencyId, $"case {c.Reference}");
        var errors = new FieldErrors();
        if (TextInput.Trim(r.Name) is null)
        {
            errors.Add("name", "Name the person or company.");
        }
        if (TextInput.Trim(r.Role) is null)
        {
            errors.Add("role", "Their role: owner, declarant, carrier, driver, suspect, witness...");
        }
        if (TextInput.Trim(r.Country) is { } cc && Reference.ReferenceData.Instance.Countries.ByAlpha2(cc.ToUpperInvariant()) is null)
        {
            errors.Add("country", $"'{cc}' is not an ISO 3166 country code.");
        }
        if (r.Traveller is { } traveller && !await db.Travellers.AnyAsync(t => t.Id == traveller && (t.OwningAgencyId == c.OwningAgencyId || c.ParticipantAgencyIds.Contains(t.OwningAgencyId)), ct))
        {
            errors.Add("traveller", $"No traveller {traveller} received by the case's lead or participating agencies.");
        }
        errors.ThrowIfAny();
        db.CasePersons.Add(new CasePerson { CaseId = id, Role = r.Role!.Trim().ToLowerInvariant(), Name = r.Name!.Trim(), Identifier = TextInput.Trim(r.Identifier), Country = TextInput.Trim(r.Country)?.ToUpperInvariant(), Company = r.Company, TravellerId = r.Traveller });
        await TouchAndSaveAsync(db, actor, c, "case.person", new { role = r.Role, traveller = r.Traveller }, ct);
        return await ViewAsync(db, c, ct);
    }

    /// <summary>Notes: by the lead agency or any participating agency.</summary>
    public static async Task<CaseView> AddNoteAsync(CordonDb db, Actor actor, Guid id, NewNote r, CancellationToken ct = default)
    {
        var c = await LoadAsParticipantAsync(db, actor, id, ct);
        var text = TextInput.Trim(r.Text);
        if (text is null || text.Length > 4000)
        {
            throw ValidationFailed.Field("text", "A note of at most 4000 characters.");
        }
        db.CaseNotes.Add(new CaseNote { CaseId = id, Text = text, At = StoredValues.Ms(db.Clock.GetUtcNow()), By = actor.Name, AgencyId = actor.AgencyId ?? c.OwningAgencyId });
        AuditLog.Append(db, actor, "case.note", RecordTypes.Case, c.Id.ToString(), c.OwningAgencyId);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, c, ct);
    }

    /// <summary>Tasks are assigned by the lead agency, to itself or a participating agency, with a due date.</summary>
    public static async Task<CaseView> AddTaskAsync(CordonDb db, Actor actor, Guid id, NewTask r, CancellationToken ct = default)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound($"Case {id} does not exist.");
        RecordOwnership.EnsureOwner(actor, c.OwningAgencyId, $"case {c.Reference}");
        var errors = new FieldErrors();
        var title = TextInput.Trim(r.Title);
        if (title is null || title.Length > 300)
        {
            errors.Add("title", "A task title of at most 300 characters.");
        }
        var code = TextInput.Trim(r.Agency);
        var agency = code is null ? c.OwningAgencyId : await AgencyCodes.IdOfAsync(db, code, ct) ?? Guid.Empty;
        if (agency == Guid.Empty)
        {
            errors.Add("agency", $"Agency '{code}' does not exist.");
        }
        else if (agency != c.OwningAgencyId && !c.ParticipantAgencyIds.Contains(agency))
        {
            errors.Add("agency", $"{code} does not take part in case {c.Reference}: add it as a participant first.");
        }
        var assignee = TextInput.Trim(r.Assignee);
        if (assignee is not null && agency != Guid.Empty && !await db.Users.AnyAsync(u => u.UserName == assignee && u.AgencyId == agency, ct))
        {
            errors.Add("assignee", $"'{assignee}' is not a user of the assigned agency.");
        }
        if (r.DueOn is null)
        {
            errors.Add("dueOn", "A due date.");
        }
        errors.ThrowIfAny();
        db.CaseTasks.Add(new CaseTask { CaseId = id, Title = title!, AssignedAgencyId = agency, Assignee = assignee, DueOn = r.DueOn!.Value, CreatedAt = StoredValues.Ms(db.Clock.GetUtcNow()), CreatedBy = actor.Name });
        await TouchAndSaveAsync(db, actor, c, "case.task", new { title, agency = code }, ct);
        return await ViewAsync(db, c, ct);
    }

    /// <summary>A task is closed by its assigned agency or the lead agency.</summary>
    public static async Task<CaseView> CompleteTaskAsync(CordonDb db, Actor actor, Guid id, long taskId, CancellationToken ct = default)
    {
        var c = await LoadAsParticipantAsync(db, actor, id, ct);
        var task = await db.CaseTasks.FirstOrDefaultAsync(t => t.Id == taskId && t.CaseId == id, ct) ?? throw new NotFound($"Case {c.Reference} has no task {taskId}.");
        if (actor.Kind != ActorKind.LocalOperator && actor.AgencyId != task.AssignedAgencyId && actor.AgencyId != c.OwningAgencyId)
        {
            throw new Forbidden("A task is closed by the agency it is assigned to, or the lead agency.");
        }
        if (task.DoneAt is not null)
        {
            return await ViewAsync(db, c, ct);
        }
        task.DoneAt = StoredValues.Ms(db.Clock.GetUtcNow());
        task.DoneBy = actor.Name;
        AuditLog.Append(db, actor, "case.task.done", RecordTypes.Case, c.Id.ToString(), c.OwningAgencyId, new { task = task.Id });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, c, ct);
    }

    private static async Task<Case> LoadAsParticipantAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound($"Case {id} does not exist.");
        if (actor.Kind != ActorKind.LocalOperator && actor.AgencyId != c.OwningAgencyId && !(actor.AgencyId is { } a && c.ParticipantAgencyIds.Contains(a)))
        {
            throw new Forbidden($"Only the lead agency and participating agencies work on case {c.Reference}.");
        }
        return c;
    }

    private static async Task TouchAndSaveAsync(CordonDb db, Actor actor, Case c, string action, object details, CancellationToken ct)
    {
        c.Version++;
        c.UpdatedAt = StoredValues.Ms(db.Clock.GetUtcNow());
        c.UpdatedBy = actor.Name;
        AuditLog.Append(db, actor, action, RecordTypes.Case, c.Id.ToString(), c.OwningAgencyId, details);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new Conflict($"Case {c.Reference} was changed by someone else at the same moment: reload and apply your change again.");
        }
    }

    public static RecordRef Ref(Case c) => new(RecordTypes.Case, c.OwningAgencyId, c.Marking, c.Caveats, c.Id.ToString(), c.ParticipantAgencyIds);

    public static async Task<JsonNode> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass = null, CancellationToken ct = default)
    {
        var (view, decision) = await ReadViewAsync(db, policy, id, breakGlass, ct);
        return SharedReads.View(view, decision);
    }

    public static async Task<(CaseView View, AccessDecision Decision)> ReadViewAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass = null, CancellationToken ct = default)
    {
        var c = await FindAsync(db, id, ct);
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(c), breakGlass, ct);
        var view = await ViewAsync(db, c, ct);
        if (decision.RedactedFields.Count > 0)
        {
            view = SharedReads.View(view, decision).Deserialize<CaseView>(StoredValues.Json)!;
        }
        return (view, decision);
    }

    /// <summary>By id or reference (CASE-2026-0001).</summary>
    public static async Task<Case> FindAsync(CordonDb db, Guid id, CancellationToken ct)
        => await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound($"Case {id} does not exist.");

    public static async Task<Case> FindAsync(CordonDb db, string idOrReference, CancellationToken ct)
        => Guid.TryParse(idOrReference, out var id)
            ? await FindAsync(db, id, ct)
            : await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Reference == idOrReference.Trim().ToUpperInvariant(), ct) ?? throw new NotFound($"Case {idOrReference} does not exist.");

    /// <summary>Cases the actor may see: own agency's, those it participates in, and those shared under an agreement.</summary>
    public static async Task<List<CaseRow>> ListAsync(CordonDb db, AccessPolicy policy, CancellationToken ct = default)
    {
        var rows = await policy.Filter(db.Cases.AsNoTracking(), RecordTypes.Case).OrderByDescending(c => c.UpdatedAt).Take(500).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        return await SharedReads.ViewsAsync(db, policy, rows, Ref, c => new CaseRow(c.Id, c.Reference, c.Title, codes.GetValueOrDefault(c.OwningAgencyId) ?? "?",
            c.ParticipantAgencyIds.Select(p => codes.GetValueOrDefault(p) ?? "?").ToArray(), c.Status.Kebab(), c.Marking.Label(), c.UpdatedAt), "list", ct);
    }

    internal static async Task<CaseView> ViewAsync(CordonDb db, Case c, CancellationToken ct) => (await ViewsAsync(db, [c], ct))[0];

    /// <summary>The views of many cases with one query per table (federation sends pages of them).</summary>
    internal static async Task<List<CaseView>> ViewsAsync(CordonDb db, IReadOnlyList<Case> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        // A case received from a partner installation is shown as its sender sent it (Federation/FederatedCopies).
        var received = await db.FederationCopies.AsNoTracking().Where(x => x.RecordType == RecordTypes.Case && ids.Contains(x.LocalRecordId))
            .ToDictionaryAsync(x => x.LocalRecordId, x => x.Payload, ct);
        var persons = (await db.CasePersons.AsNoTracking().Where(p => ids.Contains(p.CaseId)).ToListAsync(ct)).ToLookup(p => p.CaseId);
        var notes = (await db.CaseNotes.AsNoTracking().Where(n => ids.Contains(n.CaseId)).ToListAsync(ct)).ToLookup(n => n.CaseId);
        var tasks = (await db.CaseTasks.AsNoTracking().Where(t => ids.Contains(t.CaseId)).ToListAsync(ct)).ToLookup(t => t.CaseId);
        var inspections = (await db.Inspections.AsNoTracking().Where(i => i.CaseId != null && ids.Contains(i.CaseId.Value)).ToListAsync(ct)).ToLookup(i => i.CaseId!.Value);
        var seizures = (await db.Seizures.AsNoTracking().Where(s => s.CaseId != null && ids.Contains(s.CaseId.Value)).ToListAsync(ct)).ToLookup(s => s.CaseId!.Value);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        return cases.Select(c => received.TryGetValue(c.Id, out var payload) ? Federation.FederatedCopies.CaseView(c, payload, codes) : new CaseView(c.Id, c.Reference, c.Title, c.Summary,
            codes.GetValueOrDefault(c.OwningAgencyId) ?? "?", c.OwningAgencyId, c.Marking.Label(),
            c.ParticipantAgencyIds.Select(p => codes.GetValueOrDefault(p) ?? "?").ToArray(), c.Status.Kebab(),
            persons[c.Id].OrderBy(p => p.Id).Select(p => new PersonView(p.Id, p.Role, p.Name, p.Identifier, p.Country, p.Company) { Traveller = p.TravellerId }).ToList(),
            notes[c.Id].OrderBy(n => n.Id).Select(n => new NoteView(n.Id, n.Text, n.At, n.By, codes.GetValueOrDefault(n.AgencyId) ?? "?")).ToList(),
            tasks[c.Id].OrderBy(t => t.DueOn).ThenBy(t => t.Id).Select(t => new TaskView(t.Id, t.Title, codes.GetValueOrDefault(t.AssignedAgencyId) ?? "?", t.Assignee, t.DueOn, t.DoneAt is null && t.DueOn < today, t.DoneAt, t.DoneBy)).ToList(),
            inspections[c.Id].OrderBy(i => i.CreatedAt).Select(i => new CaseInspection(i.Id, i.Reference, i.DeclarationNumber, i.Lane.Name(), i.Status.Kebab(), i.Decision?.Kebab())).ToList(),
            seizures[c.Id].OrderBy(s => s.SeizedAt).Select(s => new CaseSeizure(s.Id, s.Reference, s.SeizedAt, s.Office, string.Join(", ", s.Items.Select(i => $"{i.Category} {i.Quantity:0.###} {i.Unit}")),
                s.LegalState.Kebab(), s.LegalState is LegalState.NoticeDelivered or LegalState.AppealFiled ? LegalSnapshot.Of(s).AppealDeadline : null)).ToList(),
            c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy, c.Version)).ToList();
    }
}
