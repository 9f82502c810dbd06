using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Sharing;

public sealed class AgreementsModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public Actor Actor => Actor.FromPrincipal(User);
    // The feature's rule: one proposes as a party, so ask it as if the own agency were both.
    public bool CanPropose => Agreements.MayDecide(Actor, Actor.AgencyId ?? Guid.Empty, Actor.AgencyId ?? Guid.Empty);
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<AgreementView> Rows { get; private set; } = [];
    public IReadOnlyList<AgencyView> Agencies { get; private set; } = [];
    public string? Message { get; private set; }
    private string? _ownCode;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostProposeAsync(string? title, string? provider, string? recipient, string[] recordTypes, string? maxMarking,
        string[] purposes, string? redactPersonal, bool onwardSharing, DateTime? validFrom, DateTime? validUntil, bool personalData, CancellationToken ct)
    {
        RedactionRule[] redactions = redactPersonal switch
        {
            "statistics" => [new RedactionRule([RedactionRule.PersonalData], Purposes: [Purpose.Statistics])],
            "always" => [new RedactionRule([RedactionRule.PersonalData])],
            _ => [],
        };
        var terms = new AgreementTerms(title, provider, recipient, recordTypes, maxMarking, purposes, redactions, onwardSharing,
            validFrom is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : null,
            validUntil is { } u ? new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)) : null, personalData);
        Message = text["Agreement '{0}' proposed; it takes effect when the other party approves it.", (await Agreements.ProposeAsync(db, Actor, terms, clock.GetUtcNow(), ct)).Title];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        var a = await Agreements.ApproveAsync(db, Actor, id, clock.GetUtcNow(), ct);
        Message = a.InForce ? text["Agreement '{0}' approved: it is in force.", a.Title] : text["Agreement '{0}' approved by your agency.", a.Title];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason, CancellationToken ct)
    {
        Message = text["Agreement '{0}' revoked: no further records flow under it.", (await Agreements.RevokeAsync(db, Actor, id, reason, clock.GetUtcNow(), ct)).Title];
        await LoadAsync(ct);
        return Page();
    }

    public bool MayAct(AgreementView a) => Agreements.MayDecide(Actor, IdOf(a.Provider), IdOf(a.Recipient));

    private Guid IdOf(string code) => Agencies.FirstOrDefault(x => x.Code == code)?.Id ?? Guid.Empty;

    public bool AwaitsMe(AgreementView a) => (a.Provider == _ownCode && a.ProviderApprovedAt is null) || (a.Recipient == _ownCode && a.RecipientApprovedAt is null);

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = await AgencyAdministration.ListAsync(db, ct);
        _ownCode = Agencies.FirstOrDefault(a => a.Id == Actor.AgencyId)?.Code;
        Table = new TableQuery(Request, "status");
        Rows = Table.Apply(await Agreements.ListAsync(db, Actor, clock.GetUtcNow(), ct), new Dictionary<string, Func<AgreementView, IComparable?>>
        {
            ["status"] = a => a.InForce ? 0 : a.Status == "PendingApproval" ? 1 : 2,
            ["title"] = a => a.Title,
            ["provider"] = a => a.Provider + a.Recipient,
            ["until"] = a => a.ValidUntil,
        });
    }
}
