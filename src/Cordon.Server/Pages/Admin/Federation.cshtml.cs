using Cordon.Audit;
using Cordon.Federation;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Admin;

/// <summary>Pairing with partner installations and how each link stands (operators).</summary>
public sealed class FederationModel(CordonDb db, Installation self, AuditSigner audit, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public InstallationView Self => new(self.Name, self.Signer.Verifier.ToString(), audit.Verifier.ToString());
    public IReadOnlyList<PartnerView> Partners { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsOperator => Actor.FromPrincipal(User).IsOperator;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPartnerAsync(string? name, string? baseUrl, string? federationKey, string? auditKey, CancellationToken ct)
    {
        var partner = await FederationPartners.AddAsync(db, Actor.FromPrincipal(User), self, new NewPartner(name, baseUrl, federationKey, auditKey), clock.GetUtcNow(), ct);
        Message = text["Partner {0} added.", partner.Name];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAgencyAsync(string? partner, string? code, string? remoteCode, string? agencyName, string? country, CancellationToken ct)
    {
        var agency = await FederationPartners.AddAgencyAsync(db, Actor.FromPrincipal(User), partner ?? "", new NewPartnerAgency(code, remoteCode, agencyName, country, null), ct);
        Message = text["{0}'s agency {1} is represented here as {2}.", partner ?? "", agency.RemoteCode, agency.Code];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
        => Partners = IsOperator ? await FederationPartners.ListAsync(db, Actor.FromPrincipal(User), ct) : [];
}
