using Cordon.Sharing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Sharing;

/// <summary>Sets the purpose of the browser session (top bar), then returns to the page.</summary>
public sealed class PurposeModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? purpose, string? returnUrl)
    {
        if (PurposeNames.TryParse(purpose, out var p))
        {
            Response.Cookies.Append(RequestPurpose.Cookie, p.Name(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
