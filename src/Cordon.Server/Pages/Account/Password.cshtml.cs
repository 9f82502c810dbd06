using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Account;

public sealed class PasswordModel(CordonDb db, IOptions<IdentitySettings> settings) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? Next { get; set; }
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        await Cordon.Identity.SignIn.ChangeOwnPasswordAsync(db, actor, Current, Next, ct);
        // Every other session of the user has ended; this one continues with the new stamp.
        var state = await Sessions.StartAsync(db, actor.UserId!.Value, settings.Value, ct);
        await SessionSetup.SignInAsync(HttpContext, state);
        if (state.MustEnrolSecondFactor)
        {
            return Redirect("/account/two-factor");
        }
        Done = true;
        return Page();
    }
}
