using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Risk;
using Cordon.Risk.Model;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Risk;

/// <summary>The model registry: versions, training windows, holdout evaluation charts; train and activate.</summary>
public sealed class ModelsModel(CordonDb db, Microsoft.Extensions.Configuration.IConfiguration configuration, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public bool CanTrain => (Actor.Roles & (Roles.Analyst | Roles.Supervisor | Roles.Operator)) != 0 && Actor.AgencyId is not null;
    public IReadOnlyList<RiskModelView> Rows { get; private set; } = [];
    public RiskModelView? Shown { get; private set; }
    public RetrainOptions Schedule { get; private set; } = new();
    public DateTimeOffset? NextDue { get; private set; }
    public IReadOnlyList<RiskModelWeekView> Weeks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await RiskModels.ListAsync(db, Actor, ct: ct);
        Shown = Rows.FirstOrDefault(m => m.Version == Version) ?? Rows.FirstOrDefault(m => m.Active) ?? Rows.FirstOrDefault();
        Schedule = RetrainOptions.From(configuration);
        if (Actor.AgencyId is { } agency)
        {
            NextDue = await Retraining.NextDueAsync(db, agency, Schedule, ct);
            Weeks = await RiskModels.WeeksAsync(db, agency, ct);
        }
    }

    public async Task<IActionResult> OnPostTrainAsync(CancellationToken ct)
    {
        var who = JobActor.Of(Actor);
        RiskModels.RequireAnalyst(Actor, who.AgencyId);
        await JobQueue.EnqueueAsync(db, Actor, TrainModelJob.JobKind, TrainModelJob.Title(Until), new TrainJobPayload(who, Until, true), clock.GetUtcNow(), ct: ct);
        return Redirect("/jobs");
    }

    public async Task<IActionResult> OnPostMeasureAsync(CancellationToken ct)
    {
        var who = JobActor.Of(Actor);
        RiskModels.RequireAnalyst(Actor, who.AgencyId);
        await JobQueue.EnqueueAsync(db, Actor, AssessWeeksJob.JobKind, "Measure each model's weeks after training", new AssessJobPayload(who.AgencyId, Schedule.AssessWeeks), clock.GetUtcNow(), ct: ct);
        return Redirect("/jobs");
    }

    /// <summary>One series per model of a weekly metric, for the drift charts.</summary>
    public IReadOnlyList<(string, IReadOnlyList<(int, double, string)>)> WeekSeries(Func<RiskModelWeekView, double> metric)
        => Weeks.GroupBy(w => w.ModelVersion).OrderByDescending(g => g.Key).Take(8)
            .Select(g => ($"v{g.Key}", (IReadOnlyList<(int, double, string)>)g.OrderBy(w => w.Week)
                .Select(w => (w.Week, metric(w), $"{metric(w):P1} ({w.From:yyyy-MM-dd}, {w.Rows} inspected, {w.Irregular} irregular)")).ToList())).ToList();

    public async Task<IActionResult> OnPostActivateAsync(int version, CancellationToken ct)
    {
        await RiskModels.ActivateAsync(db, Actor, JobActor.Of(Actor).AgencyId, version, ct);
        return Redirect($"/risk/models?version={version}");
    }
}
