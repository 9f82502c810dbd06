using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Account;

public sealed class LoginModel(CordonDb db, IDataProtectionProvider protection, IOptions<IdentitySettings> settings) : PageModel
{
    // Wrong password, unknown user and a locked account read the same: none tells an attacker anything.
    public const string Refused = "Wrong user name or password, or the account is locked after repeated failed sign-ins. Ask your agency administrator if this persists.";

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Code { get; set; }
    /// <summary>Between the password and the code: the user whose password was right, protected and valid 5 minutes.</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool AskCode => Pending is not null;

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Cordon.SignIn.SecondFactor").ToTimeLimitedDataProtector();

    /// <summary>Agencies whose users sign in through their own provider: one "Sign in with …" link each.</summary>
    public IReadOnlyList<Agency> SingleSignOnAgencies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadSingleSignOnAsync(ct);

    private async Task LoadSingleSignOnAsync(CancellationToken ct)
        => SingleSignOnAgencies = await db.AgencyIdentityProviders.AsNoTracking().Where(p => p.Enabled)
            .Select(p => p.Agency!).OrderBy(a => a.Code).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadSingleSignOnAsync(ct); // a refused password shows the page again, links included
        var result = await Cordon.Identity.SignIn.PasswordAsync(db, UserName, Password, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                return await StartSessionAsync(result, ct);
            case SignInOutcome.SecondFactorRequired:
                Pending = Protector.Protect(result.PendingUserId!.Value.ToString(), TimeSpan.FromMinutes(5));
                return Page();
            case SignInOutcome.Disabled:
                Error = "This account is disabled. Ask your agency administrator.";
                break;
            case SignInOutcome.SingleSignOnOnly:
                Error = "Your agency signs you in through its own identity provider: use the single sign-on button.";
                break;
            default:
                Error = Refused;
                break;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCodeAsync(CancellationToken ct)
    {
        Guid userId;
        try
        {
            userId = Guid.Parse(Protector.Unprotect(Pending ?? ""));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            Pending = null;
            Error = "The sign-in took too long: enter your user name and password again.";
            return Page();
        }
        var result = await Cordon.Identity.SignIn.SecondFactorAsync(db, userId, Code, ct);
        if (result.Outcome == SignInOutcome.Success)
        {
            return await StartSessionAsync(result, ct);
        }
        Error = result.Outcome == SignInOutcome.LockedOut ? Refused : "The code is wrong or was already used. Enter the current code, or a recovery code.";
        if (result.Outcome == SignInOutcome.LockedOut)
        {
            Pending = null;
        }
        return Page();
    }

    private async Task<IActionResult> StartSessionAsync(Cordon.Identity.SignInResult result, CancellationToken ct)
    {
        var state = await Sessions.StartAsync(db, result.Actor!.UserId!.Value, settings.Value, ct);
        await SessionSetup.SignInAsync(HttpContext, state);
        Cordon.Sharing.RequestPurpose.StateForNewSession(HttpContext);
        if (state.MustChangePassword)
        {
            return Redirect("/account/password?first=1");
        }
        if (state.MustEnrolSecondFactor)
        {
            return Redirect("/account/two-factor");
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
