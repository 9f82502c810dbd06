using Cordon.Common;
using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Consignments;

public sealed class IndexModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true)] public string? Container { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public ConsignmentQueries.ConsignmentPage Result { get; private set; } = new([], 1, 50, 0);
    public int Pages => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await ConsignmentQueries.ListAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct),
                new ConsignmentQueries.ConsignmentFilter(Office, Reference, Container), PageNumber, 50, ct);
        }
        catch (ValidationFailed e)
        {
            Ui.ModelStateErrors.AddCordonError(ModelState, e);
        }
    }

    public string Link(int page)
        => $"?office={Uri.EscapeDataString(Office ?? "")}&reference={Uri.EscapeDataString(Reference ?? "")}&container={Uri.EscapeDataString(Container ?? "")}&page={page}";
}
