using System.Security.Claims;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Account;

public sealed class LogoutModel(CordonDb db) : PageModel
{
    public void OnGet()
    {
    }

    /// <summary>Signing out ends every session of the user (a copied cookie stops working too).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            await Sessions.EndAllAsync(db, userId, ct);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login");
    }
}
