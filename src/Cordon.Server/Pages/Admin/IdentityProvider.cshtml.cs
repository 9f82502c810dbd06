using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Admin;

/// <summary>An agency's OpenID Connect provider: single sign-on for its users, tokens for its machines.</summary>
public sealed class IdentityProviderModel(CordonDb db, IDataProtectionProvider protection) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty] public string? Issuer { get; set; }
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? ClientSecret { get; set; }
    [BindProperty] public string? RoleClaim { get; set; } = "roles";
    [BindProperty] public string? RoleMapping { get; set; }
    [BindProperty] public bool LocalPasswordsDisabled { get; set; }
    [BindProperty] public bool Enabled { get; set; } = true;
    public IdentityProviderView? Current { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await DefaultAgencyAsync(ct);
        Current = await SingleSignOn.GetAsync(db, Actor.FromPrincipal(User), Agency!, ct);
        if (Current is not null)
        {
            (Issuer, ClientId, RoleClaim, RoleMapping, LocalPasswordsDisabled, Enabled)
                = (Current.Issuer, Current.ClientId, Current.RoleClaim, Current.RoleMapping, Current.LocalPasswordsDisabled, Current.Enabled);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await DefaultAgencyAsync(ct);
        Current = await SingleSignOn.ConfigureAsync(db, Actor.FromPrincipal(User), Agency!,
            new IdentityProviderInput(Issuer, ClientId, ClientSecret, RoleClaim, RoleMapping, LocalPasswordsDisabled, Enabled),
            s => protection.CreateProtector(SingleSignOnSetup.ProtectorPurpose).Protect(s), ct);
        SingleSignOnSetup.Forget(HttpContext.RequestServices, Agency!);
        Saved = true;
        ClientSecret = null;
        return Page();
    }

    private async Task DefaultAgencyAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Agency) && Actor.FromPrincipal(User).AgencyId is { } own)
        {
            Agency = await db.Agencies.Where(a => a.Id == own).Select(a => a.Code).FirstAsync(ct);
        }
    }
}
