using System.Globalization;
using Cordon.Identity;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Resources;

/// <summary>The losses and claims report of the reader's agency over a period, with the assets without cover.</summary>
public sealed class ClaimsReportModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public ClaimsReport? Report { get; private set; }
    public bool Member { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        Member = actor.AgencyId is not null;
        if (Member)
        {
            Report = await Claims.ReportAsync(db, actor, From, To, clock.GetUtcNow(), ct);
        }
    }

    public Task ReloadAsync(CancellationToken ct)
    {
        Member = Actor.FromPrincipal(User).AgencyId is not null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Estimated loss and amount paid per month of the period, in the currency with the largest loss (other currencies are in the tables).
    /// </summary>
    public Chart MonthChart(ClaimsReport r)
    {
        var currency = r.Totals.OrderByDescending(t => t.EstimatedLoss).Select(t => t.Currency).FirstOrDefault() ?? "EUR";
        var months = new List<string>();
        for (var m = new DateOnly(r.From.Year, r.From.Month, 1); m <= r.To; m = m.AddMonths(1))
        {
            months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }
        var rows = r.ByMonth.Where(f => f.Currency == currency).ToDictionary(f => f.Group);
        // A month without claims lost nothing (zero); a period without any claim has no figures to draw.
        double? none = rows.Count == 0 ? null : 0;
        return new Chart("claims-by-month", text["Losses and claims by month ({0})", currency], ChartKind.Columns, months,
        [
            new ChartSeries(text["Estimated loss"], months.Select(m => rows.TryGetValue(m, out var f) ? (double?)f.EstimatedLoss : none).ToList(),
                months.Select(m => rows.TryGetValue(m, out var f) ? (string?)text["{0} claim(s), {1} open", f.Claims, f.Open] : null).ToList()),
            new ChartSeries(text["Paid"], months.Select(m => rows.TryGetValue(m, out var f) ? (double?)f.Paid : none).ToList()),
        ])
        {
            CategoryAxis = text["month"],
            ValueAxis = text["amount ({0})", currency],
            Empty = text["No claim in the period."],
        };
    }
}
