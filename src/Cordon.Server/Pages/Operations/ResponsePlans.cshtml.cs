using System.Globalization;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Operations;

/// <summary>Edits the agency's response plan for one incident type: roles, steps with owners and escalation times, agencies to notify.</summary>
public sealed class ResponsePlansModel(CordonDb db) : PageModel, IShowsRefusals
{
    public sealed class StepRow
    {
        public string? Title { get; set; }
        public string? Role { get; set; }
        public string? OwnerAgency { get; set; }
        public string? DueMinutes { get; set; }
        public string? EscalateTo { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Type { get; set; } = "illegal-crossing";
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Notify { get; set; } = [];
    [BindProperty] public List<StepRow> Steps { get; set; } = [];

    public List<string> AgencyCodes { get; private set; } = [];
    public List<ResponsePlan> Plans { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var actor = Actor.FromPrincipal(User);
        var plan = Plans.FirstOrDefault(p => p.OwningAgencyId == actor.AgencyId && p.IncidentType.Kebab() == Type);
        Name = plan?.Name;
        Notify = plan?.NotifyAgencies.ToList() ?? [];
        Steps = (plan?.Steps ?? []).Select(s => new StepRow
        {
            Title = s.Title, Role = s.Role, OwnerAgency = s.OwnerAgency, DueMinutes = s.DueMinutes.ToString(CultureInfo.InvariantCulture), EscalateTo = s.EscalateTo,
        }).ToList();
        Pad();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var rows = Steps.Select((s, i) => (Row: s, Index: i)).Where(x => !string.IsNullOrWhiteSpace(x.Row.Title) || !string.IsNullOrWhiteSpace(x.Row.Role)).ToList();
        var steps = new List<PlanStep>();
        foreach (var (row, i) in rows)
        {
            if (!int.TryParse(row.DueMinutes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var due))
            {
                ModelState.AddModelError($"steps[{steps.Count}].dueMinutes", "is a whole number of minutes.");
            }
            steps.Add(new PlanStep(row.Title?.Trim() ?? "", row.Role?.Trim() ?? "", row.OwnerAgency ?? "", due, row.EscalateTo?.Trim() ?? ""));
        }
        // Rows as entered (blank rows dropped), so the field paths steps[i] match what the planner sees.
        Steps = rows.Select(x => x.Row).ToList();
        if (ModelState.ErrorCount == 0)
        {
            await IncidentResponse.SavePlanAsync(db, Actor.FromPrincipal(User), new IncidentResponse.PlanInput(Type, Name, Notify.ToArray(), steps), ct);
            Saved = true;
        }
        await ReloadAsync(ct);
        return Page();
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Pad();
    }

    /// <summary>Errors of one step row ("steps[2].title" → row 2), or of a plain field ("" for those of no field).</summary>
    public IEnumerable<string> ErrorsFor(string prefix)
        => ModelState.Where(e => e.Value is { Errors.Count: > 0 } && (e.Key == prefix || e.Key.StartsWith(prefix + ".", StringComparison.Ordinal)))
            .SelectMany(e => e.Value!.Errors.Select(m => e.Key == prefix ? m.ErrorMessage : $"{e.Key[(prefix.Length + 1)..]}: {m.ErrorMessage}"));

    private void Pad()
    {
        // Room for two more steps (at least four rows, at most twelve).
        var rows = Math.Min(12, Math.Max(4, Steps.Count + 2));
        while (Steps.Count < rows)
        {
            Steps.Add(new StepRow { DueMinutes = "15" });
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        AgencyCodes = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct);
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        Plans = await policy.Filter(db.ResponsePlans.AsNoTracking(), RecordTypes.Incident).ToListAsync(ct);
    }
}
