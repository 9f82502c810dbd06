using Cordon.Cases;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk.Lanes;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Declarations;

public sealed class DetailModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    public DeclarationDetail? Detail { get; private set; }
    /// <summary>The lane and its reasons, where the reader may see the decision.</summary>
    public LaneDecisionView? Lane { get; private set; }
    /// <summary>The declaration's latest inspection the reader may see: the officer's next step starts or continues it.</summary>
    public InspectionView? Inspection { get; private set; }
    /// <summary>Why the policy refused, when it did: the page says so and offers supervisors break-glass access.</summary>
    public string? Denied { get; private set; }
    public bool CanBreakGlass => Actor.FromPrincipal(User).Has(Roles.Supervisor);
    [BindProperty] public string? Justification { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, null, ct);

    public Task<IActionResult> OnPostBreakGlassAsync(Guid id, CancellationToken ct) => ShowAsync(id, Justification ?? "", ct);

    private async Task<IActionResult> ShowAsync(Guid id, string? breakGlass, CancellationToken ct)
    {
        try
        {
            var policy = await RequestPurpose.PolicyAsync(HttpContext, db, ct);
            Detail = await DeclarationQueries.GetAsync(db, policy, id.ToString(), ct, breakGlass);
            Lane = await LaneQueries.ForDeclarationAsync(db, policy, id, ct);
            Inspection = (await Inspections.ListAsync(db, policy, id, null, ct)).FirstOrDefault();
            return Page();
        }
        catch (NotFound)
        {
            return NotFound();
        }
        catch (Forbidden e)
        {
            Denied = text.Say(e);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
    }
}
