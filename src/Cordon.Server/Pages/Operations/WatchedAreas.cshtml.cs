using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Operations;

/// <summary>Lists the watched areas the reader may see and creates one of the reader's agency (drawn or pasted polygon, what it raises).</summary>
public sealed class WatchedAreasModel(CordonDb db) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string IncidentType { get; set; } = "illegal-crossing";
    [BindProperty] public string Severity { get; set; } = "high";
    [BindProperty] public Guid? OperationId { get; set; }
    [BindProperty] public string Marking { get; set; } = "amber";

    public List<WatchedAreaView> Areas { get; private set; } = [];
    public List<Operation> Operations { get; private set; } = [];
    public Dictionary<Guid, string> OperationNames { get; private set; } = [];
    public FormRefusals Refusals { get; } = new(FormRefusals.ByField);
    public string? Created { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        JsonElement? area = null;
        if (!string.IsNullOrWhiteSpace(Area))
        {
            try
            {
                using var doc = JsonDocument.Parse(Area);
                area = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                Refusals.Add("area", $"area: is not JSON ({e.Message}).");
            }
        }
        if (Refusals.Count == 0)
        {
            try
            {
                var created = await OperationEndpoints.CreateWatchedAreaAsync(db, Actor.FromPrincipal(User), new WatchedAreaInput(Name, area, OperationId, IncidentType, Severity, Marking), ct);
                Created = created.Name;
                Name = null;
                Area = null;
            }
            catch (CordonException e)
            {
                Refusals.Add(e);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        Operations = await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).Where(o => o.Status != OperationStatus.Closed).OrderBy(o => o.Name).ToListAsync(ct);
        OperationNames = Operations.ToDictionary(o => o.Id, o => o.Name);
        Areas = await OperationEndpoints.WatchedAreasAsync(db, policy, ct);
    }
}
