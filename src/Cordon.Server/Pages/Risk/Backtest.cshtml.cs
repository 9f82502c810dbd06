using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Backtest;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

/// <summary>A criterion run over the last N days (any status, drafts included): hits, irregular ones, revenue, load.</summary>
public sealed class BacktestModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 90;

    public BacktestResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await CriterionBacktest.RunAsync(db, Actor.FromPrincipal(User), Id, Days, ct: ct);
        }
        catch (NotFound)
        {
            return NotFound();
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e, text);
        }
        return Page();
    }
}
