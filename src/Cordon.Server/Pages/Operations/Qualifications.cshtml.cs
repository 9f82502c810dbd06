using System.Globalization;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Operations;

/// <summary>Qualifications with expiry flags, and recording one for an officer of the reader's agency.</summary>
public sealed class QualificationsModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string Kind { get; set; } = "first-aid";
    [BindProperty] public string? ValidUntil { get; set; }
    [BindProperty] public string? Evidence { get; set; }

    public List<QualificationView> List { get; private set; } = [];
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);
    public QualificationView? Recorded { get; private set; }
    public bool CanRecord { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!DateOnly.TryParseExact(ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
        {
            ModelState.AddModelError("validUntil", "is a date, e.g. 2027-06-30.");
        }
        if (Refusals.Count == 0)
        {
            Recorded = await OperationPlanning.GrantQualificationAsync(db, Actor.FromPrincipal(User), (UserName ?? "").Trim(), Kind,
                OperationPlanning.ValidThrough(until), string.IsNullOrWhiteSpace(Evidence) ? null : Evidence.Trim(), ct);
            UserName = null;
            Evidence = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        CanRecord = OperationPlanning.MayRecordQualifications(actor);
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        List = await OperationPlanning.QualificationsAsync(db, policy, clock.GetUtcNow(), ct);
        ValidUntil ??= clock.GetUtcNow().AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
