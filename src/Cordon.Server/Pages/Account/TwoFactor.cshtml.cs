using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Account;

/// <summary>Enrols a TOTP authenticator: scan the QR code, confirm one code, keep the recovery codes.</summary>
public sealed class TwoFactorModel(CordonDb db, IDataProtectionProvider protection, IOptions<IdentitySettings> settings, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    /// <summary>The new key between showing it and confirming it, protected so the browser cannot choose it.</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Secret { get; private set; }
    public string? QrSvg { get; private set; }
    public bool Enrolled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    private IDataProtector Protector => protection.CreateProtector("Cordon.SecondFactor.Enrolment");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(null, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        try
        {
            var secret = Protector.Unprotect(Pending ?? "");
            var enrolled = await SecondFactor.EnrolAsync(db, actor, secret, Code, ct);
            var state = await Sessions.StartAsync(db, actor.UserId!.Value, settings.Value, ct);
            await SessionSetup.SignInAsync(HttpContext, state);
            RecoveryCodes = enrolled.RecoveryCodes;
            await LoadAsync(null, ct);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            ModelState.AddModelError("", text["The enrolment expired: scan the new code."]);
            await LoadAsync(null, ct);
        }
        return Page();
    }

    /// <summary>A refused code (RefusalsOnTheForm shows why): the same key again, so the code in the app still fits.</summary>
    public Task ReloadAsync(CancellationToken ct) => LoadAsync(Protector.Unprotect(Pending ?? ""), ct);

    private async Task LoadAsync(string? secret, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == actor.UserId, ct);
        Enrolled = user.HasSecondFactor;
        Required = settings.Value.MustEnrol(user);
        RecoveryCodesLeft = SecondFactor.RecoveryCodesLeft(user);
        if (!Enrolled)
        {
            Secret = secret ?? Totp.NewSecret();
            Pending = Protector.Protect(Secret);
            QrSvg = EnrolmentQrCode.Svg(Totp.ProvisioningUri(settings.Value.TotpIssuer, user.UserName, Secret));
        }
    }
}
