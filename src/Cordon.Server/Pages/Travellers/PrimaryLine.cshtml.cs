using Cordon.Common;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Travellers;

/// <summary>
/// The primary line: the zone pasted from a reader or typed, one answer (document, watch lists, stay, next
/// action), then the crossing recorded with one key. Posts only; nothing is kept in the page between them
/// but the zone itself.
/// </summary>
public sealed class PrimaryLineModel(CordonDb db, ITravelDocumentCheck documents, ShortStayRule rule, TimeProvider time, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Mrz { get; set; }
    [BindProperty] public DateOnly? PlannedExit { get; set; }
    [BindProperty] public string? CrossingPoint { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? RefusalReason { get; set; }

    public PrimaryLineAnswer? Answer { get; private set; }
    public CrossingRecorded? Recorded { get; private set; }

    private Actor Me => Actor.FromPrincipal(User);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        Answer = await CheckAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRecordAsync(string kind, CancellationToken ct)
    {
        _recording = true;
        Recorded = await Crossings.RecordAsync(db, Me, new CrossingInput
        {
            Kind = kind, CrossingPoint = CrossingPoint, Mrz = Mrz, Purpose = Purpose, RefusalReason = RefusalReason,
        }, rule, time, "primary-line", ct);
        // Cleared for the next traveller: the answer shown is what was recorded.
        ModelState.Clear();
        Mrz = null;
        PlannedExit = null;
        RefusalReason = null;
        return Page();
    }

    private bool _recording;

    /// <summary>After a refused recording the check's answer for the same traveller stays on the screen.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        if (!_recording)
        {
            return;
        }
        try
        {
            Answer = await CheckAsync(ct);
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e, text);
        }
    }

    private Task<PrimaryLineAnswer> CheckAsync(CancellationToken ct)
        => PrimaryLine.CheckAsync(db, Me, documents, rule, new PrimaryLineRequest(Mrz, PlannedExit), time, ct);
}
