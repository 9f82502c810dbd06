using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations;

public sealed record StatusInput(string? Status);

/// <summary>
/// Editing an operation and moving it planned → active → closed. Only the lead agency (an officer or
/// supervisor) does either. The rules, each refused with the field it concerns:
/// <list type="bullet">
/// <item>closed is final: a closed operation is neither edited (409) nor reopened;</item>
/// <item>an active operation does not go back to planned (close it instead);</item>
/// <item>activating needs a period that has not ended, and, when an agency of another country takes part,
/// a legal basis agreement in force now with a party from each such country (partners abroad act on it);</item>
/// <item>an edit keeps every planned patrol inside the period, and keeps every agency that has a patrol or
/// an officer on one among the participants.</item>
/// </list>
/// </summary>
public static class OperationLifecycle
{
    /// <summary>The validated fields of an operation form (create and edit share them).</summary>
    public sealed record Fields(string Name, string[] Participants, string[] Objectives, string AreaGeoJson, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        SharingAgreement? Basis, List<CommsChannel> CommsPlan, Tlp Marking);

    /// <summary>Checks every field, adding refusals to <paramref name="errors"/>; null when a field is unusable.</summary>
    public static async Task<Fields?> ReadAsync(CordonDb db, Guid lead, OperationInput input, FieldErrors errors, CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().ToListAsync(ct);
        var leadCode = agencies.Single(a => a.Id == lead).Code;
        var local = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            local.Add("name", "is required.");
        }
        var participants = (input.Participants ?? []).Select(p => p.Trim().ToUpperInvariant()).Where(p => p.Length > 0).Append(leadCode).Distinct().ToArray();
        for (var i = 0; i < (input.Participants?.Length ?? 0); i++)
        {
            var code = input.Participants![i].Trim().ToUpperInvariant();
            if (code.Length > 0 && !agencies.Any(a => a.Code == code))
            {
                local.Add($"participants[{i}]", $"'{input.Participants![i]}' is not a known agency code.");
            }
        }
        GeoArea.Check(input.Area, local);
        if (input.StartsAt is null)
        {
            local.Add("startsAt", "is required.");
        }
        if (input.EndsAt is null || input.EndsAt <= input.StartsAt)
        {
            local.Add("endsAt", "is required and must be after startsAt.");
        }
        SharingAgreement? basis = null;
        if (input.LegalBasisAgreementId is { } agreementId)
        {
            basis = await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agreementId, ct);
            if (basis is null || (basis.ProviderAgencyId != lead && basis.RecipientAgencyId != lead))
            {
                local.Add("legalBasisAgreementId", "is not an agreement the lead agency is a party to.");
            }
        }
        var comms = input.CommsPlan ?? [];
        for (var i = 0; i < comms.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(comms[i].Channel) || string.IsNullOrWhiteSpace(comms[i].Contact))
            {
                local.Add($"commsPlan[{i}]", "needs a channel and a contact.");
            }
        }
        var marking = OperationPlanning.ParseMarking(input.Marking, Tlp.Amber, local);
        foreach (var (k, v) in local.ToDictionary())
        {
            foreach (var m in v)
            {
                errors.Add(k, m);
            }
        }
        if (local.Any)
        {
            return null;
        }
        return new Fields(input.Name!.Trim(), participants,
            (input.Objectives ?? []).Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).ToArray(),
            input.Area!.Value.GetRawText(), input.StartsAt!.Value, input.EndsAt!.Value, basis,
            comms.Select(c => new CommsChannel(c.Channel.Trim(), c.Contact.Trim())).ToList(), marking);
    }

    /// <summary>What activating needs: a period not yet over, and a legal basis in force covering every partner abroad.</summary>
    public static async Task CheckActivationAsync(CordonDb db, Guid lead, string[] participants, SharingAgreement? basis, DateTimeOffset endsAt, DateTimeOffset now,
        FieldErrors errors, CancellationToken ct)
    {
        if (endsAt <= now)
        {
            errors.Add("endsAt", $"the period ended on {endsAt:yyyy-MM-dd HH:mm} UTC: an operation that is over cannot become active.");
        }
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var home = agencies[lead].Country;
        var abroad = agencies.Values.Where(a => participants.Contains(a.Code) && a.Country != home).OrderBy(a => a.Code).ToList();
        if (abroad.Count == 0)
        {
            return;
        }
        var names = string.Join(", ", abroad.Select(a => $"{a.Code} ({a.Country})"));
        if (basis is null)
        {
            errors.Add("legalBasisAgreementId", $"partners abroad take part ({names}): activating needs the legal basis agreement the operation runs under.");
            return;
        }
        if (!basis.InForce(now))
        {
            errors.Add("legalBasisAgreementId", $"the legal basis agreement '{basis.Title}' is not in force ({basis.Status.ToString().ToLowerInvariant()}, {basis.ValidFrom:yyyy-MM-dd}–{basis.ValidUntil:yyyy-MM-dd}).");
        }
        var partyCountries = new[] { basis.ProviderAgencyId, basis.RecipientAgencyId }.Select(p => agencies[p].Country).ToHashSet();
        foreach (var a in abroad.Where(a => !partyCountries.Contains(a.Country)))
        {
            errors.Add("legalBasisAgreementId", $"{a.Code} takes part from {a.Country}, but the legal basis agreement '{basis.Title}' has no party from {a.Country}.");
        }
    }

    internal static async Task<Operation> LeadsAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
    {
        var operation = await db.Operations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFound($"No operation {id}.");
        if (actor.AgencyId != operation.OwningAgencyId)
        {
            // Participants do not learn more than their agreement lets them read; the lead's records are the lead's to change.
            throw new Forbidden($"Only the lead agency changes operation '{operation.Name}'.");
        }
        if (!actor.Has(Roles.Officer) && !actor.Has(Roles.Supervisor))
        {
            throw new Forbidden("Changing operations needs the officer or supervisor role.");
        }
        return operation;
    }

    /// <summary>Is <paramref name="to"/> reachable from <paramref name="from"/>? Adds the reason when not.</summary>
    private static bool CheckTransition(OperationStatus from, OperationStatus to, FieldErrors errors)
    {
        switch (from, to)
        {
            case (OperationStatus.Planned, OperationStatus.Active) or (OperationStatus.Planned, OperationStatus.Closed) or (OperationStatus.Active, OperationStatus.Closed):
                return true;
            case (OperationStatus.Active, OperationStatus.Planned):
                errors.Add("status", "an active operation does not go back to planned; close it instead.");
                return false;
            default:
                errors.Add("status", $"the operation is already {from.Kebab()}.");
                return false;
        }
    }

    public static async Task<OperationView> ChangeStatusAsync(CordonDb db, Actor actor, Guid id, string? status, DateTimeOffset now, CancellationToken ct = default)
    {
        var operation = await LeadsAsync(db, actor, id, ct);
        if (operation.Status == OperationStatus.Closed)
        {
            throw new Conflict($"Operation '{operation.Name}' is closed; a closed operation is not reopened.");
        }
        var errors = new FieldErrors();
        if (!EnumText.TryParse<OperationStatus>(status, out var to))
        {
            throw ValidationFailed.Field("status", "is one of planned, active, closed.");
        }
        if (CheckTransition(operation.Status, to, errors) && to == OperationStatus.Active)
        {
            var basis = operation.LegalBasisAgreementId is { } b ? await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == b, ct) : null;
            await CheckActivationAsync(db, operation.OwningAgencyId, operation.Participants, basis, operation.EndsAt, now, errors, ct);
        }
        errors.ThrowIfAny();
        var from = operation.Status;
        operation.Status = to;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "operation.status")
        {
            RecordType = RecordTypes.Operation, RecordId = operation.Id.ToString(), RecordAgencyId = operation.OwningAgencyId,
            Details = new { from = from.Kebab(), to = to.Kebab() },
        });
        await db.SaveChangesAsync(ct);
        return await OperationPlanning.ViewAsync(db, operation, ct);
    }

    /// <summary>Replaces the operation's fields; a status in the input moves it by the same rules as <see cref="ChangeStatusAsync"/>.</summary>
    public static async Task<OperationView> UpdateAsync(CordonDb db, Actor actor, Guid id, OperationInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var operation = await LeadsAsync(db, actor, id, ct);
        if (operation.Status == OperationStatus.Closed)
        {
            throw new Conflict($"Operation '{operation.Name}' is closed; a closed operation is kept as it was.");
        }
        var errors = new FieldErrors();
        var fields = await ReadAsync(db, operation.OwningAgencyId, input, errors, ct);
        var to = operation.Status;
        if (input.Status is not null && !EnumText.TryParse(input.Status, out to))
        {
            errors.Add("status", "is one of planned, active, closed.");
            to = operation.Status;
        }
        if (fields is not null)
        {
            // Patrols already planned stay inside the period, and their agencies stay in the operation.
            var patrols = await db.Patrols.AsNoTracking().Where(p => p.OperationId == id).OrderBy(p => p.StartsAt).ToListAsync(ct);
            foreach (var p in patrols.Where(p => p.StartsAt < fields.StartsAt))
            {
                errors.Add("startsAt", $"patrol '{p.Name}' starts {p.StartsAt:yyyy-MM-dd HH:mm} UTC, before the new start.");
            }
            foreach (var p in patrols.Where(p => p.EndsAt > fields.EndsAt))
            {
                errors.Add("endsAt", $"patrol '{p.Name}' ends {p.EndsAt:yyyy-MM-dd HH:mm} UTC, after the new end.");
            }
            var patrolIds = patrols.Select(p => p.Id).ToList();
            var involved = patrols.Select(p => p.OwningAgencyId)
                .Concat(await db.PatrolAssignments.AsNoTracking().Where(a => patrolIds.Contains(a.PatrolId)).Select(a => a.UserAgencyId).ToListAsync(ct))
                .ToHashSet();
            var codes = await db.Agencies.AsNoTracking().Where(a => involved.Contains(a.Id)).Select(a => a.Code).ToListAsync(ct);
            foreach (var code in codes.Where(c => !fields.Participants.Contains(c)).Order(StringComparer.Ordinal))
            {
                errors.Add("participants", $"{code} has patrols or officers on patrols in this operation and stays a participant.");
            }
            var activating = to != operation.Status && CheckTransition(operation.Status, to, errors) && to == OperationStatus.Active;
            // An active operation whose legal basis or participants change must still allow its partners abroad.
            var stillActive = to == OperationStatus.Active && operation.Status == OperationStatus.Active
                && (fields.Basis?.Id != operation.LegalBasisAgreementId || !fields.Participants.ToHashSet().SetEquals(operation.Participants));
            if (activating || stillActive)
            {
                await CheckActivationAsync(db, operation.OwningAgencyId, fields.Participants, fields.Basis, fields.EndsAt, now, errors, ct);
            }
        }
        errors.ThrowIfAny();
        var before = new { operation.Name, operation.Participants, operation.StartsAt, operation.EndsAt, operation.LegalBasisAgreementId, status = operation.Status.Kebab() };
        operation.Name = fields!.Name;
        operation.Participants = fields.Participants;
        operation.Objectives = fields.Objectives;
        operation.AreaGeoJson = fields.AreaGeoJson;
        operation.StartsAt = fields.StartsAt;
        operation.EndsAt = fields.EndsAt;
        operation.LegalBasisAgreementId = fields.Basis?.Id;
        operation.CommsPlan = fields.CommsPlan;
        operation.Marking = input.Marking is null ? operation.Marking : fields.Marking;
        operation.Status = to;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "operation.update")
        {
            RecordType = RecordTypes.Operation, RecordId = operation.Id.ToString(), RecordAgencyId = operation.OwningAgencyId,
            Details = new
            {
                before,
                after = new { operation.Name, operation.Participants, operation.StartsAt, operation.EndsAt, operation.LegalBasisAgreementId, status = to.Kebab() },
            },
        });
        await db.SaveChangesAsync(ct);
        return await OperationPlanning.ViewAsync(db, operation, ct);
    }
}
