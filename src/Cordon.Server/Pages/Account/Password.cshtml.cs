using Cordon.Common;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Account;

public sealed class PasswordModel(CordonDb db) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? Next { get; set; }
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await Cordon.Identity.SignIn.ChangeOwnPasswordAsync(db, Actor.FromPrincipal(User), Current, Next, ct);
            Done = true;
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e);
        }
        return Page();
    }
}
