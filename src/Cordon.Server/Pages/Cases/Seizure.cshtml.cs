using Cordon.Cases;
using Cordon.Common;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

[RequestSizeLimit(AttachedFiles.MaxBytes + 64 * 1024)]
public sealed class SeizureModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public SeizureView? View { get; private set; }
    public AccessDecision? Decision { get; private set; }
    public ChainReport? Verification { get; private set; }
    /// <summary>The custody forms this user can use (none for a partner that only reads the seizure).</summary>
    public Custody.CustodyPermissions? Custody { get; private set; }
    public bool IsOwner => View is not null && Me.AgencyId == View.OwningAgencyId;

    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? Condition { get; set; }
    [BindProperty] public string? Seals { get; set; }
    [BindProperty] public bool Accept { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? SampleLabel { get; set; }
    [BindProperty] public string? SampleDescription { get; set; }
    [BindProperty] public string? NewSeals { get; set; }
    [BindProperty] public string? LabResult { get; set; }
    [BindProperty] public string? Action { get; set; }
    [BindProperty] public string? Authorisation { get; set; }
    [BindProperty] public string? Grounds { get; set; }
    [BindProperty] public string? AppealDecision { get; set; }
    [BindProperty] public string? DeliveryMethod { get; set; }
    [BindProperty] public string? PaymentReference { get; set; }
    [BindProperty] public string? DisposalMethod { get; set; }
    [BindProperty] public string? Witnesses { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Trader { get; set; }
    [BindProperty] public string? Surety { get; set; }
    [BindProperty] public decimal? Amount { get; set; }
    [BindProperty] public DateTimeOffset? ValidUntil { get; set; }
    [BindProperty] public string? Basis { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    private static string[] List(string? text) => (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Task<IActionResult> OnGetAsync(Guid id, bool verify, CancellationToken ct) => ReadAsync(async () =>
    {
        await LoadAsync(id, ct);
        if (verify)
        {
            Verification = await Cordon.Cases.Custody.VerifyAsync(Db, id, ct);
        }
    });

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        (View, Decision) = await Seizures.ReadViewAsync(Db, await PolicyAsync(ct), id, ct);
        Custody = await Cordon.Cases.Custody.PermissionsAsync(Db, Me, id, ct);
    }

    public Task<IActionResult> OnPostHandoverAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            var e = await Cordon.Cases.Custody.HandoverAsync(Db, Me, id, new HandoverRequest(To, Place, Purpose, Condition, List(Seals), null), ct);
            return e.SealDiscrepancy is null ? Text["Handed over to {0}; awaiting acceptance.", e.To ?? ""] : Text["Handed over to {0}; SEAL DISCREPANCY recorded: {1}.", e.To ?? "", e.SealDiscrepancy];
        }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostAnswerAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            var e = await Cordon.Cases.Custody.AnswerAsync(Db, Me, id, new AnswerRequest(Accept, Reason, Seals is null ? null : List(Seals), Condition), ct);
            return e.Kind == "accepted" ? Text["{0} accepted the goods.", e.To ?? ""] : Text["{0} refused the goods: {1}", e.To ?? "", e.Reason ?? ""];
        }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostSampleAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            await Cordon.Cases.Custody.SampleAsync(Db, Me, id, new SampleRequest([new CustodySample(SampleLabel ?? "", SampleDescription ?? "", null)], NewSeals is null ? null : List(NewSeals), Reason), ct);
            return Text["Sample {0} recorded.", SampleLabel ?? ""];
        }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostLabAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () => { await Cordon.Cases.Custody.LabResultAsync(Db, Me, id, new LabResultRequest(SampleLabel, LabResult), ct); return Text["Laboratory result recorded."]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostLegalAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            if (!EnumText.TryParse<LegalAction>(Action, out var action))
            {
                throw ValidationFailed.Field("Action", "Choose a step.");
            }
            var view = await Seizures.ActAsync(Db, Me, id, action, new LegalRequest(Reason, Authorisation, AppealDecision, Grounds, DeliveryMethod, PaymentReference,
                DisposalMethod, List(Witnesses), null, Version), ct);
            return Text["Legal process: {0} recorded; now {1}.", Text.Code("legal-action", action.Kebab()), Text.Code("legal", view.Legal.State)];
        }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostPenaltyAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () => { var p = await Bonds.AssessPenaltyAsync(Db, Me, id, new PenaltyRequest(Trader, Amount, Basis), ct); return Text["Penalty of {0} assessed.", p.Amount.ToString("N2")]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostBondAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            var b = await Bonds.LodgeAsync(Db, Me, id, new BondRequest(Trader, Surety, Amount, "EUR", ValidUntil), ct);
            return b.CoversPaymentDue ? Text["Bond of {0} lodged: it covers what is due.", b.Amount.ToString("N2")] : Text["Bond of {0} lodged, but it does NOT cover what is due: no release against it.", b.Amount.ToString("N2")];
        }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostAttachAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            if (Upload is null)
            {
                throw ValidationFailed.Field("Upload", "Choose a file.");
            }
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            var a = await Seizures.AttachAsync(Db, Me, id, Upload.FileName, Upload.ContentType, buffer.ToArray(), ct);
            return Text["{0} attached (SHA-256 {1}…).", a.FileName ?? Upload.FileName, a.Sha256[..16]];
        }, () => LoadAsync(id, ct));

    /// <summary>A legal step as a button says it (in English: the key of its translation).</summary>
    public static string ActionWords(string action) => action switch
    {
        "issue-notice" => "Issue the seizure notice",
        "record-delivery" => "Record delivery of the notice",
        "file-appeal" => "Record an appeal",
        "decide-appeal" => "Record the appeal decision",
        "record-payment" => "Record payment",
        "forfeit" => "Declare the goods forfeited",
        "destroy" => "Record destruction",
        "release" => "Release the goods",
        _ => action.Replace('-', ' '),
    };
}
