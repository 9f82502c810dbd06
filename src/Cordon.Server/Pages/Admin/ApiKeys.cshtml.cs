using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Admin;

public sealed class ApiKeysModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public Actor Actor => Actor.FromPrincipal(User);
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<ApiKeyView> Rows { get; private set; } = [];
    public IReadOnlyList<AgencyView> AgencyChoices { get; private set; } = [];
    public string? Secret { get; private set; }
    public string? Message { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? agency, string[] roles, CancellationToken ct)
    {
        Secret = (await ApiKeys.CreateAsync(db, Actor, new NewApiKey(name, agency, roles), ct, clock)).Secret;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var key = await ApiKeys.RevokeAsync(db, Actor, id.ToString(), ct, clock);
        Message = text["Key {0} revoked.", key.Name];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var agencies = await AgencyAdministration.ListAsync(db, ct);
        AgencyChoices = Actor.IsOperator ? agencies : agencies.Where(a => a.Id == Actor.AgencyId).ToList();
        Table = new TableQuery(Request, "created");
        Rows = Table.Apply(await ApiKeys.ListAsync(db, Actor, ct), new Dictionary<string, Func<ApiKeyView, IComparable?>>
        {
            ["created"] = k => k.CreatedAt,
            ["prefix"] = k => k.Prefix,
            ["name"] = k => k.Name,
            ["agency"] = k => k.AgencyCode,
            ["used"] = k => k.LastUsedAt ?? DateTimeOffset.MinValue,
        });
    }
}
