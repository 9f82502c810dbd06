using Cordon.Identity;
using Cordon.Risk.Backtest;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Risk;

/// <summary>A criterion run over the last N days (any status, drafts included): hits, irregular ones, revenue, load.</summary>
public sealed class BacktestModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 90;

    public BacktestResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // An unknown criterion is a 404 page; days out of range are shown on the form (RefusalsOnTheForm).
        Result = await CriterionBacktest.RunAsync(db, Actor.FromPrincipal(User), Id, Days, ct: ct);
        return Page();
    }
}
