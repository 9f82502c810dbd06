using Cordon.Cases;
using Cordon.Identity;
using Cordon.Risk.Lanes;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Risk;

/// <summary>
/// The officer's one worklist: red and yellow declarations of an office for a day, highest expected revenue
/// first, each with its explanation and its inspection; below, every inspection the reader may see, those
/// still needing an outcome first (the former inspection worklist, /cases/inspections, redirects here).
/// </summary>
public sealed class WorklistModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    public IReadOnlyList<string> Offices { get; private set; } = [];
    public IReadOnlyList<LaneDecisionView> Rows { get; private set; } = [];
    /// <summary>Each row's latest inspection the reader may see, by declaration: the worklist is also where inspections are started.</summary>
    public IReadOnlyList<InspectionView> Inspections { get; private set; } = [];
    public IReadOnlyDictionary<Guid, (Guid Id, string Reference, InspectionStatus Status)> InspectionOf { get; private set; } = new Dictionary<Guid, (Guid, string, InspectionStatus)>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        var scope = policy.Filter(db.LaneDecisions, RecordTypes.LaneDecision);
        Offices = await scope.Where(policy.Sees<LaneDecision>(RecordTypes.LaneDecision, "office")).Select(d => d.Office).Distinct().OrderBy(o => o).ToListAsync(ct);
        Rows = await LaneQueries.WorklistAsync(scope, Office, Day, 300, ct, db, policy);
        Day ??= Rows.FirstOrDefault()?.LodgedOn;
        var ids = Rows.Select(r => r.DeclarationId).ToList();
        var inspections = await policy.Filter(db.Inspections.AsNoTracking(), RecordTypes.Inspection).Where(i => ids.Contains(i.DeclarationId))
            .Select(i => new { i.DeclarationId, i.Id, i.Reference, i.Status, i.CreatedAt }).ToListAsync(ct);
        Inspections = (await Cordon.Cases.Inspections.ListAsync(db, policy, null, string.IsNullOrEmpty(Status) ? null : Status, ct))
            .OrderBy(r => r.Outcome is not null).ThenByDescending(r => r.Lane == "red").ThenBy(r => r.Reference, StringComparer.Ordinal).ToList();
        InspectionOf = inspections.GroupBy(i => i.DeclarationId).ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.CreatedAt).Select(i => (i.Id, i.Reference, i.Status)).First());
    }
}
