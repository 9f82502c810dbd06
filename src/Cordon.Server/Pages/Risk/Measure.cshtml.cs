using System.Globalization;
using Cordon.Identity;
using Cordon.Risk.Measures;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

/// <summary>One measure: its record, its evaluation (estimates, weekly chart, cells, caveats), its reviews and the review form.</summary>
public sealed class MeasureModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string Kind { get; set; } = "interim";
    [BindProperty] public string Decision { get; set; } = "continue";
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public DateOnly? NextReviewOn { get; set; }

    public MeasureReport? Report { get; private set; }
    public bool CanReview { get; private set; }
    public string? Done { get; private set; }
    public FormRefusals Refusals => new(ModelState, _ => "other");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Report is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await Cordon.Risk.Measures.Measures.ReviewAsync(db, Actor.FromPrincipal(User), Id, new MeasureReviewInput(Kind, Decision, Text, NextReviewOn), clock.GetUtcNow(), ct);
        Done = text["Review recorded."];
        Text = null;
        NextReviewOn = null;
        await LoadAsync(ct);
        return Report is null ? NotFound() : Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var measure = await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Id == Id, ct);
        if (measure is null)
        {
            return;
        }
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        Report = await Cordon.Risk.Measures.Measures.ReadAsync(db, policy, Id, RequestPurpose.BreakGlass(HttpContext), clock.GetUtcNow(), ct);
        CanReview = actor.AgencyId == measure.OwningAgencyId && (actor.Roles & Cordon.Risk.Measures.Measures.Writers) != 0 && measure.Status != MeasureStatus.Closed;
    }

    public string Listed(IReadOnlyList<string>? values) => values is { Count: > 0 } v ? string.Join(", ", v) : "—";

    /// <summary>Linked records by name where the reader may know them (the owner's readers), else as "withheld".</summary>
    public string Linked(IReadOnlyList<MeasureLink>? links)
        => links is { Count: > 0 } l ? string.Join(", ", l.Select(x => x.Name ?? text["withheld"].Value)) : "—";

    /// <summary>A rate per week for both groups, with a dashed line where the measure starts.</summary>
    public Chart Rates(string id, string title, Func<CellFigures, double?> rate, Func<CellFigures, string> note)
    {
        var weeks = Report!.Evaluation.Weeks;
        var start = weeks.Select((w, i) => (w, i)).FirstOrDefault(x => x.w.During).i;
        return new Chart(id, title, ChartKind.Lines, weeks.Select(w => w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
            [
                new ChartSeries(text["in scope"], weeks.Select(w => rate(w.Scope)).ToList(), weeks.Select(w => (string?)note(w.Scope)).ToList()),
                new ChartSeries(text["comparison"], weeks.Select(w => rate(w.Comparison)).ToList(), weeks.Select(w => (string?)note(w.Comparison)).ToList()),
            ])
        {
            CategoryAxis = text["week starting"], ValueAxis = text["share"], Format = v => v.ToString("P0", CultureInfo.CurrentCulture), Max = 1,
            Empty = text["No declaration you may count in these weeks."],
            Divider = start > 0 ? (start, text["measure starts"]) : null,
        };
    }

    /// <summary>A caveat of the data in the reader's words.</summary>
    public string Caveat(EvaluationCaveat c)
    {
        string A(int i) => i < c.Arguments.Count ? c.Arguments[i] : "";
        return c.Code switch
        {
            "few-inspections" => text["Only {0} inspections {1} (fewer than {2}): that rate is fragile and the interval wide.", A(1), text.Code("measure-cell", A(0)), A(2)],
            "no-comparison" => text["No comparable declaration outside the scope: nothing to compare with."],
            "not-started" => text["The measure starts on {0}: only the period before it is counted so far.", A(0)],
            "running" => text["The measure runs until {1}: counted up to {0}, so the estimate will still change.", A(0), A(1)],
            "short-before" => text["Your data start on {0}, after the first day of the period before ({1}): that period is shorter than the measure's.", A(0), A(1)],
            "seasons" => text["The period before ({0} … {1}) and the period during ({2} … {3}) fall in different seasons: a seasonal change common to both groups cancels out, one peculiar to the goods in scope does not.", A(0), A(1), A(2), A(3)],
            "selection-changed" => text["The inspection rate in scope moved from {0} % to {1} %: the detection rates compare differently selected declarations (a better-aimed selection finds more without the traffic changing).", A(0), A(1)],
            "criterion-changed" => text["Linked criterion {0} changed (version {1}) on {2}, within the periods compared.", A(0), A(1), A(2)],
            "own-criteria" => text["The measure's {0} linked criteria select in its scope: a change of the detection rate measures the targeting as much as the traffic.", A(0)],
            _ => c.Code,
        };
    }
}
