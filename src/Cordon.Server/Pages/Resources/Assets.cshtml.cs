using Cordon.Common;
using Cordon.Identity;
using Cordon.Resources;
using Cordon.Server.Pages.Operations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Resources;

/// <summary>The asset register: filters, the list, the home bases on a map, what is due for maintenance, and an inventory import.</summary>
public sealed class AssetsModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Due { get; set; }
    [BindProperty] public IFormFile? Inventory { get; set; }

    public List<AssetView> Rows { get; private set; } = [];
    public List<MaintenanceDue> DueSoon { get; private set; } = [];
    public AssetImportResult? Imported { get; private set; }
    public FormRefusals Refusals { get; } = new(FormRefusals.ByField);
    public bool CanImport { get; private set; }
    public DateOnly Today { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Inventory is null || Inventory.Length == 0)
        {
            Refusals.Add("file", text["Choose a CSV inventory to import."]);
        }
        else
        {
            try
            {
                await using var stream = Inventory.OpenReadStream();
                Imported = await AssetImport.ImportAsync(db, Actor.FromPrincipal(User), stream, clock.GetUtcNow(), ct);
            }
            catch (CordonException e)
            {
                Refusals.Add(e, text);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var now = clock.GetUtcNow();
        Today = AssetRegister.Today(now);
        CanImport = actor.AgencyId is not null && (actor.Roles & AssetRegister.MayChange) != 0;
        try
        {
            Rows = await AssetRegister.ListAsync(db, await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), now, ct), new AssetFilter(Kind, Status, Q, Due), now, ct);
        }
        catch (ValidationFailed e)
        {
            Refusals.Add(e, text);
        }
        if (actor.AgencyId is { } own)
        {
            DueSoon = await Maintenance.DueAsync(db, own, Today, Today.AddDays(AssetRegister.DueSoonDays), ct);
        }
    }
}
