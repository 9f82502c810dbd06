using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Operations;
using Cordon.Risk.Lanes;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Cordon.Server.Ui;

namespace Cordon.Server.Pages;

/// <summary>
/// The desk: what needs this user now, by role. Each line is a count with the page that works it; a
/// line with nothing waiting says so, so an empty desk reads as "all done" rather than "broken".
/// Every count is of the user's own agency's records, or read through the access policy.
/// </summary>
public sealed class IndexModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    public sealed record DeskItem(string What, int Count, string Link, string Tone, string? Detail = null);

    public string AgencyName { get; private set; } = "";
    public string AgencyCode { get; private set; } = "";
    public List<DeskItem> Items { get; } = [];
    public List<Deadline> Overdue { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == actor.AgencyId, ct);
        AgencyName = agency.Name;
        AgencyCode = agency.Code;
        var now = clock.GetUtcNow();
        var me = agency.Id;
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);

        if (actor.Has(Roles.AgencyAdmin) || actor.IsOperator)
        {
            var approvals = await db.SharingAgreements.CountAsync(a => a.Status == AgreementStatus.PendingApproval
                && ((a.ProviderAgencyId == me && a.ProviderApprovedBy == null) || (a.RecipientAgencyId == me && a.RecipientApprovedBy == null)), ct);
            Items.Add(new("Sharing agreements awaiting your agency's approval", approvals, "/sharing/agreements", approvals > 0 ? "warn" : "ok"));
        }
        if (actor.Has(Roles.AgencyAdmin) || actor.Has(Roles.Supervisor) || actor.Has(Roles.Auditor))
        {
            var since = now.AddDays(-7);
            var breakGlass = await db.BreakGlassAccesses.CountAsync(b => b.OwningAgencyId == me && b.At >= since, ct);
            Items.Add(new("Break-glass reads of your records in the last 7 days (see the access review)", breakGlass, "/sharing/access-review", breakGlass > 0 ? "warn" : "ok"));
        }
        if (actor.Has(Roles.Officer) || actor.Has(Roles.Supervisor))
        {
            var deadlines = await Deadlines.ListAsync(db, policy, now, ct);
            Overdue = deadlines.Where(d => d.Overdue).Take(5).ToList();
            var overdue = deadlines.Count(d => d.Overdue);
            Items.Add(new("Overdue deadlines", overdue, "/cases/deadlines", overdue > 0 ? "bad" : "ok"));
        }
        if (actor.Has(Roles.Supervisor))
        {
            var disposals = (await Deadlines.AwaitingSupervisorAsync(db, policy, now, ct)).Count;
            Items.Add(new("Perishable or hazardous goods awaiting your disposal decision", disposals, "/cases/deadlines", disposals > 0 ? "warn" : "ok"));
        }
        if (actor.Has(Roles.Officer) || actor.Has(Roles.Analyst) || actor.Has(Roles.Supervisor))
        {
            var hits = await db.ScreeningHits.CountAsync(h => h.OwningAgencyId == me && h.Status == HitStatus.Open, ct);
            Items.Add(new("Screening hits to review", hits, "/screening/hits", hits > 0 ? "warn" : "ok"));
            var worklist = await LaneQueries.WorklistAsync(policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision), null, null, 5_000, ct);
            var red = worklist.Count(w => w.Lane == "red");
            Items.Add(new("On the worklist (latest day)", worklist.Count, "/risk/worklist", worklist.Count > 0 ? "info" : "ok",
                worklist.Count > 0 ? text["{0} red (physical), {1} yellow (documents)", red, worklist.Count - red].Value : null));
            var incidents = await db.Incidents.CountAsync(i => i.OwningAgencyId == me && i.Status != IncidentStatus.Resolved, ct);
            Items.Add(new("Open incidents", incidents, "/operations/incidents", incidents > 0 ? "warn" : "ok"));
        }
        var unread = await AlertSubscriptions.UnreadAsync(db, actor, ct);
        Items.Add(new("Unread alerts", unread, "/alerts", unread > 0 ? "info" : "ok"));
        var week = now.AddDays(-7);
        var failed = await db.Jobs.CountAsync(j => j.OwningAgencyId == me && j.Status == JobStatus.Failed && j.CreatedAt >= week, ct);
        Items.Add(new("Background jobs that failed this week", failed, "/jobs", failed > 0 ? "bad" : "ok"));
    }
}
