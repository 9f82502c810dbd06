using System.Text.Json.Nodes;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Screening.Hits;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Screening;

/// <summary>The review queue: stored hits the access policy shows, with their explanation, and confirm/dismiss for the own agency's.</summary>
public sealed class HitsModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; } = "open";
    [BindProperty(SupportsGet = true)] public string? Band { get; set; }
    [BindProperty(SupportsGet = true)] public string? List { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Record { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public HitPage Hits { get; private set; } = new([], 0);
    public IReadOnlyList<JobView> Jobs { get; private set; } = [];
    public IReadOnlyList<string> ListNames { get; private set; } = [];
    public Actor Actor { get; private set; } = null!;
    public string? Message { get; private set; }
    public int Pages => Math.Max(1, (Hits.Total + PageSize - 1) / PageSize);

    public bool CanReview(JsonNode hit)
        => HitReview.MayReview(Actor)
           && hit["owner"]?.ToString() == OwnCode && hit["status"]?.ToString() != "closed";

    private string? OwnCode { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReviewAsync(Guid id, string? decision, string? reason, CancellationToken ct)
    {
        var result = await HitReview.ReviewAsync(db, Actor.FromPrincipal(User), id, new HitReviewRequest(decision, reason), ct);
        Message = $"{result.Hit.PartyName} ~ {result.Hit.EntryName}: {text.Code("hit", result.Hit.Status)}."
                  + (result.AlsoDismissed > 0 ? " " + text["{0} open hit(s) of the same party and entry on other records were dismissed with it.", result.AlsoDismissed] : "");
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>
    /// Many hits with one decision and one reason. A dismissal also dismisses the open hits of the same
    /// party and entry on other records: those selected hits are counted, not reviewed twice.
    /// </summary>
    public async Task<IActionResult> OnPostReviewManyAsync(Guid[] ids, string? decision, string? reason, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var selected = ids.Distinct().ToList();
        if (selected.Count == 0)
        {
            ModelState.AddModelError("ids", text["Select the hits to review."]);
            await LoadAsync(ct);
            return Page();
        }
        int reviewed = 0, alsoDismissed = 0, closedBefore = 0;
        var failures = new List<string>();
        foreach (var id in selected)
        {
            var status = await db.ScreeningHits.AsNoTracking().Where(h => h.Id == id).Select(h => (HitStatus?)h.Status).FirstOrDefaultAsync(ct);
            if (reviewed > 0 && decision == "dismiss" && status == HitStatus.Dismissed)
            {
                closedBefore++; // dismissed with an earlier hit of this batch (same party and entry)
                continue;
            }
            try
            {
                var result = await HitReview.ReviewAsync(db, actor, id, new HitReviewRequest(decision, reason), ct);
                reviewed++;
                alsoDismissed += result.AlsoDismissed;
            }
            catch (ValidationFailed e)
            {
                ModelState.AddCordonError(e, text);
                break; // the same decision and reason fail for every hit
            }
            catch (CordonException e)
            {
                failures.Add(text.Say(e));
            }
        }
        if (reviewed > 0)
        {
            Message = (decision == "confirm" ? text["Confirmed {0} selected hit(s) with the reason '{1}'.", reviewed, reason?.Trim() ?? ""] : text["Dismissed {0} selected hit(s) with the reason '{1}'.", reviewed, reason?.Trim() ?? ""])
                      + (closedBefore > 0 ? " " + text["{0} other selected hit(s) were already dismissed with them (same party and entry).", closedBefore] : "")
                      + (alsoDismissed - closedBefore > 0 ? " " + text["The review also dismissed {0} open hit(s) of the same parties and entries on other records.", alsoDismissed - closedBefore] : "");
        }
        foreach (var f in failures)
        {
            ModelState.AddModelError("ids", f);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        var policy = await AccessPolicy.ForAsync(db, Actor, RequestPurpose.Of(HttpContext), ct: ct);
        var page = Math.Max(1, PageNumber);
        Hits = await HitReview.ListAsync(db, policy, new HitQuery(Status, Band, List, Record, (page - 1) * PageSize, PageSize), ct);
    }

    /// <summary>Everything but the hits: after a refused filter (an unknown status or band) the queue stays empty.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        Actor = Actor.FromPrincipal(User);
        OwnCode = Actor.AgencyId is { } own ? await db.Agencies.Where(a => a.Id == own).Select(a => a.Code).FirstOrDefaultAsync(ct) : null;
        ListNames = await db.WatchLists.OrderBy(l => l.Name).Select(l => l.Name).ToListAsync(ct);
        Jobs = (await JobQueue.Visible(db, Actor).AsNoTracking()
                .Where(j => (j.Kind == ScreeningRuns.IntakeKind || j.Kind == ScreeningRuns.RescreenKind))
                .OrderByDescending(j => j.CreatedAt).Take(5).ToListAsync(ct))
            .Select(JobView.Of).ToList();
    }

    public string PageLink(int page)
    {
        var values = new Dictionary<string, string?> { ["status"] = Status, ["band"] = Band, ["list"] = List, ["record"] = Record?.ToString(), ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return "/screening/hits?" + string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }
}
