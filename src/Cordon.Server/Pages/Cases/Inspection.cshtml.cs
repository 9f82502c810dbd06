using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class InspectionModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public InspectionView? View { get; private set; }

    [BindProperty] public bool Irregular { get; set; }
    [BindProperty] public List<string> Kinds { get; set; } = [];
    [BindProperty] public decimal? Revenue { get; set; }
    [BindProperty] public string? Findings { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public List<string> AdjustField { get; set; } = [];
    [BindProperty] public List<string> AdjustValue { get; set; } = [];
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? PaymentReference { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ReadAsync(() => LoadAsync(id, ct));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var node = await Inspections.ReadAsync(Db, await PolicyAsync(ct), id, null, ct);
        View = System.Text.Json.JsonSerializer.Deserialize<InspectionView>(node, StoredValues.Json);
    }

    public Task<IActionResult> OnPostStartAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () => { await Inspections.StartAsync(Db, Me, id, ct); return Text["Inspection started."]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostOutcomeAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            var adjustments = AdjustField.Zip(AdjustValue).Where(p => !string.IsNullOrWhiteSpace(p.First) || !string.IsNullOrWhiteSpace(p.Second))
                .Select(p => new AdjustmentRequest(p.First, p.Second)).ToArray();
            var view = await Inspections.RecordOutcomeAsync(Db, Me, id, new OutcomeRequest(null, null, Findings, Irregular, Kinds.ToArray(), Revenue ?? 0, adjustments, Decision, Version), ct);
            return Text["Outcome recorded: {0}.", Text.Code("decision", view.Outcome!.Decision)];
        }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostReleaseAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            await LoadAsync(id, ct);
            await Inspections.ReleaseAsync(Db, Me, View!.DeclarationId, new ReleaseRequest(PaymentReference), ct);
            return Text["Declaration {0} released.", View.DeclarationNumber];
        }, () => LoadAsync(id, ct));
}
