using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Declarations;

public sealed class DetailModel(CordonDb db) : PageModel
{
    public DeclarationDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Detail = await DeclarationQueries.GetAsync(db, Actor.FromPrincipal(User), id.ToString(), ct);
            return Page();
        }
        catch (Cordon.Common.NotFound)
        {
            return NotFound();
        }
    }
}
