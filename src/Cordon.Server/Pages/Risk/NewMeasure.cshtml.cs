using System.Globalization;
using Cordon.Identity;
using Cordon.Risk.Measures;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Risk;

/// <summary>Recording a measure: its objective, scope, links, dates and expected effect.</summary>
public sealed class NewMeasureModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Objective { get; set; }
    [BindProperty] public string? Offices { get; set; }
    [BindProperty] public string? HsPrefixes { get; set; }
    [BindProperty] public string? Origins { get; set; }
    [BindProperty] public string? Traders { get; set; }
    [BindProperty] public string? Routes { get; set; }
    [BindProperty] public List<Guid> Criteria { get; set; } = [];
    [BindProperty] public List<Guid> Operations { get; set; } = [];
    [BindProperty] public List<Guid> Patrols { get; set; } = [];
    [BindProperty] public DateOnly? StartsOn { get; set; }
    [BindProperty] public DateOnly? EndsOn { get; set; }
    [BindProperty] public DateOnly? InterimReviewOn { get; set; }
    [BindProperty] public string? ExpectedEffect { get; set; }
    [BindProperty] public string ExpectedOutcome { get; set; } = "detection-rate";
    [BindProperty] public string? ExpectedPoints { get; set; }
    [BindProperty] public string Marking { get; set; } = "TLP:AMBER";

    public List<(Guid Id, string Name)> CriteriaChoices { get; private set; } = [];
    public List<(Guid Id, string Name)> OperationChoices { get; private set; } = [];
    public List<(Guid Id, string Name)> PatrolChoices { get; private set; } = [];
    public FormRefusals Refusals => new(ModelState, _ => "other");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        (StartsOn, EndsOn, InterimReviewOn) = (today, today.AddDays(56), today.AddDays(28));
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        static string[] List(string? s) => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A number the reader typed in their culture's form or the invariant one (the browser sends the latter).
        double? points = double.TryParse(ExpectedPoints, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
        var created = await Cordon.Risk.Measures.Measures.CreateAsync(db, Actor.FromPrincipal(User), new MeasureInput(Title, Objective, List(Offices), List(HsPrefixes), List(Origins),
            List(Traders), List(Routes), [.. Criteria], [.. Operations], [.. Patrols], StartsOn, EndsOn, InterimReviewOn, ExpectedEffect, ExpectedOutcome, points, Marking), clock.GetUtcNow(), ct);
        return Redirect($"/risk/measures/{created.Id}");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var agency = Actor.FromPrincipal(User).AgencyId;
        var code = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Code).FirstOrDefaultAsync(ct) ?? "";
        CriteriaChoices = (await db.RiskCriteria.AsNoTracking().Where(c => c.OwningAgencyId == agency).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        var operations = (await db.Operations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.OwningAgencyId, o.Participants }).ToListAsync(ct))
            .Where(o => o.OwningAgencyId == agency || o.Participants.Contains(code)).ToList();
        OperationChoices = operations.Select(o => (o.Id, o.Name)).ToList();
        var ids = operations.Select(o => o.Id).ToList();
        PatrolChoices = (await db.Patrols.AsNoTracking().Where(p => p.OwningAgencyId == agency || ids.Contains(p.OperationId)).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name)).ToList();
    }
}
