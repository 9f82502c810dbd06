using System.Globalization;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>Lists the watched areas the reader may see and creates one of the reader's agency (drawn or pasted polygon, what it raises).</summary>
public sealed class WatchedAreasModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string IncidentType { get; set; } = "illegal-crossing";
    [BindProperty] public string Severity { get; set; } = "high";
    [BindProperty] public Guid? OperationId { get; set; }
    [BindProperty] public string Marking { get; set; } = "amber";
    [BindProperty] public List<string> Patterns { get; set; } = ["entry"];
    /// <summary>Designated crossing points, one per line: name, latitude, longitude, radius in metres.</summary>
    [BindProperty] public string? CrossingPoints { get; set; }
    [BindProperty] public double? LoiterRadiusMetres { get; set; }
    [BindProperty] public double? LoiterMinutes { get; set; }
    [BindProperty] public double? LowSlowMaxSpeed { get; set; }
    [BindProperty] public double? LowSlowMaxAltitude { get; set; }

    public List<WatchedAreaView> Areas { get; private set; } = [];
    public List<Operation> Operations { get; private set; } = [];
    public Dictionary<Guid, string> OperationNames { get; private set; } = [];
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);
    public string? Created { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var area = ModelState.Json(Area, "area", text);
        var points = new List<CrossingPoint>();
        var lines = (CrossingPoints ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 4
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || !double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius))
            {
                ModelState.AddModelError($"crossingPoints[{i}]", $"write 'name, latitude, longitude, radius in metres' (line {i + 1}: '{lines[i]}').");
                continue;
            }
            points.Add(new CrossingPoint(parts[0], lat, lon, radius));
        }
        if (Refusals.Count == 0)
        {
            var input = new WatchedAreaInput(Name, area, OperationId, IncidentType, Severity, Marking,
                Patterns.Count == 0 ? null : [.. Patterns], points, LoiterRadiusMetres, LoiterMinutes, LowSlowMaxSpeed, LowSlowMaxAltitude);
            var created = await WatchedAreas.CreateAsync(db, Actor.FromPrincipal(User), input, ct);
            Created = created.Name;
            Name = null;
            Area = null;
            CrossingPoints = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        Operations = await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).Where(o => o.Status != OperationStatus.Closed).OrderBy(o => o.Name).ToListAsync(ct);
        OperationNames = Operations.ToDictionary(o => o.Id, o => o.Name);
        Areas = await WatchedAreas.ListAsync(db, policy, ct);
    }
}
