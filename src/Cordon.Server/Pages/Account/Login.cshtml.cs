using System.Security.Claims;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Account;

public sealed class LoginModel(CordonDb db) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await Cordon.Identity.SignIn.PasswordAsync(db, UserName, Password, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                var identity = new ClaimsIdentity(result.Actor!.ToClaims(), CookieAuthenticationDefaults.AuthenticationScheme);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                if (!Request.Cookies.ContainsKey(Cordon.Sharing.RequestPurpose.Cookie))
                {
                    // The session starts with a stated purpose (shown and changed in the top bar), so the
                    // browser's own API calls (job progress, JSON links) state it too.
                    Response.Cookies.Append(Cordon.Sharing.RequestPurpose.Cookie, Cordon.Sharing.PurposeNames.Name(Cordon.Sharing.Purpose.RiskAnalysis),
                        new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
                }
                if (result.MustChangePassword)
                {
                    return Redirect("/account/password?first=1");
                }
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.LockedOut:
                Error = $"This account is locked after repeated failed sign-ins until {result.LockedUntil:HH:mm} UTC. Ask your agency administrator to reset it, or wait.";
                break;
            case SignInOutcome.Disabled:
                Error = "This account is disabled. Ask your agency administrator.";
                break;
            default:
                Error = "Wrong user name or password.";
                break;
        }
        return Page();
    }
}
