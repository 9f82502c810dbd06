using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Sharing;

public sealed class AccessReviewModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, Cordon.Server.Ui.IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 30;
    /// <summary>The page from the query string (not bound: "page" is also Razor Pages' route value).</summary>
    public Cordon.Server.Ui.TableQuery Table { get; private set; } = null!;

    public AccessReviewPage Review { get; private set; } = new([], [], [], 1, 50, 0);
    public string? Message { get; private set; }
    /// <summary>Our records by the references people use, with links.</summary>
    public Cordon.Server.Ui.RecordReferences References { get; private set; } = new();
    public bool CanReviewBreakGlass => AccessReview.MayReviewBreakGlass(Actor.FromPrincipal(User));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid id, string? note, CancellationToken ct)
    {
        var reviewed = await AccessReview.ReviewBreakGlassAsync(db, Actor.FromPrincipal(User), id, note, clock.GetUtcNow(), ct);
        Message = text["Break-glass access by {0} ({1}) marked as reviewed.", reviewed.Reader, reviewed.ReaderAgency];
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>After a refusal (a review, or an agency the reader may not review): the page without that agency's accesses.</summary>
    public Task ReloadAsync(CancellationToken ct)
    {
        Table = new Cordon.Server.Ui.TableQuery(Request, "time", pageSize: 50, defaultDescending: true);
        return Task.CompletedTask;
    }

    /// <summary>Horizontal bars per reading agency: reads (blue) and denials (red), as inline SVG.</summary>
    public Microsoft.AspNetCore.Html.HtmlString ByAgencyChart()
    {
        static string N(double v) => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        var rows = Review.ByAgency;
        var max = Math.Max(1, rows.Max(a => a.Reads + a.Denied));
        var svg = new System.Text.StringBuilder();
        svg.Append($"<svg role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(text["Accesses by reading agency"])}\" width=\"680\" height=\"{26 * rows.Count + 10}\" data-testid=\"by-agency\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var a = rows[i];
            var y = 5 + 26 * i;
            var read = 440.0 * a.Reads / max;
            var denied = 440.0 * a.Denied / max;
            var label = System.Net.WebUtility.HtmlEncode(text["{0} read · {1} denied", a.Reads, a.Denied] + (a.BreakGlass > 0 ? text[" · {0} break-glass", a.BreakGlass] : ""));
            svg.Append($"<text x=\"0\" y=\"{y + 15}\" font-size=\"13\">{System.Net.WebUtility.HtmlEncode(a.Agency)}</text>")
               .Append($"<rect x=\"80\" y=\"{y}\" width=\"{N(read)}\" height=\"18\" fill=\"#2f6fb3\"><title>{System.Net.WebUtility.HtmlEncode(text["{0} allowed or redacted", a.Reads])}</title></rect>")
               .Append($"<rect x=\"{N(80 + read)}\" y=\"{y}\" width=\"{N(denied)}\" height=\"18\" fill=\"#c0392b\"><title>{System.Net.WebUtility.HtmlEncode(text["{0} denied", a.Denied])}</title></rect>")
               .Append($"<text x=\"{N(86 + read + denied)}\" y=\"{y + 14}\" font-size=\"12\">{label}</text>");
        }
        return new Microsoft.AspNetCore.Html.HtmlString(svg.Append("</svg>").ToString());
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        Review = await AccessReview.ForAgencyAsync(db, Actor.FromPrincipal(User), clock.GetUtcNow().AddDays(-Math.Clamp(Days, 1, 3660)), null, Agency, Table.Page, Table.PageSize, ct);
        Table.Counted(Review.Total);
        References = await Cordon.Server.Ui.RecordReferences.ResolveAsync(db, Actor.FromPrincipal(User).AgencyId,
            Review.Accesses.Select(a => (a.RecordType, a.RecordId)).Concat(Review.BreakGlass.Select(b => ((string?)b.RecordType, (string?)b.RecordId))), ct);
    }
}
