using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

public sealed class CriteriaModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public bool CanWrite => (Actor.Roles & CriterionRules.Writers) != 0;
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<CriterionView> Rows { get; private set; } = [];
    public IReadOnlyDictionary<CriterionStatus, int> Counts { get; private set; } = new Dictionary<CriterionStatus, int>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CriterionStatus? filter = null;
        if (!string.IsNullOrEmpty(StatusFilter))
        {
            if (!CriterionRules.TryParseStatus(StatusFilter, out var s))
            {
                ModelState.AddCordonError(ValidationFailed.Field("status", $"Unknown status '{StatusFilter}'."), text);
            }
            else
            {
                filter = s;
            }
        }
        var all = await RiskCriteria.ListAsync(db, Actor, ct: ct);
        Counts = all.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        Table = new TableQuery(Request, "name");
        Rows = Table.Apply(all.Where(c => filter is null || c.Status == filter), new Dictionary<string, Func<CriterionView, IComparable?>>
        {
            ["name"] = c => c.Name.ToLowerInvariant(),
            ["status"] = c => c.Status,
            ["version"] = c => c.Version,
            ["weight"] = c => c.Weight ?? double.MinValue,
            ["updated"] = c => c.UpdatedAt,
        });
        return Page();
    }

    public static string StatusBadge(CriterionStatus status) => status switch
    {
        CriterionStatus.Active => "badge ok",
        CriterionStatus.Retired => "badge bad",
        _ => "badge",
    };
}
