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

public sealed class ReportModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Severity { get; set; } = "medium";
    [BindProperty] public string? Confidence { get; set; } = "confirmed";
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public string? Units { get; set; }
    [BindProperty] public Guid? OperationId { get; set; }
    [BindProperty] public string? CaseRefs { get; set; }
    [BindProperty] public string? Details { get; set; }
    public List<Operation> Operations { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var errors = new FieldErrors();
        double? Number(string? text, string field)
        {
            if (double.TryParse((text ?? "").Replace(',', '.'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }
            errors.Add(field, "is a number in decimal degrees, e.g. 51.44512.");
            return null;
        }
        var lat = Number(Latitude, "latitude");
        var lon = Number(Longitude, "longitude");
        errors.ThrowIfAny();
        var view = await IncidentResponse.ReportAsync(db, Actor.FromPrincipal(User), new IncidentInput(Type, Severity, Title, lat, lon, null,
            Split(Units), OperationId, Split(CaseRefs), Details, Confidence: Confidence), clock.GetUtcNow(), ct);
        return Redirect($"/operations/incidents/{view.Id}");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private static string[] Split(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task LoadAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        Operations = await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).Where(o => o.Status != OperationStatus.Closed).ToListAsync(ct);
    }
}
