using Cordon.Common;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

public sealed record Deadline(DateTimeOffset Due, string What, string Reference, string Link, bool Overdue, bool Done);

/// <summary>A deadline past due, for the sweep that raises alerts: <see cref="Key"/> names this deadline of this record, for good.</summary>
public sealed record OverdueDeadline(string Key, string What, DateTimeOffset Due, string RecordType, Guid RecordId, string Reference, Guid OwningAgencyId, Tlp Marking, string? Office);

/// <summary>
/// The calendar of the legal process and case tasks: the seizure notice is due within
/// <see cref="NoticeDays"/> days of the seizure, an appeal is decided within <see cref="DecisionDays"/>
/// days of filing, the appeal period ends (after which forfeiture may proceed), tasks fall due.
/// </summary>
public static class Deadlines
{
    public const int NoticeDays = 5;
    public const int DecisionDays = 30;

    /// <summary>Shown for a value the reader's agreement withholds.</summary>
    private const string Withheld = "(withheld)";

    public static async Task<List<Deadline>> ListAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, CancellationToken ct = default)
    {
        var result = new List<Deadline>();
        var open = new[] { LegalState.Seized, LegalState.NoticeIssued, LegalState.NoticeDelivered, LegalState.AppealFiled };
        var seizures = await policy.Filter(db.Seizures.AsNoTracking(), RecordTypes.Seizure).Where(s => open.Contains(s.LegalState)).ToListAsync(ct);
        // Detached records, cleared by path as the reader's decision on each says: a calendar quotes no more than a read shows.
        var seizureDecisions = new RowDecisions(policy, RecordTypes.Seizure);
        foreach (var s in seizures)
        {
            Redaction.Clear(s, seizureDecisions.For(Seizures.Ref(s)).RedactedFields);
            s.Reference ??= Withheld;
            var link = $"/cases/seizures/{s.Id}";
            switch (s.LegalState)
            {
                case LegalState.Seized:
                    var notice = s.SeizedAt.AddDays(NoticeDays);
                    result.Add(new(notice, "Issue the seizure notice", s.Reference, link, now > notice, false));
                    break;
                case LegalState.NoticeDelivered:
                    var end = LegalSnapshot.Of(s).AppealDeadline!.Value;
                    result.Add(new(end, now > end ? "Appeal period has ended: forfeiture may proceed" : "Appeal period ends", s.Reference, link, false, false));
                    break;
                case LegalState.AppealFiled:
                    var decide = s.AppealFiledAt!.Value.AddDays(DecisionDays);
                    result.Add(new(decide, "Decide the appeal", s.Reference, link, now > decide, false));
                    break;
            }
        }
        var cases = await policy.Filter(db.Cases.AsNoTracking(), RecordTypes.Case).Where(c => c.Status == CaseStatus.Open).ToListAsync(ct);
        var caseDecisions = new RowDecisions(policy, RecordTypes.Case);
        var withheld = cases.ToDictionary(c => c.Id, c => caseDecisions.For(EnforcementCases.Ref(c)).RedactedFields);
        var ids = cases.Select(c => c.Id).ToList();
        var refs = cases.ToDictionary(c => c.Id, c => withheld[c.Id].Contains("reference") ? Withheld : c.Reference);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var t in await db.CaseTasks.AsNoTracking().Where(t => ids.Contains(t.CaseId) && t.DoneAt == null).ToListAsync(ct))
        {
            if (withheld[t.CaseId].Contains("tasks"))
            {
                continue; // the case's tasks are withheld whole: not even that one is due
            }
            // A task is a row of its case's shared view ("tasks.title"): the case's decision clears it by path.
            Redaction.Clear(t, Redaction.Under(withheld[t.CaseId], "tasks"));
            result.Add(new(new DateTimeOffset(t.DueOn.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero), $"Task: {t.Title ?? Withheld}", refs[t.CaseId], $"/cases/{t.CaseId}",
                t.DueOn < today, false));
        }
        return result.OrderBy(d => d.Due).ToList();
    }

    /// <summary>
    /// Every agency's deadlines that are overdue at <paramref name="now"/> (the rules of <see cref="ListAsync"/>): the seizure
    /// notice not issued within <see cref="NoticeDays"/> days, an appeal not decided within <see cref="DecisionDays"/> days,
    /// open case tasks past their day. For the system's sweep, not for a reader (no access policy).
    /// </summary>
    public static async Task<List<OverdueDeadline>> OverdueAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var noticeBefore = now.AddDays(-NoticeDays);
        var decisionBefore = now.AddDays(-DecisionDays);
        var seizures = await db.Seizures.AsNoTracking()
            .Where(s => (s.LegalState == LegalState.Seized && s.SeizedAt < noticeBefore) || (s.LegalState == LegalState.AppealFiled && s.AppealFiledAt < decisionBefore))
            .ToListAsync(ct);
        var result = seizures.Select(s => s.LegalState == LegalState.Seized
            ? new OverdueDeadline($"deadline:notice:{s.Id:N}", "Issue the seizure notice", s.SeizedAt.AddDays(NoticeDays), RecordTypes.Seizure, s.Id, s.Reference, s.OwningAgencyId, s.Marking, s.Office)
            : new OverdueDeadline($"deadline:appeal-decision:{s.Id:N}:{s.AppealFiledAt!.Value.UtcTicks}", "Decide the appeal", s.AppealFiledAt!.Value.AddDays(DecisionDays),
                RecordTypes.Seizure, s.Id, s.Reference, s.OwningAgencyId, s.Marking, s.Office)).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tasks = await (from t in db.CaseTasks.AsNoTracking()
                           join c in db.Cases.AsNoTracking() on t.CaseId equals c.Id
                           where t.DoneAt == null && t.DueOn < today && c.Status == CaseStatus.Open
                           select new { Task = t, c.Reference, c.OwningAgencyId, c.Marking }).ToListAsync(ct);
        result.AddRange(tasks.Select(t => new OverdueDeadline($"deadline:task:{t.Task.Id}", $"Task: {t.Task.Title}",
            new DateTimeOffset(t.Task.DueOn.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero), RecordTypes.Case, t.Task.CaseId, t.Reference, t.OwningAgencyId, t.Marking, null)));
        return result.OrderBy(d => d.Due).ToList();
    }

    /// <summary>
    /// Supervisors' approvals: perishable or hazardous goods the guards hold back (no notice delivered,
    /// appeal period running, appeal pending), which only a supervisor's authorisation can dispose of early.
    /// </summary>
    public static async Task<List<Deadline>> AwaitingSupervisorAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, CancellationToken ct = default)
    {
        var held = new[] { LegalState.Seized, LegalState.NoticeIssued, LegalState.NoticeDelivered, LegalState.AppealFiled };
        var rows = await policy.Filter(db.Seizures.AsNoTracking(), RecordTypes.Seizure)
            .Where(s => (s.Perishable || s.Hazardous) && held.Contains(s.LegalState)).OrderBy(s => s.SeizedAt).ToListAsync(ct);
        return rows.Where(s => s.LegalState != LegalState.NoticeDelivered || now <= LegalSnapshot.Of(s).AppealDeadline)
            .Select(s => new Deadline(s.SeizedAt, $"{(s.Perishable ? "Perishable" : "Hazardous")} goods held ({s.LegalState.Kebab()}): early disposal needs a supervisor's authorisation",
                s.Reference, $"/cases/seizures/{s.Id}", false, false)).ToList();
    }
}
