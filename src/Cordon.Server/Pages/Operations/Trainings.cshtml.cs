using System.Globalization;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Operations;

/// <summary>Joint training sessions and exercises: the list, and recording one (which counts towards the participants' qualifications).</summary>
public sealed class TrainingsModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? HeldAt { get; set; }
    [BindProperty] public string? Trains { get; set; }
    [BindProperty] public string? ValidForMonths { get; set; } = "24";
    /// <summary>One user name per line (commas also separate).</summary>
    [BindProperty] public string? Participants { get; set; }
    [BindProperty] public Guid? OperationId { get; set; }

    public List<TrainingSession> Sessions { get; private set; } = [];
    public Dictionary<Guid, string> OperationNames { get; private set; } = [];
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);
    public TrainingSession? Recorded { get; private set; }
    public bool CanRecord { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var held = ModelState.UtcTime(HeldAt, "heldAt", "2026-11-20 09:00");
        int? months = null;
        if (!string.IsNullOrWhiteSpace(ValidForMonths))
        {
            if (int.TryParse(ValidForMonths, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m))
            {
                months = m;
            }
            else
            {
                ModelState.AddModelError("validForMonths", "is a whole number of months.");
            }
        }
        var names = (Participants ?? "").Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Refusals.Count == 0)
        {
            Recorded = await OperationPlanning.RecordTrainingAsync(db, Actor.FromPrincipal(User),
                new OperationPlanning.TrainingInput(Title, held, string.IsNullOrWhiteSpace(Trains) ? null : Trains, string.IsNullOrWhiteSpace(Trains) ? null : months, names, OperationId), clock.GetUtcNow(), ct);
            Title = null;
            Participants = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        CanRecord = OperationPlanning.MayRecordTraining(actor);
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        Sessions = await OperationPlanning.TrainingsAsync(db, policy, ct);
        OperationNames = await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).OrderBy(o => o.Name).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        HeldAt ??= clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
    }
}
