using Cordon.Identity;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Resources;

/// <summary>The asset register: filters, the list, the home bases on a map, what is due for maintenance, sensors that stopped reporting, and an inventory import.</summary>
public sealed class AssetsModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text, IOptions<ResourceOptions> options) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Due { get; set; }
    [BindProperty] public IFormFile? Inventory { get; set; }

    public List<AssetView> Rows { get; private set; } = [];
    public List<MaintenanceDue> DueSoon { get; private set; } = [];
    /// <summary>The reader's own sensors and cameras with their last detection, by asset.</summary>
    public Dictionary<Guid, SensorState> Sensors { get; private set; } = [];
    public AssetImportResult? Imported { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);
    public bool CanImport { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // A filter the register refuses (an unknown kind or status) is shown beside the filters, the rest of the page as usual.
        Rows = await AssetRegister.ListAsync(db, await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), clock.GetUtcNow(), ct),
            new AssetFilter(Kind, Status, Q, Due), clock.GetUtcNow(), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Inventory is null || Inventory.Length == 0)
        {
            ModelState.AddModelError("file", text["Choose a CSV inventory to import."]);
        }
        else
        {
            await using var stream = Inventory.OpenReadStream();
            Imported = await AssetImport.ImportAsync(db, Actor.FromPrincipal(User), stream, clock.GetUtcNow(), ct);
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var now = clock.GetUtcNow();
        Today = AssetRegister.Today(now);
        CanImport = actor.AgencyId is not null && (actor.Roles & AssetRegister.MayChange) != 0;
        if (actor.AgencyId is { } own)
        {
            DueSoon = await Maintenance.DueAsync(db, own, Today, Today.AddDays(AssetRegister.DueSoonDays), ct);
            Sensors = (await SensorHealth.ForAsync(db, own, now, TimeSpan.FromHours(options.Value.SensorSilentHours), ct)).ToDictionary(x => x.AssetId);
        }
    }
}
