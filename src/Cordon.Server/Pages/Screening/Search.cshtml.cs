using Cordon.Screening;
using Cordon.Screening.Matching;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Screening;

public sealed class SearchModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dob { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public int? Limit { get; set; }
    public IReadOnlyList<HitView>? Hits { get; private set; }
    public IReadOnlyDictionary<string, int> Lists { get; private set; } = new Dictionary<string, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var index = await ScreeningEndpoints.Service.IndexAsync(db, ct);
        Lists = index.ListVersions;
        if (string.IsNullOrWhiteSpace(Name))
        {
            return;
        }
        var query = ScreeningEndpoints.ToQuery(new ScreeningRequest(Name, Dob, Country, Type, Limit ?? 10), "")
            with { Visibility = new ListVisibility(Cordon.Identity.Actor.FromPrincipal(User).AgencyId) };
        Hits = index.Search(query).Select(HitView.Of).ToList();
    }
}
