using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Declarations;

public sealed class DetailModel(CordonDb db) : PageModel
{
    public DeclarationDetail? Detail { get; private set; }
    /// <summary>Why the policy refused, when it did: the page says so and offers supervisors break-glass access.</summary>
    public string? Denied { get; private set; }
    public bool CanBreakGlass => Actor.FromPrincipal(User).Has(Roles.Supervisor);
    [BindProperty] public string? Justification { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, null, ct);

    public Task<IActionResult> OnPostBreakGlassAsync(Guid id, CancellationToken ct) => ShowAsync(id, Justification ?? "", ct);

    public bool CanChangeMarking => Detail is { Own: true } && (Actor.FromPrincipal(User).Roles & Markings.MayChange) != 0;
    public string? Message { get; private set; }

    public async Task<IActionResult> OnPostMarkingAsync(Guid id, string? marking, string? reason, CancellationToken ct)
    {
        try
        {
            var to = await DeclarationQueries.ChangeMarkingAsync(db, Actor.FromPrincipal(User), id, marking, reason, ct);
            Message = $"Marking changed to {to.Label()}.";
        }
        catch (CordonException e) when (e is ValidationFailed or Forbidden)
        {
            Ui.ModelStateErrors.AddCordonError(ModelState, e);
        }
        return await ShowAsync(id, null, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid id, string? breakGlass, CancellationToken ct)
    {
        try
        {
            Detail = await DeclarationQueries.GetAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct), id.ToString(), ct, breakGlass);
            return Page();
        }
        catch (NotFound)
        {
            return NotFound();
        }
        catch (Forbidden e)
        {
            Denied = e.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
    }
}
