using Cordon.Identity;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>The border sections the reader may see with their impact levels; analysts and supervisors name sections and set levels.</summary>
public sealed class BorderSectionsModel(CordonDb db, ImpactRules rules, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string Marking { get; set; } = "amber";
    [BindProperty] public Guid? Section { get; set; }
    [BindProperty] public string Level { get; set; } = "medium";
    [BindProperty] public string? Reason { get; set; }
    /// <summary>One reference a line: an incident, a detection, an intelligence note.</summary>
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public string? ValidFrom { get; set; }
    [BindProperty] public string? ValidUntil { get; set; }

    public List<BorderSectionView> Sections { get; private set; } = [];
    public ImpactRules Rules => rules;
    public bool MaySet { get; private set; }
    public string? Done { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var area = ModelState.Json(Area, "area", text);
        if (Refusals.Count == 0)
        {
            var created = await BorderSections.CreateAsync(db, Actor.FromPrincipal(User), new BorderSectionInput(Name, area, Marking), rules, ct);
            Done = created.Name;
            Name = null;
            Area = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLevelAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var from = string.IsNullOrWhiteSpace(ValidFrom) ? null : ModelState.UtcTime(ValidFrom, "validFrom", "2026-12-01");
        var until = string.IsNullOrWhiteSpace(ValidUntil) ? null : ModelState.UtcTime(ValidUntil, "validUntil", "2026-12-31");
        if (Refusals.Count == 0)
        {
            var evidence = (Evidence ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var set = await BorderSections.SetLevelAsync(db, Actor.FromPrincipal(User), Section ?? Guid.Empty, new ImpactLevelInput(Level, Reason, evidence, from, until), rules, ct);
            Done = set.Name;
            Reason = null;
            Evidence = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        MaySet = BorderSections.MaySet(actor);
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        Sections = await BorderSections.ListAsync(db, policy, clock.GetUtcNow(), rules, ct);
    }
}
