using Cordon.Common;
using Cordon.Declarations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Consignments;

public sealed class DetailModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel
{
    public ConsignmentQueries.ConsignmentDetail? Detail { get; private set; }
    public string? Denied { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Detail = await ConsignmentQueries.GetAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct), id, ct);
        }
        catch (NotFound)
        {
            return NotFound();
        }
        catch (Forbidden e)
        {
            Denied = text.Say(e);
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        return Page();
    }
}
